"""The alert list's default filter (open alerts only, selectors.OPEN_ALERTS) holds on both paths."""

import pytest

from pazar.wishlists import selectors
from pazar.wishlists.tests.factories import FavouriteProductFactory, ProductAlertFactory

pytestmark = pytest.mark.django_db


def test_a_closed_alert_is_in_neither_the_page_nor_the_queryset(auth_client, user):
    kept = ProductAlertFactory(user=user)
    ProductAlertFactory(user=user, is_open=False)
    ProductAlertFactory()

    body = auth_client.get("/wishlists/product-alerts/").json()

    assert [r["pk"] for r in body["results"]] == [kept.pk] and body["count"] == 1
    assert list(selectors.product_alert_list(user=user).queryset().values_list("pk", flat=True)) == [kept.pk]


def test_the_favourites_are_the_shoppers_own_newest_first(auth_client, user):
    mine = [FavouriteProductFactory(user=user) for _ in range(2)]
    FavouriteProductFactory()

    body = auth_client.get("/wishlists/favourite-products/").json()

    assert [r["pk"] for r in body["results"]] == [f.pk for f in reversed(mine)]
