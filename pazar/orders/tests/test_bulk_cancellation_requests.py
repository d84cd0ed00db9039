"""`POST /users/orders/bulk_cancellation_requests/`: all entries or none; errors name the failing entry."""

import pytest

from pazar.addresses.tests.factories import AddressFactory
from pazar.orders.models import CancellationRequest, EasyReturn
from pazar.orders.tests.factories import (
    CancellationRequestFactory,
    EasyReturnShippingCompanyFactory,
    OrderItemFactory,
)
from pazar.orders.tests.seed_shapes import CANCELLATION_REQUEST_KEYS

URL = "/users/orders/bulk_cancellation_requests/"


@pytest.mark.django_db
def test_creates_every_entry(token_client, user, order, item, delivered_item, cancel_reason, refund_reason):
    # given a door-pickup company and the user's address given once for the whole body
    company = EasyReturnShippingCompanyFactory(collects_from_door=True)
    address = AddressFactory(user=user)

    # when a cancel and a refund are posted together
    response = token_client.post(
        URL,
        {
            "pickup_address": address.pk,
            "cancel_order_items": [
                {"order_item": item.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel"},
                {
                    "order_item": delivered_item.pk,
                    "reason": refund_reason.pk,
                    "cancellation_type": "refund",
                    "shipping_company": company.pk,
                },
            ],
        },
    )

    # then both exist (201, a list in the seed's shape) and the refund's easy return uses the address
    assert response.status_code == 201, response.content
    body = response.json()
    assert [r["order_item"] for r in body] == [item.pk, delivered_item.pk]
    assert set(body[0]) == CANCELLATION_REQUEST_KEYS
    assert body[1]["easy_return"]["status"]["value"] == "active"
    assert EasyReturn.objects.get().pickup_address == address


@pytest.mark.django_db
def test_a_failing_entry_rolls_everything_back_and_is_named(token_client, order, item, cancel_reason):
    # given a second item of 1 unit
    second = OrderItemFactory(order=order)

    # when the second entry asks for more than it has
    response = token_client.post(
        URL,
        {
            "cancel_order_items": [
                {"order_item": item.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel"},
                {"order_item": second.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel", "quantity": 2},
            ]
        },
    )

    # then nothing is written, and the error names the item and its position
    assert response.status_code == 400
    assert response.json() == {
        "quantity": "Quantity can not be greater than order item quantity.",
        "order_item": second.pk,
        "index": 1,
    }
    assert not CancellationRequest.objects.exists()


@pytest.mark.django_db
def test_a_406_entry_rolls_back_and_is_named(token_client, order, cancel_reason, refund_reason):
    # given an easy return that the first entry would create, and a second item with an open request
    busy = OrderItemFactory(order=order)
    CancellationRequestFactory(order_item=busy)
    delivered = OrderItemFactory(order=order, delivered=True)
    company = EasyReturnShippingCompanyFactory()

    response = token_client.post(
        URL,
        {
            "cancel_order_items": [
                {
                    "order_item": delivered.pk,
                    "reason": refund_reason.pk,
                    "cancellation_type": "refund",
                    "shipping_company": company.pk,
                },
                {"order_item": busy.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel"},
            ]
        },
    )

    assert response.status_code == 406
    assert response.json()["error_code"] == "cancellation_request_100_1"
    assert (response.json()["order_item"], response.json()["index"]) == (busy.pk, 1)
    assert CancellationRequest.objects.count() == 1  # only the one that was already there
    assert not EasyReturn.objects.exists()


@pytest.mark.django_db
def test_another_users_item_is_a_404_and_nothing_is_written(token_client, item, other_item, cancel_reason):
    response = token_client.post(
        URL,
        {
            "cancel_order_items": [
                {"order_item": item.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel"},
                {"order_item": other_item.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel"},
            ]
        },
    )

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "order_item": other_item.pk, "index": 1}
    assert not CancellationRequest.objects.exists()


@pytest.mark.django_db
def test_the_same_item_twice_is_refused(token_client, item, cancel_reason):
    entry = {"order_item": item.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel"}

    response = token_client.post(URL, {"cancel_order_items": [entry, entry]})

    assert response.status_code == 406
    assert response.json()["error_code"] == "cancellation_request_100_1"
    assert not CancellationRequest.objects.exists()


@pytest.mark.django_db
def test_bad_entries_are_reported_by_position(token_client, item, cancel_reason):
    response = token_client.post(
        URL,
        {
            "cancel_order_items": [
                {"order_item": item.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel"},
                {"order_item": item.pk, "cancellation_type": "maybe"},
            ]
        },
    )

    assert response.status_code == 400
    errors = response.json()["cancel_order_items"]
    assert set(errors) == {"1"}
    assert set(errors["1"]) == {"reason", "cancellation_type"}


@pytest.mark.django_db
def test_an_empty_list_is_refused(token_client):
    response = token_client.post(URL, {"cancel_order_items": []})

    assert response.status_code == 400
    assert "cancel_order_items" in response.json()
