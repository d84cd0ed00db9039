"""`POST /users/orders/anonymous/`: a guest tracks an order by its email and number (form data)."""

import pytest
from rest_framework.test import APIClient

from pazar.accounts.models import UserType
from pazar.accounts.tests.factories import UserFactory
from pazar.accounts.tests.lifecycle_support import form_post
from pazar.orders.tests.factories import OrderFactory, OrderItemFactory
from pazar.orders.tests.seed_shapes import ORDER_KEYS

LOOKUP = "/users/orders/anonymous"  # as the client builds it; the proxy may add the slash


@pytest.fixture
def guest_order(db):
    guest = UserFactory(email="guest.buyer@example.com", user_type=UserType.GUEST)
    order = OrderFactory(user=guest, number="2024000123")
    OrderItemFactory(order=order)
    return order


def _lookup(client, email, number, path=LOOKUP):
    return form_post(client, path, {"email": email, "number": number})


@pytest.mark.django_db
@pytest.mark.parametrize("path", [LOOKUP, LOOKUP + "/"])
def test_the_order_in_the_detail_shape_when_both_match(guest_order, path):
    response = _lookup(APIClient(enforce_csrf_checks=True), "GUEST.Buyer@example.com", "2024000123", path)

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == ORDER_KEYS
    assert body["number"] == "2024000123" and len(body["orderitem_set"]) == 1


@pytest.mark.django_db
def test_it_is_the_same_body_as_the_owners_order_detail(guest_order):
    owner = APIClient()
    owner.force_authenticate(guest_order.user)

    detail = owner.get(f"/users/orders/{guest_order.pk}/").json()
    guest = _lookup(APIClient(), guest_order.user.email, guest_order.number).json()

    assert guest == detail


@pytest.mark.django_db
def test_every_mismatch_is_one_identical_404(guest_order):
    other = OrderFactory(number="2024000999")
    answers = [
        _lookup(APIClient(), "guest.buyer@example.com", "2024000124"),  # no such number
        _lookup(APIClient(), "someone@example.com", "2024000123"),  # another email
        _lookup(APIClient(), "guest.buyer@example.com", other.number),  # another person's order
    ]

    assert {response.status_code for response in answers} == {404}
    assert len({response.content for response in answers}) == 1


@pytest.mark.django_db
def test_bad_input_is_a_400(guest_order):
    assert _lookup(APIClient(), "not-an-email", "2024000123").status_code == 400
    assert form_post(APIClient(), LOOKUP, {"email": "guest.buyer@example.com", "number": ""}).status_code == 400


@pytest.mark.django_db
def test_lookups_are_throttled_per_order_number(guest_order, settings):
    settings.ORDER_LOOKUP_PER_NUMBER_PER_HOUR = 3
    answers = [_lookup(APIClient(), f"guess{n}@example.com", "2024000123").status_code for n in range(4)]
    # the right email comes too late: the number is locked for the hour
    answers.append(_lookup(APIClient(), "guest.buyer@example.com", "2024000123").status_code)

    assert answers == [404, 404, 404, 429, 429]


@pytest.mark.django_db
def test_lookups_are_throttled_per_client_address(guest_order, settings):
    settings.ORDER_LOOKUP_PER_IP_PER_HOUR = 3
    answers = [_lookup(APIClient(), "guest.buyer@example.com", f"20240001{n:02d}").status_code for n in range(4)]

    assert answers == [404, 404, 404, 429]


@pytest.mark.django_db
def test_an_erased_persons_order_cannot_be_looked_up(guest_order):
    from pazar.accounts.lifecycle.services import user_anonymize

    user_anonymize(user_id=guest_order.user_id)

    assert _lookup(APIClient(), "guest.buyer@example.com", "2024000123").status_code == 404
