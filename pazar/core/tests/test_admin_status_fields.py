"""No admin form edits a field a status machine owns: status changes go through the services.

Each app's status machine (`<app>/statuses.py`, conversations' `moderation.py`) declares the fields
it owns in STATUS_FIELDS; this walks every registered ModelAdmin and its inlines (add and change
forms, and the changelist's list_editable) and fails on any of them a form would let staff write.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory

from pazar.accounts.tests.factories import StaffUserFactory

MACHINE_MODULES = ("statuses", "moderation")


def _machines():
    for config in apps.get_app_configs():
        if not config.name.startswith("pazar."):
            continue
        for name in MACHINE_MODULES:
            try:
                yield import_module(f"{config.name}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.{name}":
                    raise


def _owned() -> dict:
    owned = {}
    for module in _machines():
        for model, fields in module.STATUS_FIELDS.items():
            owned.setdefault(model, set()).update(fields)
    return owned


def _request():
    request = RequestFactory().get("/admin/")
    request.user = StaffUserFactory.build(is_superuser=True, is_staff=True, is_active=True)
    return request


def _editable(model_admin, request, obj) -> set[str]:
    return set(model_admin.get_form(request, obj).base_fields)


def test_every_status_machine_declares_the_fields_it_owns():
    machines = list(_machines())
    owned = _owned()

    assert {m.__name__ for m in machines} >= {
        "pazar.orders.statuses",
        "pazar.support.statuses",
        "pazar.conversations.moderation",
    }
    assert all(hasattr(m, "STATUS_FIELDS") for m in machines)
    for model, fields in owned.items():
        for field in fields:
            model._meta.get_field(field)  # a name that is no field fails here


@pytest.mark.django_db
def test_no_admin_form_or_inline_edits_a_field_a_status_machine_owns():
    owned = _owned()
    request = _request()
    editable = []
    for model, model_admin in admin.site._registry.items():
        if getattr(model, "_default_manager", None) is None:
            continue  # constance's Config: a settings page, not a table
        forms = []
        if model_admin.has_add_permission(request):
            forms.append(("add", model, _editable(model_admin, request, None)))
        forms.append(("change", model, _editable(model_admin, request, model())))
        forms.append(("list_editable", model, set(model_admin.list_editable)))
        for inline in model_admin.get_inline_instances(request, model()):
            formset = inline.get_formset(request, model())
            forms.append((f"inline of {model.__name__}", inline.model, set(formset.form.base_fields)))
        for where, form_model, fields in forms:
            for field in sorted(fields & owned.get(form_model, set())):
                editable.append(f"{type(model_admin).__name__} {where}: {form_model.__name__}.{field}")

    assert editable == [], "\n".join(editable)
