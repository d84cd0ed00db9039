"""The orders part of `manage.py demo`: idempotent, and every state a storefront page needs is there."""

from io import StringIO

import pytest
from django.core.management import call_command

from pazar.accounts.models import User
from pazar.orders.models import (
    CancellationReason,
    EasyReturnShippingCompany,
    OldOrder,
    Order,
    OrderItem,
    OrderStatus,
    TradeInOffer,
)


def _demo():
    call_command("demo", "--json", "--force", stdout=StringIO())


def _counts():
    models = (Order, OrderItem, CancellationReason, EasyReturnShippingCompany, OldOrder, TradeInOffer)
    return [model.objects.count() for model in models]


@pytest.mark.django_db
def test_demo_orders_are_idempotent_and_cover_the_states(auth_client):
    # when the demo runs twice
    _demo()
    first = _counts()
    _demo()

    # then nothing is duplicated
    assert _counts() == first

    # and a shopper has waiting, shipped, delivered (inside and outside the window) and cancelled orders
    shopper = User.objects.get(email="ayse@pazar.local")
    auth_client.force_login(shopper)
    orders = auth_client.get("/users/orders/").json()["results"]
    statuses = sorted(int(o["status"]["value"]) for o in orders)
    assert statuses == sorted(
        [OrderStatus.WAITING, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.DELIVERED, OrderStatus.CANCELLED]
    )
    delivered = [o for o in orders if o["status"]["value"] == "550"]
    assert sorted(o["is_refundable"] for o in delivered) == [False, True]
    assert any(o["is_cancellable"] for o in orders)
    assert any(item["is_tradable"] for o in orders for item in o["orderitem_set"])
    assert auth_client.get("/users/old-orders/").json()["count"] == 1

    # reasons read in both languages
    english = auth_client.get("/users/orders/cancellation_reasons/").json()["results"]
    turkish = auth_client.get("/users/orders/cancellation_reasons/", HTTP_ACCEPT_LANGUAGE="tr").json()["results"]
    assert "I changed my mind" in {r["subject"] for r in english}
    assert "Fikrimi değiştirdim" in {r["subject"] for r in turkish}
