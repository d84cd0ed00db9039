"""`POST /orders/<pk>/cancel/` as the storefront's cancelOrder sends it: the bulk request's service for one order."""

import json

import pytest

from pazar.orders.models import CancellationRequest, OrderStatus
from pazar.orders.tests.factories import CancellationRequestFactory, OrderFactory, OrderItemFactory
from pazar.orders.tests.seed_shapes import CANCELLATION_REQUEST_KEYS


@pytest.fixture
def client(api_client, user):
    """A logged-in session with the CSRF token in x-csrftoken, as the storefront's proxy forwards it."""
    api_client.force_login(user)
    api_client.get("/csrf_token/")
    api_client.defaults["HTTP_X_CSRFTOKEN"] = api_client.cookies["csrftoken"].value
    return api_client


def cancel(client, order_id, items, reason, **extra):
    """The client's body: ids as strings, an empty description, `return_policy` from the checkbox."""
    body = {
        "return_policy": True,
        "cancel_order_items": [
            {"order_item": str(i.pk), "reason": str(reason.pk), "cancellation_type": "cancel", "description": ""}
            for i in items
        ],
        **extra,
    }
    return client.post(f"/orders/{order_id}/cancel/", json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_cancels_every_listed_item(client, order, item, cancel_reason):
    second = OrderItemFactory(order=order)

    response = cancel(client, str(order.pk), [item, second], cancel_reason)

    assert response.status_code == 201, response.content
    body = response.json()
    assert [r["order_item"] for r in body] == [item.pk, second.pk]
    assert set(body[0]) == CANCELLATION_REQUEST_KEYS
    assert body[0]["status"]["value"] == "open"
    assert CancellationRequest.objects.filter(order_item__order=order).count() == 2


@pytest.mark.django_db
def test_all_or_nothing_with_the_bulk_requests_error_body(client, order, item, cancel_reason):
    shipped = OrderItemFactory(order=order, shipped=True)

    response = cancel(client, order.pk, [item, shipped], cancel_reason)

    assert response.status_code == 406
    assert response.json()["error_code"] == "cancellation_request_100_2"
    assert response.json()["order_item"] == shipped.pk
    assert response.json()["index"] == 1
    assert not CancellationRequest.objects.exists()


@pytest.mark.django_db
def test_an_open_request_blocks_as_in_the_bulk_request(client, order, item, cancel_reason):
    CancellationRequestFactory(order_item=item, quantity=item.quantity)

    response = cancel(client, order.pk, [item], cancel_reason)

    assert response.status_code == 406
    assert response.json()["error_code"] == "cancellation_request_100_1"
    assert CancellationRequest.objects.count() == 1


@pytest.mark.django_db
def test_an_item_of_another_of_my_orders_is_a_404_for_its_entry(client, user, order, item, cancel_reason):
    elsewhere = OrderItemFactory(order=OrderFactory(user=user))

    response = cancel(client, order.pk, [item, elsewhere], cancel_reason)

    assert response.status_code == 404
    assert response.json()["order_item"] == elsewhere.pk
    assert not CancellationRequest.objects.exists()


@pytest.mark.django_db
def test_another_users_order_is_a_404_and_nothing_changes(client, other_item, cancel_reason):
    response = cancel(client, other_item.order_id, [other_item], cancel_reason)

    assert response.status_code == 404
    assert not CancellationRequest.objects.exists()
    other_item.refresh_from_db()
    assert other_item.status == OrderStatus.WAITING


@pytest.mark.django_db
def test_bad_bodies_are_400(client, order, item, cancel_reason):
    assert cancel(client, order.pk, [], cancel_reason).status_code == 400
    bad = client.post(
        f"/orders/{order.pk}/cancel/",
        json.dumps({"cancel_order_items": [{"order_item": "x", "reason": "1", "cancellation_type": "cancel"}]}),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert not CancellationRequest.objects.exists()


@pytest.mark.django_db
def test_without_csrf_or_login_nothing_happens(api_client, user, order, item, cancel_reason):
    assert cancel(api_client, order.pk, [item], cancel_reason).status_code == 403
    api_client.force_login(user)
    assert cancel(api_client, order.pk, [item], cancel_reason).status_code == 403
    assert not CancellationRequest.objects.exists()


@pytest.mark.django_db
def test_an_order_cancel_of_more_than_100_entries_is_refused(client, order, item, cancel_reason):
    response = cancel(client, order.pk, [item] * 101, cancel_reason)

    assert response.status_code == 400
    assert "cancel_order_items" in response.json()
    assert not CancellationRequest.objects.exists()
