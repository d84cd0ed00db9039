"""`POST /users/orders/cancellation_requests/`: cancel and refund requests, every rule and error code."""

from datetime import timedelta

import pytest
from constance.test import override_config
from django.utils import timezone

from pazar.addresses.tests.factories import AddressFactory
from pazar.catalog.tests.factories import DataSourceFactory
from pazar.orders.models import (
    CancellationRequest,
    CancellationRequestStatus,
    CancellationType,
    EasyReturn,
    OrderStatus,
    ShippingCompany,
)
from pazar.orders.tests.factories import (
    CancellationReasonFactory,
    CancellationRequestFactory,
    EasyReturnShippingCompanyFactory,
    OrderItemFactory,
)
from pazar.orders.tests.seed_shapes import CANCELLATION_REQUEST_KEYS, EASY_RETURN_KEYS

URL = "/users/orders/cancellation_requests/"
IBAN = "TR330006100519786457841326"


def _error(response) -> tuple[int, str | None]:
    return response.status_code, response.json().get("error_code")


@pytest.mark.django_db
def test_cancel_defaults_to_the_whole_remaining_quantity(token_client, order, cancel_reason):
    # given a waiting item of 3 units
    item = OrderItemFactory(order=order, quantity=3)

    # when the owner asks to cancel it without a quantity
    response = token_client.post(
        URL, {"order_item": item.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel", "description": "x"}
    )

    # then an open request for the 3 units answers 200 in the seed's shape
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == CANCELLATION_REQUEST_KEYS
    assert body["status"] == {"value": "open", "label": "Open"}
    assert body["cancellation_type"] == "cancel"
    assert body["quantity"] == 3
    assert body["order_item"] == item.pk
    assert body["reason"] == cancel_reason.pk
    assert body["easy_return"] is None
    request = CancellationRequest.objects.get()
    assert (request.user, request.quantity, request.description) == (order.user, 3, "x")


@pytest.mark.django_db
def test_refund_through_a_door_pickup_company_gets_an_easy_return(token_client, user, delivered_item, refund_reason):
    # given a company that collects from the door and the user's address
    company = EasyReturnShippingCompanyFactory(shipping_company=ShippingCompany.EXTENSION, collects_from_door=True)
    address = AddressFactory(user=user)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    # when the seed's example body is posted
    response = token_client.post(
        URL,
        {
            "order_item": delivered_item.pk,
            "reason": refund_reason.pk,
            "cancellation_type": "refund",
            "description": "Test description",
            "shipping_company": company.pk,
            "pickup_address": address.pk,
            "pickup_date": {"date": tomorrow, "hour_range": {"start": "09:00", "end": "12:00"}},
            "iban": "TR33 0006 1005 1978 6457 8413 26",
            "holder_name": "John Doe",
            "fully_refund_as_loyalty_money": True,
            "quantity": 1,
        },
    )

    # then the request carries an active easy return with a code, the window and tracking fields
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["iban"] == IBAN
    assert body["holder_name"] == "John Doe"
    assert body["fully_refund_as_loyalty_money"] is True
    easy_return = body["easy_return"]
    assert set(easy_return) == EASY_RETURN_KEYS
    assert easy_return["status"] == {"value": "active", "label": "Active"}
    assert easy_return["shipping_company"] == {"value": "extension", "label": "Extension Cargo"}
    assert easy_return["pickup_date"] == {"date": tomorrow, "hour_range": {"start": "09:00", "end": "12:00"}}
    assert easy_return["code"].isdigit() and len(easy_return["code"]) == 10
    assert (easy_return["tracking_number"], easy_return["tracking_url"], easy_return["end_date"]) == (None, None, None)
    assert easy_return["start_date"].endswith("Z")
    assert EasyReturn.objects.get().pickup_address == address


@pytest.mark.django_db
def test_refund_through_a_branch_company_needs_no_address(token_client, delivered_item, refund_reason):
    company = EasyReturnShippingCompanyFactory(collects_from_door=False)

    response = token_client.post(
        URL,
        {
            "order_item": delivered_item.pk,
            "reason": refund_reason.pk,
            "cancellation_type": "refund",
            "shipping_company": company.pk,
        },
    )

    assert response.status_code == 200, response.content
    assert response.json()["easy_return"]["pickup_date"] is None


@pytest.mark.django_db
def test_door_pickup_without_address_is_the_seeds_406(token_client, delivered_item, refund_reason):
    company = EasyReturnShippingCompanyFactory(collects_from_door=True)

    response = token_client.post(
        URL,
        {
            "order_item": delivered_item.pk,
            "reason": refund_reason.pk,
            "cancellation_type": "refund",
            "shipping_company": company.pk,
        },
    )

    assert response.status_code == 406
    assert response.json() == {
        "non_field_errors": "Pickup address is required.",
        "error_code": "cancellation_request_100_8",
    }
    assert not CancellationRequest.objects.exists()
    assert not EasyReturn.objects.exists()


@pytest.mark.django_db
def test_another_users_pickup_address_is_a_404_and_nothing_is_written(
    token_client, other_user, delivered_item, refund_reason
):
    company = EasyReturnShippingCompanyFactory(collects_from_door=True)
    theirs = AddressFactory(user=other_user)

    response = token_client.post(
        URL,
        {
            "order_item": delivered_item.pk,
            "reason": refund_reason.pk,
            "cancellation_type": "refund",
            "shipping_company": company.pk,
            "pickup_address": theirs.pk,
        },
    )

    assert response.status_code == 404
    assert not CancellationRequest.objects.exists()
    assert not EasyReturn.objects.exists()


@pytest.mark.django_db
def test_another_users_item_is_a_404_and_nothing_is_written(token_client, other_item, cancel_reason):
    response = token_client.post(
        URL, {"order_item": other_item.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel"}
    )

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not CancellationRequest.objects.exists()


@pytest.mark.django_db
def test_an_item_with_an_open_request_is_refused(token_client, item, cancel_reason):
    CancellationRequestFactory(order_item=item)

    response = token_client.post(
        URL, {"order_item": item.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel"}
    )

    assert _error(response) == (406, "cancellation_request_100_1")
    assert CancellationRequest.objects.count() == 1


@pytest.mark.django_db
def test_cancel_of_a_shipped_item_is_refused(token_client, order, cancel_reason):
    shipped = OrderItemFactory(order=order, shipped=True)

    response = token_client.post(
        URL, {"order_item": shipped.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel"}
    )

    assert _error(response) == (406, "cancellation_request_100_2")


@pytest.mark.django_db
def test_refund_of_an_undelivered_item_is_refused(token_client, item, refund_reason):
    response = token_client.post(
        URL, {"order_item": item.pk, "reason": refund_reason.pk, "cancellation_type": "refund"}
    )

    assert _error(response) == (406, "cancellation_request_100_3")


@pytest.mark.django_db
def test_refund_after_the_return_window_is_refused(token_client, order, refund_reason):
    # given an item delivered 10 days ago
    item = OrderItemFactory(order=order, delivered=True, delivered_date=timezone.now() - timedelta(days=10))
    body = {"order_item": item.pk, "reason": refund_reason.pk, "cancellation_type": "refund"}

    # when the window is 7 days, the refund is refused; with the default 14 it is accepted
    with override_config(ORDER_RETURN_WINDOW_DAYS=7):
        assert _error(token_client.post(URL, body)) == (406, "cancellation_request_100_4")
    assert token_client.post(URL, body).status_code == 200


@pytest.mark.django_db
def test_nothing_left_is_refused(token_client, order, cancel_reason):
    # given both units of an item already cancelled (approved) while it still waits
    item = OrderItemFactory(order=order, quantity=2)
    CancellationRequestFactory(order_item=item, quantity=2, status=CancellationRequestStatus.APPROVED)

    response = token_client.post(
        URL, {"order_item": item.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel"}
    )

    assert _error(response) == (406, "cancellation_request_100_5")


@pytest.mark.django_db
def test_a_company_that_does_not_take_the_sellers_items_is_refused(token_client, delivered_item, refund_reason):
    company = EasyReturnShippingCompanyFactory()
    company.datasources.set([DataSourceFactory()])
    inactive = EasyReturnShippingCompanyFactory(is_active=False)
    body = {"order_item": delivered_item.pk, "reason": refund_reason.pk, "cancellation_type": "refund"}

    assert _error(token_client.post(URL, {**body, "shipping_company": company.pk})) == (
        406,
        "cancellation_request_100_6",
    )
    assert _error(token_client.post(URL, {**body, "shipping_company": inactive.pk})) == (
        406,
        "cancellation_request_100_6",
    )


@pytest.mark.django_db
def test_more_than_what_remains_is_the_seeds_400(token_client, order, cancel_reason):
    # given 3 units: 1 approved, 1 rejected (gives its unit back), so 2 remain
    item = OrderItemFactory(order=order, quantity=3)
    CancellationRequestFactory(order_item=item, quantity=1, status=CancellationRequestStatus.APPROVED)
    CancellationRequestFactory(order_item=item, quantity=1, status=CancellationRequestStatus.REJECTED)
    body = {"order_item": item.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel"}

    # when 3 are asked, it is the seed's body; 2 are accepted
    response = token_client.post(URL, {**body, "quantity": 3})
    assert response.status_code == 400
    assert response.json() == {"quantity": "Quantity can not be greater than order item quantity."}
    assert token_client.post(URL, {**body, "quantity": 2}).json()["quantity"] == 2


@pytest.mark.django_db
def test_quantity_must_be_positive(token_client, item, cancel_reason):
    response = token_client.post(
        URL, {"order_item": item.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel", "quantity": 0}
    )

    assert response.status_code == 400
    assert "quantity" in response.json()


@pytest.mark.django_db
def test_reason_must_be_active_and_of_the_same_type(token_client, item, refund_reason):
    inactive = CancellationReasonFactory(is_active=False)

    for reason in (refund_reason, inactive):
        response = token_client.post(URL, {"order_item": item.pk, "reason": reason.pk, "cancellation_type": "cancel"})
        assert response.status_code == 400
        assert response.json() == {"reason": ["Select an active reason of this cancellation type."]}
    assert not CancellationRequest.objects.exists()


@pytest.mark.django_db
def test_a_reason_needing_information_needs_a_description(token_client, item):
    reason = CancellationReasonFactory(extra_information_needed=True)
    body = {"order_item": item.pk, "reason": reason.pk, "cancellation_type": "cancel"}

    response = token_client.post(URL, {**body, "description": "  "})

    assert response.status_code == 400
    assert set(response.json()) == {"description"}
    assert token_client.post(URL, {**body, "description": "Arrived broken"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("iban", ["test-iban", "TR330006100519786457841327", "TR33000610051978645784132"])
def test_a_wrong_iban_is_refused(token_client, delivered_item, refund_reason, iban):
    response = token_client.post(
        URL,
        {"order_item": delivered_item.pk, "reason": refund_reason.pk, "cancellation_type": "refund", "iban": iban},
    )

    assert response.status_code == 400
    assert response.json() == {"iban": ["Enter a valid IBAN."]}


@pytest.mark.django_db
def test_pickup_window_must_make_sense(token_client, user, delivered_item, refund_reason):
    company = EasyReturnShippingCompanyFactory(collects_from_door=True)
    body = {
        "order_item": delivered_item.pk,
        "reason": refund_reason.pk,
        "cancellation_type": "refund",
        "shipping_company": company.pk,
        "pickup_address": AddressFactory(user=user).pk,
    }
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    backwards = token_client.post(
        URL, {**body, "pickup_date": {"date": tomorrow, "hour_range": {"start": "12:00", "end": "09:00"}}}
    )
    past = token_client.post(URL, {**body, "pickup_date": {"date": yesterday}})

    assert backwards.status_code == 400
    assert set(backwards.json()) == {"pickup_date"}
    assert past.status_code == 400
    assert not CancellationRequest.objects.exists()


@pytest.mark.django_db
def test_cancel_ignores_refund_only_fields(token_client, other_user, item, cancel_reason):
    # another user's address is not even looked at for a cancel, and nothing of it is stored
    response = token_client.post(
        URL,
        {
            "order_item": item.pk,
            "reason": cancel_reason.pk,
            "cancellation_type": "cancel",
            "pickup_address": AddressFactory(user=other_user).pk,
            "iban": IBAN,
        },
    )

    assert response.status_code == 200
    request = CancellationRequest.objects.get()
    assert (request.pickup_address, request.iban, request.easy_return) == (None, None, None)


@pytest.mark.django_db
def test_a_session_write_needs_csrf(auth_client, item, cancel_reason):
    response = auth_client.post(URL, {"order_item": item.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel"})

    assert response.status_code == 403
    assert not CancellationRequest.objects.exists()


@pytest.mark.django_db
def test_anonymous_is_refused(api_client, item, cancel_reason):
    response = api_client.post(URL, {"order_item": item.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel"})

    assert response.status_code == 403


@pytest.mark.django_db
def test_list_shows_only_the_users_requests_newest_first(auth_client, item, other_item):
    first = CancellationRequestFactory(order_item=item, status=CancellationRequestStatus.REJECTED)
    second = CancellationRequestFactory(order_item=item)
    CancellationRequestFactory(order_item=other_item)

    response = auth_client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert [r["id"] for r in body["results"]] == [second.pk, first.pk]
    assert set(body["results"][0]) == CANCELLATION_REQUEST_KEYS


@pytest.mark.django_db
def test_list_query_count_does_not_grow(auth_client, user, django_assert_max_num_queries):
    from pazar.orders.tests.factories import EasyReturnFactory, OrderFactory

    for _ in range(20):
        item = OrderItemFactory(order=OrderFactory(user=user), delivered=True)
        CancellationRequestFactory(
            order_item=item, cancellation_type=CancellationType.REFUND, easy_return=EasyReturnFactory()
        )

    with django_assert_max_num_queries(5):
        assert len(auth_client.get(URL).json()["results"]) == 20


@pytest.mark.django_db
def test_item_status_is_unchanged_by_opening_a_request(token_client, item, cancel_reason):
    token_client.post(URL, {"order_item": item.pk, "reason": cancel_reason.pk, "cancellation_type": "cancel"})

    item.refresh_from_db()
    assert item.status == OrderStatus.WAITING
