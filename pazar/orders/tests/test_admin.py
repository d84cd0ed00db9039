"""The back office: every orders model has a working admin; staff actions call the services."""

import pytest
from django.urls import reverse

from pazar.accounts.tests.factories import StaffUserFactory
from pazar.notifications.models import Notification
from pazar.orders.models import CancellationRequestStatus, OrderStatus, TradeInOffer
from pazar.orders.tests.factories import (
    CancellationReasonFactory,
    CancellationRequestFactory,
    EasyReturnFactory,
    OldOrderItemFactory,
    OrderItemFactory,
    TradeInOfferFactory,
)

MODELS = [
    "paymentoption",
    "bank",
    "easyreturnshippingcompany",
    "cancellationreason",
    "order",
    "orderitem",
    "cancellationrequest",
    "easyreturn",
    "tradeinoffer",
    "oldorder",
]


@pytest.fixture
def staff_client(client):
    staff = StaffUserFactory(is_superuser=True)
    client.force_login(staff)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_changelists_and_change_pages_open(staff_client, model):
    request = CancellationRequestFactory(easy_return=EasyReturnFactory())
    TradeInOfferFactory()
    OldOrderItemFactory()
    CancellationReasonFactory()

    assert staff_client.get(reverse(f"admin:orders_{model}_changelist")).status_code == 200
    # shoppers make cancellation requests; staff only decide them
    add_status = 403 if model == "cancellationrequest" else 200
    assert staff_client.get(reverse(f"admin:orders_{model}_add")).status_code == add_status
    if model == "cancellationrequest":
        assert staff_client.get(reverse(f"admin:orders_{model}_change", args=[request.pk])).status_code == 200


@pytest.mark.django_db
def test_approve_and_reject_actions(staff_client):
    first, second = CancellationRequestFactory(), CancellationRequestFactory()
    finished = CancellationRequestFactory(status=CancellationRequestStatus.REJECTED)
    url = reverse("admin:orders_cancellationrequest_changelist")

    staff_client.post(url, {"action": "approve", "_selected_action": [first.pk, finished.pk]})
    staff_client.post(url, {"action": "reject", "_selected_action": [second.pk]})

    first.refresh_from_db()
    second.refresh_from_db()
    finished.refresh_from_db()
    assert (first.status, second.status, finished.status) == ("approved", "rejected", "rejected")
    assert first.order_item.__class__.objects.get(pk=first.order_item_id).status == OrderStatus.CANCELLED
    assert Notification.objects.count() == 2


@pytest.mark.django_db
def test_delivering_an_item_from_the_admin(staff_client):
    item = OrderItemFactory(shipped=True)

    staff_client.post(
        reverse("admin:orders_orderitem_changelist"), {"action": "mark_delivered", "_selected_action": [item.pk]}
    )

    item.refresh_from_db()
    assert item.status == OrderStatus.DELIVERED
    assert item.delivered_date is not None


@pytest.mark.django_db
def test_adding_a_trade_in_offer_emails_the_owner(staff_client):
    item = OrderItemFactory(delivered=True)

    response = staff_client.post(
        reverse("admin:orders_tradeinoffer_add"), {"order_item": item.pk, "amount": "250.00", "note": ""}
    )

    assert response.status_code == 302
    offer = TradeInOffer.objects.get()
    assert offer.order_item == item
    notification = Notification.objects.get(event="tradein_offer")
    assert notification.to == item.order.user.email
    assert f"/users/order_item/{item.pk}/tradein_rejected/?token=" in notification.body_text
