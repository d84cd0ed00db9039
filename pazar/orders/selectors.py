"""Reads of the orders app: root querysets scoped to the requesting user (the builders read what they nest)."""

from constance import config
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from pazar.addresses import selectors as address_selectors
from pazar.addresses.models import Address
from pazar.core.lists import ListOf, Scoped
from pazar.orders.models import (
    CancellationReason,
    CancellationRequest,
    OldOrder,
    Order,
    OrderItem,
)
from pazar.orders.rules import ReturnPolicy

NEWEST_FIRST = ("-created_date", "-pk")


def return_policy() -> ReturnPolicy:
    """The return window in force now (a dynamic setting)."""
    return ReturnPolicy(now=timezone.now(), window_days=config.ORDER_RETURN_WINDOW_DAYS)


# The shoppers' order lists (pazar/core/lists.py): the one place their filters and order are written.
ORDERS = ListOf(Order, key="user", order_by=NEWEST_FIRST)


def order_list(*, user) -> Scoped:
    """The user's orders, newest first (the view's FilterSet narrows its `queryset()`;
    pazar/orders/builders.py reads the page's nested rows)."""
    return ORDERS.of(user.pk)


def guest_order_list(*, email: str, number: str) -> QuerySet[Order]:
    """The order with this number, only when the email is the one it was placed with (any case)."""
    email = email.strip()
    return (
        Order.objects.filter(number=number.strip())
        .filter(Q(user_email__iexact=email) | Q(user__email__iexact=email))
        .order_by(*NEWEST_FIRST)
    )


def order_item_get(*, user, pk) -> OrderItem:
    """One of the user's order items; anyone else's is a 404."""
    return get_object_or_404(OrderItem.objects.select_related("order").filter(order__user=user), pk=pk)


def order_item_owned(*, user, pk) -> bool:
    """Whether the item is in one of the user's orders."""
    return OrderItem.objects.filter(pk=pk, order__user=user).exists()


def address_get(*, user, pk) -> Address:
    """One address of the user's book (a pickup address); anyone else's, or a deleted one, is a 404."""
    return address_selectors.address_get(user=user, pk=pk)


def cancellation_reason_list() -> QuerySet[CancellationReason]:
    """Active reasons in display order."""
    return CancellationReason.objects.filter(is_active=True).order_by("order", "pk")


def cancellation_request_list(*, user) -> QuerySet[CancellationRequest]:
    """The user's cancellation and refund requests, newest first."""
    return CancellationRequest.objects.filter(user=user).order_by(*NEWEST_FIRST)


def old_order_list(*, user) -> QuerySet[OldOrder]:
    return OldOrder.objects.filter(user=user).order_by(*NEWEST_FIRST)
