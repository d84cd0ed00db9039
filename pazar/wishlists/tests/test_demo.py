"""The wishlists part of `manage.py demo`: Ayşe's favourites and alert, idempotent, served by the API."""

from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from pazar.accounts.models import User
from pazar.wishlists.models import FavouriteProduct, ProductAlert


def _demo():
    call_command("demo", "--json", "--force", stdout=StringIO())


@pytest.mark.django_db
def test_demo_favourites_and_alert():
    _demo()
    _demo()

    ayse = User.objects.get(email="ayse@pazar.local")
    assert FavouriteProduct.objects.filter(user=ayse).count() == 2
    assert ProductAlert.objects.filter(user=ayse, is_open=True).count() == 1
    client = APIClient()
    client.force_login(ayse)
    favourites = client.get("/wishlists/favourite-products/?limit=12&page=1").json()
    alerts = client.get("/wishlists/product-alerts/?limit=12&page=1").json()
    assert {f["product"]["sku"] for f in favourites["results"]} == {"DEMO-SWEAT-001", "DEMO-TV-003"}
    assert all(f["product"]["in_stock"] and f["product"]["price"] for f in favourites["results"])
    [alert] = alerts["results"]
    assert (alert["product"]["sku"], alert["product"]["in_stock"]) == ("DEMO-SHIRT-002", False)
