"""`GET /users/orders/`: the user's orders, newest first, filters, pagination, constant queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pazar.catalog.tests.factories import ProductImageFactory
from pazar.core.testing import assert_matches_declaration
from pazar.orders.models import CancellationType, OrderStatus
from pazar.orders.serializers import OrderSerializer
from pazar.orders.tests.factories import (
    CancellationRequestFactory,
    DiscountItemFactory,
    EasyReturnFactory,
    EasyReturnShippingCompanyFactory,
    OrderFactory,
    OrderItemFactory,
    TradeInOfferFactory,
)

URL = "/users/orders/"


def _full_order(user, *, items: int = 5):
    """An order with items that carry images, requests with easy returns, a trade-in offer, discounts."""
    order = OrderFactory(user=user)
    DiscountItemFactory(order=order)
    for index in range(items):
        item = OrderItemFactory(order=order, delivered=index % 2 == 0)
        ProductImageFactory(product=item.product)
        if index == 0:
            CancellationRequestFactory(
                order_item=item, cancellation_type=CancellationType.REFUND, easy_return=EasyReturnFactory()
            )
        if index == 2:
            TradeInOfferFactory(order_item=item)
    return order


@pytest.mark.django_db
def test_lists_the_users_orders_in_the_seed_shape(auth_client, user, other_user):
    # given an order of the user and one of another user
    order = _full_order(user, items=2)
    OrderFactory(user=other_user)

    # when the user lists their orders
    response = auth_client.get(URL)

    # then only theirs is there, paginated, in the seed's shape
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    result = body["results"][0]
    assert_matches_declaration(result, OrderSerializer)
    assert result["id"] == order.pk
    assert result["status"] == {"value": "200", "label": "Waiting"}
    assert result["currency"] == {"value": "try", "label": "TL"}
    assert result["amount"] == "20.37"
    assert result["amount_without_discount"] == "20.37"
    assert result["loyaltytransaction_set"] == []
    assert result["orderitem_set"]


@pytest.mark.django_db
def test_newest_first(auth_client, user):
    now = timezone.now()
    old = OrderFactory(user=user, created_date=now - timedelta(days=3))
    new = OrderFactory(user=user, created_date=now)
    middle = OrderFactory(user=user, created_date=now - timedelta(days=1))

    response = auth_client.get(URL)

    assert [o["id"] for o in response.json()["results"]] == [new.pk, middle.pk, old.pk]


@pytest.mark.django_db
def test_filters_by_created_date_with_dates_and_datetimes(auth_client, user):
    # given orders on three days
    day = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0) - timedelta(days=10)
    first = OrderFactory(user=user, created_date=day)
    second = OrderFactory(user=user, created_date=day + timedelta(days=1, hours=5))
    third = OrderFactory(user=user, created_date=day + timedelta(days=2))
    second_day = (day + timedelta(days=1)).date().isoformat()

    def ids(**params):
        response = auth_client.get(URL, params)
        assert response.status_code == 200, response.content
        return {o["id"] for o in response.json()["results"]}

    # then a date bound takes whole days (lte includes its day), a datetime is exact
    assert ids(created_date__gte=second_day) == {second.pk, third.pk}
    assert ids(created_date__lte=second_day) == {first.pk, second.pk}
    assert ids(created_date__gte=second_day, created_date__lte=second_day) == {second.pk}
    assert ids(created_date__gte=(day + timedelta(days=1, hours=6)).isoformat()) == {third.pk}
    assert ids(created_date__lte=day.isoformat()) == {first.pk}


@pytest.mark.django_db
def test_filters_by_status_and_number(auth_client, user):
    waiting = OrderFactory(user=user, status=OrderStatus.WAITING)
    delivered = OrderFactory(user=user, status=OrderStatus.DELIVERED)
    OrderFactory(user=user, status=OrderStatus.CANCELLED)

    assert [o["id"] for o in auth_client.get(URL, {"status": "550"}).json()["results"]] == [delivered.pk]
    both = {o["id"] for o in auth_client.get(URL, {"status": "200,550"}).json()["results"]}
    assert both == {waiting.pk, delivered.pk}
    by_number = auth_client.get(URL, {"number": waiting.number}).json()["results"]
    assert [o["id"] for o in by_number] == [waiting.pk]


@pytest.mark.django_db
def test_a_bad_filter_is_a_400(auth_client):
    assert auth_client.get(URL, {"created_date__gte": "yesterday"}).status_code == 400
    assert auth_client.get(URL, {"status": "abc"}).status_code == 400


@pytest.mark.django_db
def test_another_users_order_number_finds_nothing(auth_client, other_user):
    theirs = OrderFactory(user=other_user)

    response = auth_client.get(URL, {"number": theirs.number})

    assert response.json()["count"] == 0


@pytest.mark.django_db
def test_anonymous_is_refused(api_client):
    assert api_client.get(URL).status_code == 403


@pytest.mark.django_db
def test_paginates_with_limit(auth_client, user):
    for _ in range(3):
        OrderFactory(user=user)

    body = auth_client.get(URL, {"limit": 2}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"].endswith("limit=2&page=2")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_a_full_page_runs_in_a_constant_number_of_queries(auth_client, user, django_assert_max_num_queries):
    # given the easy-return companies, and one order of 5 rich items
    EasyReturnShippingCompanyFactory()
    EasyReturnShippingCompanyFactory(collects_from_door=True)
    _full_order(user)
    auth_client.get(URL)  # warm the dynamic-settings cache and the session
    one_order = _queries(auth_client, URL)

    # when the page is full: 20 orders of 5 items each
    for _ in range(19):
        _full_order(user)
    # session (none with Redis sessions) + user + the ETag's version statement, which holds the
    # list's total (core/revalidation.py) + the page's ids + its orders + items (products, sellers,
    # trade-ins joined), images, requests, addresses, discounts + the easy-return companies and their
    # sellers, once (then, like the return window, a cache lookup)
    with django_assert_max_num_queries(12):
        response = auth_client.get(URL)

    # then the count is the same as for one order
    assert len(response.json()["results"]) == 20
    assert sum(len(o["orderitem_set"]) for o in response.json()["results"]) == 100
    assert _queries(auth_client, URL) == one_order
