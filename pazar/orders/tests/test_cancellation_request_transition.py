"""Staff decisions: open → approved/rejected, approved → completed; item status, refund amounts, email."""

from decimal import Decimal

import pytest
from django.core import mail

from pazar.core.exceptions import DomainError
from pazar.notifications.models import Notification
from pazar.orders import services as order_services
from pazar.orders.cancellations import services
from pazar.orders.models import (
    CancellationRequestStatus,
    CancellationType,
    EasyReturnStatus,
    OrderStatus,
)
from pazar.orders.tests.factories import (
    CancellationRequestFactory,
    EasyReturnFactory,
    OrderFactory,
    OrderItemFactory,
)


def _order(user, *, amount="20.37", shipping="8.50"):
    return OrderFactory(user=user, amount=Decimal(amount), shipping_amount=Decimal(shipping))


@pytest.mark.django_db
def test_approving_a_whole_cancel_cancels_item_and_order_and_refunds_all(user, django_capture_on_commit_callbacks):
    # given the seed's order: one item of 11.87 and 8.50 shipping, paid 20.37
    order = _order(user)
    item = OrderItemFactory(order=order, price=Decimal("11.87"))
    request = CancellationRequestFactory(order_item=item)

    # when staff approve the cancel (and the transaction commits)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancellation_request_approve(cancellation_request=request)

    # then the item and the order are cancelled, everything paid (shipping too) is refunded
    request.refresh_from_db()
    item.refresh_from_db()
    order.refresh_from_db()
    assert request.status == CancellationRequestStatus.APPROVED
    assert item.status == OrderStatus.CANCELLED
    assert order.status == OrderStatus.CANCELLED
    assert (order.refund_amount, order.shipping_refund_amount) == (Decimal("20.37"), Decimal("8.50"))
    # and the user is told through the outbox, in their language
    notification = Notification.objects.get(event="cancellation_request_approved")
    assert (notification.to, notification.kind, notification.user) == (user.email, "email", user)
    assert order.number in notification.subject
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_partial_cancel_refunds_its_share_and_keeps_the_item(user):
    # given two items (3 × 10.00 and 1 × 50.00) paid 72.00 after a discount, plus 8.00 shipping
    order = _order(user, amount="80.00", shipping="8.00")
    item = OrderItemFactory(order=order, quantity=3, price=Decimal("10.00"))
    OrderItemFactory(order=order, price=Decimal("50.00"))
    request = CancellationRequestFactory(order_item=item, quantity=1)

    services.cancellation_request_approve(cancellation_request=request)

    # then 1 unit's share of what was paid for goods (10 × 72 / 80) is refunded, statuses stay
    item.refresh_from_db()
    order.refresh_from_db()
    assert item.status == OrderStatus.WAITING
    assert order.status == OrderStatus.WAITING
    assert order.refund_amount == Decimal("9.00")
    assert order.shipping_refund_amount == Decimal("0.00")


@pytest.mark.django_db
def test_a_refund_is_settled_when_completed_not_when_approved(user):
    # given a delivered item with an easy return
    order = _order(user)
    item = OrderItemFactory(order=order, delivered=True, price=Decimal("11.87"))
    easy_return = EasyReturnFactory()
    request = CancellationRequestFactory(
        order_item=item, cancellation_type=CancellationType.REFUND, easy_return=easy_return
    )

    # when approved, nothing moves yet
    services.cancellation_request_approve(cancellation_request=request)
    item.refresh_from_db()
    order.refresh_from_db()
    assert (item.status, order.refund_amount) == (OrderStatus.DELIVERED, Decimal("0.00"))

    # when completed (the parcel arrived), the item is refunded, shipping is not
    services.cancellation_request_complete(cancellation_request=request)
    item.refresh_from_db()
    order.refresh_from_db()
    easy_return.refresh_from_db()
    assert item.status == OrderStatus.REFUNDED
    assert order.status == OrderStatus.REFUNDED
    assert (order.refund_amount, order.shipping_refund_amount) == (Decimal("11.87"), Decimal("0.00"))
    assert easy_return.status == EasyReturnStatus.COMPLETED
    assert easy_return.end_date is not None
    events = list(Notification.objects.order_by("pk").values_list("event", flat=True))
    assert events == ["cancellation_request_approved", "cancellation_request_completed"]


@pytest.mark.django_db
def test_rejecting_cancels_the_easy_return_and_frees_the_units(user):
    order = _order(user)
    item = OrderItemFactory(order=order, delivered=True)
    easy_return = EasyReturnFactory()
    request = CancellationRequestFactory(
        order_item=item, cancellation_type=CancellationType.REFUND, easy_return=easy_return
    )

    services.cancellation_request_reject(cancellation_request=request)

    easy_return.refresh_from_db()
    item.refresh_from_db()
    assert easy_return.status == EasyReturnStatus.CANCELLED
    assert item.status == OrderStatus.DELIVERED
    assert Notification.objects.get().event == "cancellation_request_rejected"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("current", "target"),
    [
        (CancellationRequestStatus.OPEN, CancellationRequestStatus.COMPLETED),
        (CancellationRequestStatus.REJECTED, CancellationRequestStatus.APPROVED),
        (CancellationRequestStatus.APPROVED, CancellationRequestStatus.REJECTED),
        (CancellationRequestStatus.COMPLETED, CancellationRequestStatus.APPROVED),
        (CancellationRequestStatus.APPROVED, CancellationRequestStatus.APPROVED),
    ],
)
def test_transitions_outside_the_map_are_refused(user, current, target):
    request = CancellationRequestFactory(order_item=OrderItemFactory(order=_order(user)), status=current)

    with pytest.raises(DomainError) as refused:
        services.cancellation_request_transition(cancellation_request=request, status=target)

    assert refused.value.error_code == "cancellation_request_100_7"
    request.refresh_from_db()
    assert request.status == current
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_cancel_of_an_item_that_shipped_meanwhile_cannot_be_approved(user):
    item = OrderItemFactory(order=_order(user))
    request = CancellationRequestFactory(order_item=item)
    order_services.order_item_status_set(order_item=item, status=OrderStatus.SHIPPED)

    with pytest.raises(DomainError) as refused:
        services.cancellation_request_approve(cancellation_request=request)

    assert refused.value.error_code == "cancellation_request_100_2"
    services.cancellation_request_reject(cancellation_request=request)


@pytest.mark.django_db
def test_fulfilment_ships_then_delivers_and_the_order_follows(user):
    order = _order(user)
    first, second = OrderItemFactory(order=order), OrderItemFactory(order=order)

    order_services.order_item_status_set(order_item=first, status=OrderStatus.SHIPPED)
    order.refresh_from_db()
    assert order.status == OrderStatus.WAITING  # one item still waits
    order_services.order_item_status_set(order_item=second, status=OrderStatus.SHIPPED)
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    order_services.order_item_status_set(order_item=first, status=OrderStatus.DELIVERED)
    first.refresh_from_db()
    assert first.delivered_date is not None

    with pytest.raises(DomainError) as refused:
        order_services.order_item_status_set(order_item=first, status=OrderStatus.SHIPPED)
    assert refused.value.error_code == "order_item_100_1"
