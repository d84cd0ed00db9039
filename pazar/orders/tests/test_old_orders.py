"""`GET /users/old-orders/` and `/users/old-orders/<pk>/`: migrated orders of the user only."""

import pytest

from pazar.orders.tests.factories import OldOrderFactory, OldOrderItemFactory
from pazar.orders.tests.seed_shapes import OLD_ORDER_KEYS

URL = "/users/old-orders/"


@pytest.mark.django_db
def test_lists_the_users_old_orders_in_the_seed_shape(auth_client, user, other_user):
    old_order = OldOrderFactory(user=user)
    OldOrderItemFactory(old_order=old_order, sku="SKU1", quantity=2)
    OldOrderFactory(user=other_user)

    response = auth_client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    result = body["results"][0]
    assert set(result) == OLD_ORDER_KEYS
    assert result["currency"] == {"value": "try", "label": "TL"}
    assert (result["status"], result["bank"], result["payment_type"]) == ("pasive", "garanti", "credit card")
    assert (result["amount"], result["discount_amount"]) == ("10.00", "8.00")
    assert result["shipping_company"] is None
    assert result["user"] == user.pk
    assert result["oldorderitem_set"][0]["sku"] == "SKU1"
    assert result["oldorderitem_set"][0]["quantity"] == 2


@pytest.mark.django_db
def test_detail_and_another_users_old_order(auth_client, user, other_user):
    mine = OldOrderFactory(user=user)
    theirs = OldOrderFactory(user=other_user)

    response = auth_client.get(f"{URL}{mine.pk}/")
    assert response.status_code == 200
    assert set(response.json()) == OLD_ORDER_KEYS
    assert response.json()["number"] == mine.number
    assert auth_client.get(f"{URL}{theirs.pk}/").status_code == 404


@pytest.mark.django_db
def test_anonymous_is_refused(api_client):
    assert api_client.get(URL).status_code == 403


@pytest.mark.django_db
def test_query_count_does_not_grow(auth_client, user, django_assert_max_num_queries):
    for _ in range(20):
        OldOrderItemFactory(old_order=OldOrderFactory(user=user))

    with django_assert_max_num_queries(5):
        assert len(auth_client.get(URL).json()["results"]) == 20
