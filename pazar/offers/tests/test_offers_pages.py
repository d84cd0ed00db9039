"""The account's offers pages as `data/client/account.ts` calls them (getBasketOffers, getFutureBasketOffers,
getExpiredBasketOffers, getDiscountItems): the client's proxy adds the trailing slash and forwards the
session cookie; a GET carries no body."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from pazar.orders.tests.factories import DiscountItemFactory, OrderFactory

PAGES = ["/account/basket-offers/", "/account/future-basket-offers/", "/account/expired-basket-offers/"]
EMPTY_PAGE = {"count": 0, "next": None, "previous": None, "results": []}
ITEM_KEYS = {"name", "amount", "created_date", "order_number", "currency"}


@pytest.mark.django_db
def test_basket_offers_answer_the_platforms_shape_empty(auth_client):
    response = auth_client.get("/account/basket-offers/")

    assert response.status_code == 200
    assert response.json() == {"total_discount": 0, "discounts": [], "all_discounts": []}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/account/future-basket-offers/", "/account/expired-basket-offers/"])
def test_future_and_expired_offers_are_an_empty_page(auth_client, path):
    response = auth_client.get(path)
    without_slash = auth_client.get(path.rstrip("/"))  # as account.ts names them, before the proxy adds it

    assert response.status_code == 200
    assert response.json() == EMPTY_PAGE
    assert without_slash.json() == EMPTY_PAGE


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/account/future-basket-offers/", "/account/discount-items/"])
@pytest.mark.parametrize("query", ["?page=2", "?page=abc"])
def test_a_page_past_the_end_is_a_404(auth_client, path, query):
    response = auth_client.get(path + query)

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


@pytest.mark.django_db
@pytest.mark.parametrize("path", [*PAGES, "/account/discount-items/"])
def test_anonymous_gets_what_every_private_page_answers(path):
    response = APIClient().get(path)
    private = APIClient().get("/users/orders/")

    assert response.status_code == private.status_code == 403
    assert response.json() == private.json()


@pytest.mark.django_db
def test_discount_items_are_the_shoppers_order_discounts_newest_first(auth_client, user, other_user):
    order = OrderFactory(user=user, number="1666226475399001")
    older = DiscountItemFactory(order=order, name="Hoş geldin", created_date=timezone.now() - timedelta(days=3))
    newer = DiscountItemFactory(order=OrderFactory(user=user), name="Sepette %10", amount=Decimal("12.5"))
    DiscountItemFactory(order=OrderFactory(user=other_user), name="Someone else's")

    body = auth_client.get("/account/discount-items/").json()

    assert body["count"] == 2
    assert [item["name"] for item in body["results"]] == [newer.name, older.name]
    first = body["results"][1]
    assert set(first) == ITEM_KEYS
    assert first["amount"] == "10.00"
    assert first["order_number"] == "1666226475399001"
    assert first["currency"] == {"value": "try", "label": "TL"}
    assert body["results"][0]["amount"] == "12.50"


@pytest.mark.django_db
def test_a_discount_item_is_written_as_its_order_writes_it(auth_client, user):
    item = DiscountItemFactory(order=OrderFactory(user=user))

    page = auth_client.get("/account/discount-items/").json()["results"][0]
    order = auth_client.get(f"/users/orders/{item.order_id}/").json()

    assert page == order["discountitem_set"][0]


@pytest.mark.django_db
def test_discount_items_page_by_limit_or_page_size(auth_client, user):
    for _ in range(3):
        DiscountItemFactory(order=OrderFactory(user=user))

    by_limit = auth_client.get("/account/discount-items/?limit=2").json()
    by_page_size = auth_client.get("/account/discount-items/?page_size=2&page=2").json()

    assert (by_limit["count"], len(by_limit["results"])) == (3, 2)
    assert "page=2" in by_limit["next"]
    assert (by_page_size["count"], len(by_page_size["results"])) == (3, 1)
    assert by_page_size["next"] is None


@pytest.mark.django_db
def test_a_full_page_of_discount_items_costs_what_one_costs(auth_client, user):
    DiscountItemFactory(order=OrderFactory(user=user))
    auth_client.get("/account/discount-items/")
    with CaptureQueriesContext(connection) as one:
        auth_client.get("/account/discount-items/")
    for _ in range(12):
        DiscountItemFactory(order=OrderFactory(user=user))

    with CaptureQueriesContext(connection) as full:
        body = auth_client.get("/account/discount-items/").json()

    assert len(body["results"]) == 10
    assert len(full) == len(one) <= 4  # session, user, count, the page (orders' numbers joined)
