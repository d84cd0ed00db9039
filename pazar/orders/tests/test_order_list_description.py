"""The order list's key, declared once (selectors.ORDERS), holds on its fast and its filtered path."""

import pytest

from pazar.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_another_users_order_is_on_neither_path(auth_client, user):
    mine = [OrderFactory(user=user) for _ in range(3)]
    OrderFactory()
    expected = [o.pk for o in sorted(mine, key=lambda o: (o.created_date, o.pk), reverse=True)]

    fast = auth_client.get("/users/orders/").json()
    filtered = auth_client.get("/users/orders/", {"created_date__gte": "2000-01-01"}).json()

    assert [r["id"] for r in fast["results"]] == [r["id"] for r in filtered["results"]] == expected
    assert fast["count"] == filtered["count"] == 3
