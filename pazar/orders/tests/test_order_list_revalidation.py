"""ETag / 304 on `GET /users/orders/` (docs/performance.md, "HTTP revalidation")."""

from datetime import timedelta

import pytest
from constance.test import override_config
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pazar.catalog.models import Product
from pazar.core.models import ListVersion
from pazar.core.testing import run_together
from pazar.orders.models import CancellationType, Order, OrderItem, OrderStatus
from pazar.orders.tests.factories import (
    CancellationRequestFactory,
    OrderFactory,
    OrderItemFactory,
    TradeInOfferFactory,
)

URL = "/users/orders/"


def _orders(user, n=3):
    orders = []
    for _ in range(n):
        order = OrderFactory(user=user)
        OrderItemFactory(order=order, delivered=True)
        OrderItemFactory(order=order)
        orders.append(order)
    return orders


@pytest.mark.django_db
def test_the_order_list_answers_private_no_cache_with_an_etag(token_client, user):
    _orders(user, n=1)

    response = token_client.get(URL)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    assert response["ETag"].startswith('W/"')
    assert "Authorization" in response["Vary"]


@pytest.mark.django_db
def test_a_matching_if_none_match_is_a_304_from_the_token_and_one_statement(token_client, user):
    _orders(user, n=10)
    with CaptureQueriesContext(connection) as full:
        etag = token_client.get(URL)["ETag"]

    with CaptureQueriesContext(connection) as revalidation:
        response = token_client.get(URL, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "private, no-cache"
    assert len(full.captured_queries) > 10
    # the token, then the versions and the return window setting in one statement: no count, no page
    assert len(revalidation.captured_queries) == 2
    assert "core_listversion" in revalidation.captured_queries[1]["sql"]


@pytest.mark.django_db
def test_changes_to_orders_items_and_requests_change_the_etag_at_once(token_client, user):
    order = _orders(user, n=1)[0]
    item = order.orderitem_set.order_by("pk").first()
    seen = {token_client.get(URL)["ETag"]}

    def changed():
        etag = token_client.get(URL)["ETag"]
        assert etag not in seen
        seen.add(etag)

    order.status = OrderStatus.SHIPPED
    order.save(update_fields=["status", "modified_date"])
    changed()
    item.status = OrderStatus.DELIVERED
    item.save(update_fields=["status", "modified_date"])
    changed()
    request = CancellationRequestFactory(order_item=item, cancellation_type=CancellationType.REFUND)
    changed()
    request.status = "approved"
    request.save(update_fields=["status", "modified_date"])
    changed()
    TradeInOfferFactory(order_item=item)
    changed()
    OrderFactory(user=user)
    changed()


@pytest.mark.django_db
def test_writes_that_bypass_the_models_change_the_etag_at_once(token_client, user):
    # given an order; a bulk status change (QuerySet.update: no save(), no signal) goes by the trigger
    order = _orders(user, n=1)[0]
    etag = token_client.get(URL)["ETag"]

    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SHIPPED)
    second = token_client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert second.status_code == 200
    assert second.json()["results"][0]["status"]["value"] == str(OrderStatus.SHIPPED.value)

    OrderItem.objects.filter(order=order).update(status=OrderStatus.SHIPPED)
    third = token_client.get(URL, HTTP_IF_NONE_MATCH=second["ETag"])
    assert third.status_code == 200

    Product.objects.filter(pk=order.orderitem_set.first().product_id).update(name="Renamed")
    assert token_client.get(URL, HTTP_IF_NONE_MATCH=third["ETag"]).status_code == 200


@pytest.mark.django_db
def test_a_cancellation_request_through_the_api_changes_the_etag_at_once(token_client, user, cancel_reason):
    # given a waiting order's item
    item = OrderItemFactory(order=OrderFactory(user=user))
    etag = token_client.get(URL)["ETag"]

    # when the shopper asks to cancel it
    posted = token_client.post(
        "/users/orders/cancellation_requests/",
        {"order_item": item.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel", "description": "x"},
    )

    # then the list is new at once
    assert posted.status_code in (200, 201), posted.content
    assert token_client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.django_db
def test_another_users_orders_leave_the_etag_alone(token_client, user, other_user):
    _orders(user, n=1)
    etag = token_client.get(URL)["ETag"]

    _orders(other_user, n=2)

    assert token_client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db
def test_a_closing_return_window_changes_the_etag(token_client, user):
    # given an item delivered just inside a 14-day window
    order = OrderFactory(user=user)
    OrderItemFactory(order=order, delivered=True, delivered_date=timezone.now() - timedelta(days=13))
    with override_config(ORDER_RETURN_WINDOW_DAYS=14):
        etag = token_client.get(URL)["ETag"]
    # when the window closes (here: it shrinks under the item)
    with override_config(ORDER_RETURN_WINDOW_DAYS=12):
        assert token_client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.django_db
def test_another_users_etag_never_yields_their_data_or_a_304(api_client, token_client, user, other_user):
    # given two users with lists of the same shape
    etag = token_client.get(URL)["ETag"]

    # when the other user sends the first one's ETag
    api_client.force_authenticate(other_user)
    response = api_client.get(URL, HTTP_IF_NONE_MATCH=etag)

    # then a page of their own, under an ETag of their own
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json()["count"] == 0


@pytest.mark.django_db
def test_the_query_string_and_the_language_change_the_etag(token_client, user):
    _orders(user, n=2)
    tags = {
        token_client.get(URL)["ETag"],
        token_client.get(URL, {"limit": 1})["ETag"],
        token_client.get(URL, {"limit": 1, "page": 2})["ETag"],
        token_client.get(URL, {"status": OrderStatus.WAITING})["ETag"],
        token_client.get(URL, HTTP_ACCEPT_LANGUAGE="tr")["ETag"],
    }
    assert len(tags) == 5


@pytest.mark.django_db
def test_anonymous_revalidation_is_still_refused(api_client):
    assert api_client.get(URL, HTTP_IF_NONE_MATCH="*").status_code in (401, 403)


@pytest.mark.django_db
def test_while_a_window_is_open_the_etag_names_the_clock(token_client, user, settings, monkeypatch):
    # given an item delivered yesterday: its return window is open
    order = OrderFactory(user=user)
    OrderItemFactory(order=order, delivered=True, delivered_date=timezone.now() - timedelta(days=1))
    settings.REVALIDATION_CLOCK_SECONDS = 60
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    etag = token_client.get(URL)["ETag"]
    assert token_client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304

    # when the clock moves on by a minute, the answer may differ (a window may close): a new tag
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(seconds=61))
    assert token_client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.django_db
def test_once_every_window_has_closed_the_clock_leaves_the_etag_alone(token_client, user, monkeypatch):
    order = OrderFactory(user=user)
    OrderItemFactory(order=order, delivered=True, delivered_date=timezone.now() - timedelta(days=400))
    etag = token_client.get(URL)["ETag"]
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert token_client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_never_lose_a_version_increment(user):
    # given a shopper's order
    if connection.vendor != "postgresql":
        pytest.skip("races need PostgreSQL")
    order = OrderFactory(user=user)
    before = ListVersion.objects.get(scope="orders", key=user.pk).version

    # when 16 connections bump the same version at the same moment, each in its own transaction
    def write(index):
        with transaction.atomic():
            Order.objects.filter(pk=order.pk).update(modified_date=timezone.now())

    results = run_together(write, 16)

    # then every increment counted
    assert not [r for r in results if isinstance(r, Exception)]
    assert ListVersion.objects.get(scope="orders", key=user.pk).version == before + 16
