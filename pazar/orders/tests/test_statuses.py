"""The orders status machines (orders/statuses.py): every allowed and every refused move, and the flags."""

from itertools import product

import pytest

from pazar.core.exceptions import DomainError
from pazar.orders import error_codes, statuses
from pazar.orders.models import (
    CancellationRequestStatus,
    CancellationType,
    EasyReturnStatus,
    OrderStatus,
    TradeInStatus,
)

R = CancellationRequestStatus

# The moves as the docs state them, written out here independently of the module's maps.
NOT_SHIPPED = [
    OrderStatus.WAITING,
    OrderStatus.PAYMENT_WAITING,
    OrderStatus.CONFIRMATION_WAITING,
    OrderStatus.APPROVED,
    OrderStatus.PREPARING,
]
ON_ITS_WAY = [
    OrderStatus.SHIPPED,
    OrderStatus.SHIPPED_AND_INFORMED,
    OrderStatus.READY_FOR_PICKUP,
    OrderStatus.ATTEMPTED_DELIVERY,
]
ITEM_ALLOWED = {(s, OrderStatus.SHIPPED) for s in NOT_SHIPPED} | {(s, OrderStatus.DELIVERED) for s in ON_ITS_WAY}
REQUEST_ALLOWED = {(R.OPEN, R.APPROVED), (R.OPEN, R.REJECTED), (R.APPROVED, R.COMPLETED)}
EASY_RETURN_ALLOWED = {
    (EasyReturnStatus.ACTIVE, EasyReturnStatus.COMPLETED),
    (EasyReturnStatus.ACTIVE, EasyReturnStatus.CANCELLED),
}
TRADEIN_ALLOWED = {(TradeInStatus.PENDING, TradeInStatus.APPROVED), (TradeInStatus.PENDING, TradeInStatus.REJECTED)}


def _pairs(choices):
    return list(product(choices.values, repeat=2))


@pytest.mark.parametrize(("from_status", "to_status"), _pairs(OrderStatus))
def test_item_moves(from_status, to_status):
    # given a fulfilment step staff try in the admin
    allowed = (from_status, to_status) in ITEM_ALLOWED

    # then the machine allows exactly the documented ones, and refuses the rest with order_item_100_1
    assert statuses.item_can_move(from_status, to_status) is allowed
    if allowed:
        statuses.item_check_move(from_status, to_status)
    else:
        with pytest.raises(DomainError) as raised:
            statuses.item_check_move(from_status, to_status)
        assert raised.value.error_code == error_codes.ORDER_ITEM_STATUS_NOT_ALLOWED.code
        assert str(OrderStatus(from_status).label) in str(raised.value)


@pytest.mark.parametrize(("from_status", "to_status"), _pairs(R))
def test_cancellation_request_moves(from_status, to_status):
    allowed = (from_status, to_status) in REQUEST_ALLOWED

    assert statuses.request_can_move(from_status, to_status) is allowed
    if allowed:
        statuses.request_check_move(from_status, to_status)
    else:
        with pytest.raises(DomainError) as raised:
            statuses.request_check_move(from_status, to_status)
        assert raised.value.error_code == error_codes.TRANSITION_NOT_ALLOWED.code
        assert str(R(to_status).label) in str(raised.value)


@pytest.mark.parametrize(("from_status", "to_status"), _pairs(EasyReturnStatus))
def test_easy_return_moves(from_status, to_status):
    assert statuses.easy_return_can_move(from_status, to_status) is ((from_status, to_status) in EASY_RETURN_ALLOWED)


@pytest.mark.parametrize(("from_status", "to_status"), _pairs(TradeInStatus))
def test_tradein_moves(from_status, to_status):
    allowed = (from_status, to_status) in TRADEIN_ALLOWED

    assert statuses.tradein_can_move(from_status, to_status) is allowed
    if allowed:
        statuses.tradein_check_move(from_status, to_status)
    else:
        with pytest.raises(DomainError) as raised:
            statuses.tradein_check_move(from_status, to_status)
        assert raised.value.error_code == error_codes.TRADEIN_ALREADY_ANSWERED.code


def test_every_status_has_a_row_in_its_map():
    # a status added to the choices must be placed in the machine (even with no moves)
    assert set(statuses.REQUEST_MOVES) == set(R.values)
    assert set(statuses.EASY_RETURN_MOVES) == set(EasyReturnStatus.values)
    assert set(statuses.TRADEIN_MOVES) == set(TradeInStatus.values)


@pytest.mark.parametrize("status", OrderStatus.values)
def test_item_flags(status):
    assert statuses.status_is_cancellable(status) is (status in NOT_SHIPPED)
    assert statuses.status_is_refundable(status) is (status == OrderStatus.DELIVERED)
    assert statuses.status_is_final(status) is (status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED))
    assert statuses.is_cancelled(status) is (status == OrderStatus.CANCELLED)
    assert statuses.is_payable(status) is (status == OrderStatus.PAYMENT_WAITING)


def test_a_settled_item_is_refunded_when_any_unit_was_refunded():
    assert statuses.item_settled_status(refunded=True) == OrderStatus.REFUNDED
    assert statuses.item_settled_status(refunded=False) == OrderStatus.CANCELLED


@pytest.mark.parametrize(
    ("status", "active", "holds", "settles_cancel", "settles_refund", "gone_cancel", "gone_refund", "easy_return"),
    [
        (R.OPEN, True, True, False, False, False, False, None),
        (R.APPROVED, False, True, True, False, True, False, None),
        (R.REJECTED, False, False, False, False, False, False, EasyReturnStatus.CANCELLED),
        (R.COMPLETED, False, True, False, True, True, True, EasyReturnStatus.COMPLETED),
    ],
)
def test_request_flags(status, active, holds, settles_cancel, settles_refund, gone_cancel, gone_refund, easy_return):
    # a cancel settles when approved, a refund when completed (the goods came back)
    assert statuses.request_is_active(status) is active
    assert statuses.request_holds_units(status) is holds
    assert statuses.request_settles(status, CancellationType.CANCEL) is settles_cancel
    assert statuses.request_settles(status, CancellationType.REFUND) is settles_refund
    assert statuses.request_units_gone(status, CancellationType.CANCEL) is gone_cancel
    assert statuses.request_units_gone(status, CancellationType.REFUND) is gone_refund
    assert statuses.easy_return_status_after(status) == easy_return


@pytest.mark.parametrize(("status", "is_open"), [(s, s == TradeInStatus.PENDING) for s in TradeInStatus.values])
def test_only_a_pending_offer_is_open(status, is_open):
    assert statuses.tradein_is_open(status) is is_open
    assert statuses.tradein_answer_status(approve=True) == TradeInStatus.APPROVED
    assert statuses.tradein_answer_status(approve=False) == TradeInStatus.REJECTED
