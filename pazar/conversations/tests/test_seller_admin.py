"""The seller's admin page (catalog's) shows the notification settings conversations keeps for it."""

import pytest
from django.test import Client

from pazar.accounts.tests.factories import StaffUserFactory
from pazar.catalog.tests.factories import DataSourceFactory


@pytest.mark.django_db
def test_the_sellers_admin_page_edits_its_notification_settings():
    # given staff and a seller
    client = Client()
    client.force_login(StaffUserFactory(is_superuser=True))
    seller = DataSourceFactory()

    # when staff open the seller's page
    response = client.get(f"/admin/catalog/datasource/{seller.pk}/change/")

    # then the page holds the seller's notification settings form, its webhook fields included
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="notification_settings-0-webhook_url"' in body
