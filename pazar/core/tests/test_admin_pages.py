"""Every admin page staff use opens on the demo data: lists, searches, filters, change and add forms.

Run on PostgreSQL in CI, this also holds the admin's queries to server-side parameter binding
(DATABASE_PREPARED_STATEMENTS), which refuses a parameter whose type PostgreSQL cannot infer.
"""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from pazar.accounts.tests.factories import StaffUserFactory


@pytest.mark.django_db
def test_every_admin_page_opens(client):
    call_command("demo", "--force", verbosity=0)
    client.force_login(StaffUserFactory(is_superuser=True))
    failures = []
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages = [reverse(f"{name}_changelist")]
        if model_admin.search_fields:
            pages.append(f"{pages[0]}?q=a")
        if model_admin.date_hierarchy or model_admin.list_filter:
            pages.append(f"{pages[0]}?o=-1")
        manager = getattr(model, "_default_manager", None)  # constance's Config is not a table
        first = manager.order_by("pk").first() if manager is not None else None
        if first is not None:
            pages.append(reverse(f"{name}_change", args=[first.pk]))
        if model_admin.has_add_permission(_request(client)):
            pages.append(reverse(f"{name}_add"))
        for page in pages:
            status = client.get(page).status_code
            if status != 200:
                failures.append((page, status))
    assert failures == []


def _request(client):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = StaffUserFactory.build(is_superuser=True, is_staff=True, is_active=True)
    return request
