"""The status machines of orders, in one place: which moves are allowed, and the flags statuses imply.

Four machines (the choices stay in models.py, which migrations import):

- order item (`OrderStatus`): staff ship a not-yet-shipped item and deliver a shipped one
  (`ITEM_MOVES`); settling requests makes it cancelled or refunded (`item_settled_status`);
  the order follows its items.
- cancellation request (`CancellationRequestStatus`): open → approved | rejected, approved → completed
  (`REQUEST_MOVES`, staff in the admin).
- easy return (`EasyReturnStatus`): active → completed | cancelled, following its request
  (`easy_return_status_after`).
- trade-in offer (`TradeInStatus`): pending → approved | rejected, once, by the owner.

Flags that also read requests or the return window are in rules.py, built on these sets.
"""

from pazar.orders import error_codes
from pazar.orders.models import (
    CancellationRequest,
    CancellationRequestStatus,
    CancellationType,
    EasyReturn,
    EasyReturnStatus,
    Order,
    OrderItem,
    OrderStatus,
    TradeInOffer,
    TradeInStatus,
)

# The fields these machines own: only the services write them, each through its one guarded entry
# point (order_item_status_set, cancellation_request_transition, tradein_offer_answer; an easy
# return and an order follow their request and items). Every admin form shows them read-only:
# core/tests/test_admin_status_fields.py walks the admin and fails on an editable one.
STATUS_FIELDS = {
    Order: ("status",),
    OrderItem: ("status", "delivered_date"),
    CancellationRequest: ("status",),
    EasyReturn: ("status",),
    TradeInOffer: ("status", "answered_at"),
}

# --- order item (and order) ----------------------------------------------------------------------

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

# Fulfilment steps staff may take in the admin: status → statuses it may become.
ITEM_MOVES: dict[int, frozenset[int]] = {
    **{status: frozenset({OrderStatus.SHIPPED}) for status in CANCELLABLE_STATUSES},
    **{status: frozenset({OrderStatus.DELIVERED}) for status in SHIPPED_STATUSES},
}


def item_can_move(from_status: int, to_status: int) -> bool:
    return to_status in ITEM_MOVES.get(from_status, frozenset())


def item_check_move(from_status: int, to_status: int) -> None:
    """Refuse (406 order_item_100_1) a fulfilment step ITEM_MOVES does not have."""
    if not item_can_move(from_status, to_status):
        raise error_codes.ORDER_ITEM_STATUS_NOT_ALLOWED.error(
            error_codes.ORDER_ITEM_STATUS_NOT_ALLOWED.message
            % {"from": OrderStatus(from_status).label, "to": OrderStatus(to_status).label}
        )


def item_settled_status(*, refunded: bool) -> int:
    """What an item (or an order) becomes once nothing of it is left in the user's hands."""
    return OrderStatus.REFUNDED if refunded else OrderStatus.CANCELLED


def status_is_cancellable(status: int) -> bool:
    return status in CANCELLABLE_STATUSES


def status_is_refundable(status: int) -> bool:
    return status in REFUNDABLE_STATUSES


def status_is_final(status: int) -> bool:
    return status in FINAL_ITEM_STATUSES


def is_cancelled(status: int) -> bool:
    return status == OrderStatus.CANCELLED


def is_payable(status: int) -> bool:
    return status == OrderStatus.PAYMENT_WAITING


# --- cancellation request ------------------------------------------------------------------------

# Staff move requests along these edges only (django-oscar's pipeline idea).
REQUEST_MOVES: dict[str, frozenset[str]] = {
    CancellationRequestStatus.OPEN: frozenset({CancellationRequestStatus.APPROVED, CancellationRequestStatus.REJECTED}),
    CancellationRequestStatus.APPROVED: frozenset({CancellationRequestStatus.COMPLETED}),
    CancellationRequestStatus.REJECTED: frozenset(),
    CancellationRequestStatus.COMPLETED: frozenset(),
}
# The request still waiting for staff (at most one per item: a constraint guarantees it).
ACTIVE_REQUEST_STATUS = CancellationRequestStatus.OPEN
# Requests whose units are taken: a rejected one gives them back; a completed one was approved first.
HOLDING_REQUEST_STATUSES = frozenset(
    {CancellationRequestStatus.OPEN, CancellationRequestStatus.APPROVED, CancellationRequestStatus.COMPLETED}
)
# Requests staff said yes to (a cancel is settled then; a refund when it is completed).
ACCEPTED_REQUEST_STATUSES = frozenset({CancellationRequestStatus.APPROVED, CancellationRequestStatus.COMPLETED})


def request_can_move(from_status: str, to_status: str) -> bool:
    return to_status in REQUEST_MOVES.get(from_status, frozenset())


def request_check_move(from_status: str, to_status: str) -> None:
    """Refuse (406 cancellation_request_100_7) a move REQUEST_MOVES does not have."""
    if not request_can_move(from_status, to_status):
        raise error_codes.TRANSITION_NOT_ALLOWED.error(
            error_codes.TRANSITION_NOT_ALLOWED.message
            % {"from": CancellationRequestStatus(from_status).label, "to": CancellationRequestStatus(to_status).label}
        )


def request_is_active(status: str) -> bool:
    return status == ACTIVE_REQUEST_STATUS


def request_holds_units(status: str) -> bool:
    return status in HOLDING_REQUEST_STATUSES


def request_settles(status: str, cancellation_type: str) -> bool:
    """Whether reaching `status` settles the request: a cancel when approved, a refund when completed."""
    if cancellation_type == CancellationType.CANCEL:
        return status == CancellationRequestStatus.APPROVED
    return status == CancellationRequestStatus.COMPLETED


def request_units_gone(status: str, cancellation_type: str) -> bool:
    """Whether the request's units have left the user's hands (settled now or earlier)."""
    return status in ACCEPTED_REQUEST_STATUSES and (
        cancellation_type == CancellationType.CANCEL or status == CancellationRequestStatus.COMPLETED
    )


# --- easy return ---------------------------------------------------------------------------------

EASY_RETURN_MOVES: dict[str, frozenset[str]] = {
    EasyReturnStatus.ACTIVE: frozenset({EasyReturnStatus.COMPLETED, EasyReturnStatus.CANCELLED}),
    EasyReturnStatus.COMPLETED: frozenset(),
    EasyReturnStatus.CANCELLED: frozenset(),
}
# What an easy return becomes when its request reaches a status (absent: it stays as it is).
EASY_RETURN_AFTER_REQUEST: dict[str, str] = {
    CancellationRequestStatus.REJECTED: EasyReturnStatus.CANCELLED,
    CancellationRequestStatus.COMPLETED: EasyReturnStatus.COMPLETED,
}


def easy_return_can_move(from_status: str, to_status: str) -> bool:
    return to_status in EASY_RETURN_MOVES.get(from_status, frozenset())


def easy_return_status_after(request_status: str) -> str | None:
    return EASY_RETURN_AFTER_REQUEST.get(request_status)


# --- trade-in offer ------------------------------------------------------------------------------

TRADEIN_MOVES: dict[str, frozenset[str]] = {
    TradeInStatus.PENDING: frozenset({TradeInStatus.APPROVED, TradeInStatus.REJECTED}),
    TradeInStatus.APPROVED: frozenset(),
    TradeInStatus.REJECTED: frozenset(),
}
# The offer the owner may still answer (what makes an item `is_tradable`).
OPEN_TRADEIN_STATUS = TradeInStatus.PENDING


def tradein_can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRADEIN_MOVES.get(from_status, frozenset())


def tradein_check_move(from_status: str, to_status: str) -> None:
    """Refuse (406 tradein_100_2) answering an offer that was already answered."""
    if not tradein_can_move(from_status, to_status):
        raise error_codes.TRADEIN_ALREADY_ANSWERED.error()


def tradein_answer_status(*, approve: bool) -> str:
    return TradeInStatus.APPROVED if approve else TradeInStatus.REJECTED


def tradein_is_open(status: str) -> bool:
    return status == OPEN_TRADEIN_STATUS
