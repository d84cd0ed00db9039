"""ETag / 304 on `GET /users/orders/` (docs/performance.md, "HTTP revalidation")."""

from datetime import timedelta

import pytest
from constance.test import override_config
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pazar.orders.models import CancellationType, OrderStatus
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
def test_a_matching_if_none_match_is_a_304_in_fewer_queries_than_the_page(token_client, user):
    _orders(user, n=10)
    with CaptureQueriesContext(connection) as full:
        etag = token_client.get(URL)["ETag"]

    with CaptureQueriesContext(connection) as revalidation:
        response = token_client.get(URL, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert len(revalidation.captured_queries) < len(full.captured_queries)
    # the token, the version, the return window setting (cached by Redis outside the tests)
    assert len(revalidation.captured_queries) <= 4


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
