"""Derived flags of items that read requests and the return window too (statuses alone: statuses.py)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from pazar.orders import statuses


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
    return sum(r.quantity for r in requests if statuses.request_holds_units(r.status))


def remaining_quantity(item, requests: Iterable) -> int:
    """Units of the item that no open, approved or completed request has taken."""
    return max(item.quantity - reserved_quantity(requests), 0)


def active_request(requests: Iterable):
    """The item's open request, if any (at most one: a constraint guarantees it)."""
    return next((r for r in requests if statuses.request_is_active(r.status)), None)


def is_cancellable(item, requests: list) -> bool:
    return (
        statuses.status_is_cancellable(item.status)
        and active_request(requests) is None
        and remaining_quantity(item, requests) > 0
    )


def is_refundable(item, requests: list, policy: ReturnPolicy) -> bool:
    return (
        statuses.status_is_refundable(item.status)
        and policy.window_open(item)
        and active_request(requests) is None
        and remaining_quantity(item, requests) > 0
    )
