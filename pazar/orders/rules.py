"""Derived flags of orders and items: computed from statuses and requests, never stored."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from pazar.orders.models import CancellationRequestStatus, OrderStatus

# An item can be cancelled until it leaves the warehouse.
CANCELLABLE_STATUSES = frozenset(
    {
        OrderStatus.WAITING,
        OrderStatus.PAYMENT_WAITING,
        OrderStatus.CONFIRMATION_WAITING,
        OrderStatus.APPROVED,
        OrderStatus.PREPARING,
    }
)
REFUNDABLE_STATUSES = frozenset({OrderStatus.DELIVERED})
SHIPPED_STATUSES = frozenset(
    {
        OrderStatus.SHIPPED,
        OrderStatus.SHIPPED_AND_INFORMED,
        OrderStatus.READY_FOR_PICKUP,
        OrderStatus.ATTEMPTED_DELIVERY,
    }
)
FINAL_ITEM_STATUSES = frozenset({OrderStatus.CANCELLED, OrderStatus.REFUNDED})
# Requests whose units are taken: a rejected one gives them back; a completed one was approved first.
HOLDING_REQUEST_STATUSES = frozenset(
    {CancellationRequestStatus.OPEN, CancellationRequestStatus.APPROVED, CancellationRequestStatus.COMPLETED}
)


@dataclass(frozen=True)
class ReturnPolicy:
    """The moment of the request and the return window (days after delivery) in force."""

    now: datetime
    window_days: int

    def window_open(self, item) -> bool:
        if item.delivered_date is None:
            return False
        return self.now <= item.delivered_date + timedelta(days=self.window_days)


def reserved_quantity(requests: Iterable) -> int:
    return sum(r.quantity for r in requests if r.status in HOLDING_REQUEST_STATUSES)


def remaining_quantity(item, requests: Iterable) -> int:
    """Units of the item that no open, approved or completed request has taken."""
    return max(item.quantity - reserved_quantity(requests), 0)


def active_request(requests: Iterable):
    """The item's open request, if any (at most one: a constraint guarantees it)."""
    return next((r for r in requests if r.status == CancellationRequestStatus.OPEN), None)


def is_cancellable(item, requests: list) -> bool:
    return (
        item.status in CANCELLABLE_STATUSES
        and active_request(requests) is None
        and remaining_quantity(item, requests) > 0
    )


def is_refundable(item, requests: list, policy: ReturnPolicy) -> bool:
    return (
        item.status in REFUNDABLE_STATUSES
        and policy.window_open(item)
        and active_request(requests) is None
        and remaining_quantity(item, requests) > 0
    )


def is_cancelled(status: int) -> bool:
    return status == OrderStatus.CANCELLED


def is_payable(order) -> bool:
    return order.status == OrderStatus.PAYMENT_WAITING
