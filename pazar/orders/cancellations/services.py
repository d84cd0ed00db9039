"""Cancellation and refund requests: the shopper's (one or a bulk, all or none), staff decisions, refunds.

The requests' and easy returns' statuses and moves are in pazar/orders/statuses.py.
"""

import secrets
from dataclasses import dataclass
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from pazar.loyalty.services import loyalty_credit_enqueue
from pazar.notifications.services import notification_enqueue
from pazar.orders import error_codes, rules, selectors, statuses
from pazar.orders.models import (
    CancellationReason,
    CancellationRequest,
    CancellationRequestStatus,
    CancellationType,
    EasyReturn,
    EasyReturnShippingCompany,
    EasyReturnStatus,
    Order,
    OrderItem,
    OrderStatus,
)

CENT = Decimal("0.01")
QUANTITY_TOO_LARGE = _("Quantity can not be greater than order item quantity.")
EASY_RETURN_CODE_DIGITS = 10


@dataclass(frozen=True)
class CancellationInput:
    """One cancellation or refund request as the user asked for it (ids not yet checked)."""

    order_item_id: int
    reason_id: int
    cancellation_type: str
    quantity: int | None = None
    description: str | None = None
    shipping_company_id: int | None = None
    pickup_address_id: int | None = None
    pickup_date: date | None = None
    pickup_hours: tuple[time, time] | None = None
    iban: str | None = None
    holder_name: str | None = None
    fully_refund_as_loyalty_money: bool = False

    @classmethod
    def from_body(cls, data: dict, *, defaults: dict | None = None) -> "CancellationInput":
        """From a validated CancellationRequestCreateSerializer body; `defaults` fill what it leaves out."""
        defaults = defaults or {}
        pickup = data.get("pickup_date") or {}
        hours = pickup.get("hour_range")
        pickup_address = data.get("pickup_address") or defaults.get("pickup_address")
        loyalty = data.get("fully_refund_as_loyalty_money", defaults.get("fully_refund_as_loyalty_money"))
        return cls(
            order_item_id=data["order_item"],
            reason_id=data["reason"],
            cancellation_type=data["cancellation_type"],
            quantity=data.get("quantity"),
            description=(data.get("description") or "").strip() or None,
            shipping_company_id=data.get("shipping_company"),
            pickup_address_id=pickup_address,
            pickup_date=pickup.get("date"),
            pickup_hours=(hours["start"], hours["end"]) if hours else None,
            iban=data.get("iban") or None,
            holder_name=(data.get("holder_name") or "").strip() or None,
            fully_refund_as_loyalty_money=bool(loyalty),
        )


class BulkEntryError(Exception):
    """An entry of a bulk request failed: which one, and the error it raised."""

    def __init__(self, *, index: int, order_item_id: int, error: Exception):
        super().__init__(str(error))
        self.index = index
        self.order_item_id = order_item_id
        self.error = error


def _reason_for(*, reason_id: int, cancellation_type: str) -> CancellationReason:
    reason = CancellationReason.objects.filter(
        pk=reason_id, is_active=True, cancellation_type=cancellation_type
    ).first()
    if reason is None:
        raise ValidationError({"reason": [_("Select an active reason of this cancellation type.")]})
    return reason


def _check_item_accepts(*, item: OrderItem, cancellation_type: str, requests: list) -> None:
    """Refuse (406) an item that has an open request, or is in the wrong state for this type."""
    if rules.active_request(requests) is not None:
        raise error_codes.CANCELLATION_REQUEST_ACTIVE.error()
    if cancellation_type == CancellationType.CANCEL:
        if not statuses.status_is_cancellable(item.status):
            raise error_codes.ORDER_ITEM_NOT_CANCELLABLE.error()
    else:
        if not statuses.status_is_refundable(item.status):
            raise error_codes.ORDER_ITEM_NOT_REFUNDABLE.error()
        if not selectors.return_policy().window_open(item):
            raise error_codes.RETURN_WINDOW_EXPIRED.error()


def _quantity_for(*, item: OrderItem, requests: list, quantity: int | None) -> int:
    remaining = rules.remaining_quantity(item, requests)
    if remaining <= 0:
        raise error_codes.NOTHING_LEFT.error()
    if quantity is None:
        return remaining
    if quantity > remaining:
        raise ValidationError({"quantity": QUANTITY_TOO_LARGE})
    return quantity


def _easy_return_company(*, company_id: int, item: OrderItem) -> EasyReturnShippingCompany:
    company = (
        EasyReturnShippingCompany.objects.filter(pk=company_id, is_active=True).prefetch_related("datasources").first()
    )
    if company is None:
        raise error_codes.SHIPPING_COMPANY_UNAVAILABLE.error()
    sellers = {d.pk for d in company.datasources.all()}
    if sellers and item.datasource_id not in sellers:
        raise error_codes.SHIPPING_COMPANY_UNAVAILABLE.error()
    return company


def _easy_return_create(*, company: EasyReturnShippingCompany, data: CancellationInput, pickup_address) -> EasyReturn:
    """An active easy return with a fresh unique code (retried on the rare collision)."""
    door = company.collects_from_door
    for _attempt in range(5):
        code = f"{secrets.randbelow(10**EASY_RETURN_CODE_DIGITS):0{EASY_RETURN_CODE_DIGITS}d}"
        try:
            with transaction.atomic():
                return EasyReturn.objects.create(
                    code=code,
                    status=EasyReturnStatus.ACTIVE,
                    shipping_company=company,
                    pickup_address=pickup_address if door else None,
                    pickup_date=data.pickup_date if door else None,
                    pickup_hour_start=data.pickup_hours[0] if door and data.pickup_hours else None,
                    pickup_hour_end=data.pickup_hours[1] if door and data.pickup_hours else None,
                    start_date=timezone.now(),
                )
        except IntegrityError:
            continue
    raise IntegrityError("could not draw a unique easy-return code")


@transaction.atomic
def cancellation_request_create(*, user, data: CancellationInput) -> CancellationRequest:
    """Open a cancel or refund request for some units of one of the user's items.

    The item's row is locked for the whole transaction, so concurrent requests for the same item
    are decided one after the other and never take more units than the item has.
    """
    item = get_object_or_404(
        OrderItem.objects.select_for_update(of=("self",)).filter(order__user=user), pk=data.order_item_id
    )
    is_refund = data.cancellation_type == CancellationType.REFUND
    pickup_address = None
    if is_refund and data.pickup_address_id is not None:
        pickup_address = selectors.address_get(user=user, pk=data.pickup_address_id)
    reason = _reason_for(reason_id=data.reason_id, cancellation_type=data.cancellation_type)
    if reason.extra_information_needed and not data.description:
        raise ValidationError({"description": [_("Please describe the reason: this reason needs a description.")]})

    requests = list(CancellationRequest.objects.filter(order_item=item))
    _check_item_accepts(item=item, cancellation_type=data.cancellation_type, requests=requests)
    quantity = _quantity_for(item=item, requests=requests, quantity=data.quantity)

    easy_return = None
    if is_refund and data.shipping_company_id is not None:
        company = _easy_return_company(company_id=data.shipping_company_id, item=item)
        if company.collects_from_door and pickup_address is None:
            raise error_codes.PICKUP_ADDRESS_REQUIRED.error()
        easy_return = _easy_return_create(company=company, data=data, pickup_address=pickup_address)

    try:
        with transaction.atomic():
            request = CancellationRequest.objects.create(
                user=user,
                order_item=item,
                cancellation_type=data.cancellation_type,
                status=CancellationRequestStatus.OPEN,
                reason=reason,
                quantity=quantity,
                description=data.description,
                iban=data.iban if is_refund else None,
                holder_name=data.holder_name if is_refund else None,
                fully_refund_as_loyalty_money=data.fully_refund_as_loyalty_money,
                pickup_address=pickup_address,
                easy_return=easy_return,
            )
    except IntegrityError:
        # Only reachable without row locks (SQLite): the one-open-request constraint caught the race.
        raise error_codes.CANCELLATION_REQUEST_ACTIVE.error()
    return request


@transaction.atomic
def cancellation_requests_bulk_create(
    *, user, entries: list[CancellationInput], order_id: int | None = None
) -> list[CancellationRequest]:
    """Create every request or none; a failing entry raises BulkEntryError naming it.

    `order_id` (the whole-order cancel, `POST /orders/<id>/cancel/`): every entry must be an item
    of that order; one that is not is a 404 for its entry, as another user's item is.
    """
    created = []
    # Lock items in id order whatever the body's order, so two bulk requests cannot deadlock.
    for index in sorted(range(len(entries)), key=lambda i: entries[i].order_item_id):
        locked = (
            OrderItem.objects.select_for_update(of=("self",))
            .filter(pk=entries[index].order_item_id, order__user=user)
            .first()
        )
        if order_id is not None and (locked is None or locked.order_id != order_id):
            raise BulkEntryError(index=index, order_item_id=entries[index].order_item_id, error=Http404())
    for index, entry in enumerate(entries):
        try:
            created.append(cancellation_request_create(user=user, data=entry))
        except Exception as exc:
            raise BulkEntryError(index=index, order_item_id=entry.order_item_id, error=exc) from exc
    return created


def _refund_share(*, order: Order, items: list[OrderItem], item: OrderItem, quantity: int) -> Decimal:
    """What `quantity` units of `item` cost the user: its part of the amount paid for goods."""
    goods_total = sum((i.price * i.quantity for i in items), Decimal(0))
    if goods_total <= 0:
        return Decimal("0.00")
    paid_for_goods = order.amount - order.shipping_amount
    return (item.price * quantity * paid_for_goods / goods_total).quantize(CENT, rounding=ROUND_HALF_UP)


def _settle(*, order: Order, item: OrderItem, request: CancellationRequest) -> Decimal:
    """Units left the user's hands: update the item's status and the order's refund amounts and status.

    Returns what the request's units are refunded (their share of the amount paid for goods)."""
    settled = CancellationRequest.objects.filter(order_item=item).filter(status__in=statuses.ACCEPTED_REQUEST_STATUSES)
    gone = refunded = 0
    for r in settled:
        if statuses.request_units_gone(r.status, r.cancellation_type):
            gone += r.quantity
            refunded += r.quantity if r.cancellation_type == CancellationType.REFUND else 0
    if gone >= item.quantity:
        item.status = statuses.item_settled_status(refunded=bool(refunded))
        item.save(update_fields=["status", "modified_date"])

    items = list(OrderItem.objects.filter(order=order))
    share = _refund_share(order=order, items=items, item=item, quantity=request.quantity)
    paid_for_goods = order.amount - order.shipping_amount
    fields = ["refund_amount", "modified_date"]
    if all(statuses.status_is_final(i.status) for i in items):
        any_refunded = any(i.status == OrderStatus.REFUNDED for i in items)
        if not any_refunded:
            # Nothing was shipped: the shipping fee goes back too.
            order.shipping_refund_amount = order.shipping_amount
            fields.append("shipping_refund_amount")
        order.refund_amount = paid_for_goods + order.shipping_refund_amount
        order.status = statuses.item_settled_status(refunded=any_refunded)
        fields.append("status")
    else:
        order.refund_amount = min(order.refund_amount + share, paid_for_goods)
    order.save(update_fields=fields)
    return share


def _notify_request(request: CancellationRequest, *, event: str) -> None:
    item = request.order_item
    user = request.user
    notification_enqueue(
        kind="email",
        event=event,
        to=user.email,
        user=user,
        language=user.language_code or None,
        context={
            "first_name": user.first_name,
            "order_number": item.order.number,
            "product_name": item.product.name,
            "quantity": request.quantity,
            "cancellation_type": request.cancellation_type,
            "request_id": request.pk,
            "easy_return_code": request.easy_return.code if request.easy_return else None,
        },
    )


REQUEST_EVENTS = {
    CancellationRequestStatus.APPROVED: "cancellation_request_approved",
    CancellationRequestStatus.REJECTED: "cancellation_request_rejected",
    CancellationRequestStatus.COMPLETED: "cancellation_request_completed",
}


@transaction.atomic
def cancellation_request_transition(*, cancellation_request: CancellationRequest, status: str) -> CancellationRequest:
    """Move a request along statuses.REQUEST_MOVES (staff), apply its effects, tell the user."""
    # Same lock order as cancellation_request_create (item first), then the order and the request.
    item = (
        OrderItem.objects.select_for_update(of=("self",))
        .select_related("product")
        .get(pk=cancellation_request.order_item_id)
    )
    order = Order.objects.select_for_update().get(pk=item.order_id)
    request = (
        CancellationRequest.objects.select_for_update(of=("self",))
        .select_related("easy_return", "user")
        .get(pk=cancellation_request.pk)
    )
    request.order_item = item
    item.order = order
    statuses.request_check_move(request.status, status)
    is_cancel = request.cancellation_type == CancellationType.CANCEL
    if status == CancellationRequestStatus.APPROVED and is_cancel and not statuses.status_is_cancellable(item.status):
        # The item shipped while the request waited: it can only be rejected now.
        raise error_codes.ORDER_ITEM_NOT_CANCELLABLE.error()

    request.status = status
    request.save(update_fields=["status", "modified_date"])
    if statuses.request_settles(status, request.cancellation_type):
        share = _settle(order=order, item=item, request=request)
        if not is_cancel and request.fully_refund_as_loyalty_money:
            # The refund goes to the loyalty card instead (pushed to the service after commit).
            loyalty_credit_enqueue(
                user=request.user, amount=share, order_number=order.number, reference=f"refund-{request.pk}"
            )
    easy_return = request.easy_return
    easy_return_status = statuses.easy_return_status_after(status)
    if easy_return is not None and easy_return_status is not None:
        easy_return.status = easy_return_status
        easy_return.end_date = timezone.now()
        easy_return.save(update_fields=["status", "end_date", "modified_date"])
    _notify_request(request, event=REQUEST_EVENTS[status])
    return request


def cancellation_request_approve(*, cancellation_request: CancellationRequest) -> CancellationRequest:
    return cancellation_request_transition(
        cancellation_request=cancellation_request, status=CancellationRequestStatus.APPROVED
    )


def cancellation_request_reject(*, cancellation_request: CancellationRequest) -> CancellationRequest:
    return cancellation_request_transition(
        cancellation_request=cancellation_request, status=CancellationRequestStatus.REJECTED
    )


def cancellation_request_complete(*, cancellation_request: CancellationRequest) -> CancellationRequest:
    return cancellation_request_transition(
        cancellation_request=cancellation_request, status=CancellationRequestStatus.COMPLETED
    )
