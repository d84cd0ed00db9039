"""Reads of the orders app: scoped to the requesting user, prefetched for what the serializers touch."""

from constance import config
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from pazar.addresses import selectors as address_selectors
from pazar.addresses.models import Address
from pazar.addresses.serializers import ADDRESS_RELATED
from pazar.orders.models import (
    CancellationReason,
    CancellationRequest,
    EasyReturnShippingCompany,
    OldOrder,
    Order,
    OrderItem,
)
from pazar.orders.rules import ReturnPolicy

NEWEST_FIRST = ("-created_date", "-pk")


def return_policy() -> ReturnPolicy:
    """The return window in force now (a dynamic setting)."""
    return ReturnPolicy(now=timezone.now(), window_days=config.ORDER_RETURN_WINDOW_DAYS)


def easy_return_shipping_companies_active() -> list[EasyReturnShippingCompany]:
    """Every active easy-return company with its sellers, loaded once for a whole page."""
    return list(
        EasyReturnShippingCompany.objects.filter(is_active=True)
        .prefetch_related(Prefetch("datasources", to_attr="datasource_list"))
        .order_by("pk")
    )


def order_serializer_context() -> dict:
    """What OrderSerializer needs besides the orders: the policy and the easy-return companies."""
    return {"return_policy": return_policy(), "easy_return_companies": easy_return_shipping_companies_active()}


def cancellation_request_queryset() -> QuerySet[CancellationRequest]:
    return CancellationRequest.objects.select_related("easy_return__shipping_company")


def order_item_queryset() -> QuerySet[OrderItem]:
    return (
        OrderItem.objects.select_related("product", "datasource", "tradein_offer")
        .prefetch_related(
            "product__productimage_set",
            Prefetch("cancellationrequest_set", queryset=cancellation_request_queryset().order_by(*NEWEST_FIRST)),
        )
        .order_by("pk")
    )


def order_queryset() -> QuerySet[Order]:
    """Orders with all OrderSerializer touches: the reference the read path of
    orders/representations.py is tested against (the views take only its rows)."""
    # The addresses are prefetched, not joined: joining both address trees made a 14-table query whose
    # planning alone took 44 ms on PostgreSQL (EXPLAIN, `make bench`), fifty times its execution.
    addresses = Address.objects.select_related(*ADDRESS_RELATED)
    return Order.objects.select_related("payment_option", "bank").prefetch_related(
        Prefetch("shipping_address", queryset=addresses),
        Prefetch("billing_address", queryset=addresses),
        Prefetch("orderitem_set", queryset=order_item_queryset()),
        "discountitem_set",
    )


def order_list(*, user) -> QuerySet[Order]:
    """The user's orders, newest first (the view's FilterSet narrows them)."""
    return order_queryset().filter(user=user).order_by(*NEWEST_FIRST)


def guest_order_list(*, email: str, number: str) -> QuerySet[Order]:
    """The order with this number, only when the email is the one it was placed with (any case)."""
    email = email.strip()
    return (
        order_queryset()
        .filter(number=number.strip())
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
    return cancellation_request_queryset().filter(user=user).order_by(*NEWEST_FIRST)


def old_order_list(*, user) -> QuerySet[OldOrder]:
    return OldOrder.objects.filter(user=user).prefetch_related("oldorderitem_set").order_by(*NEWEST_FIRST)


def old_order_get(*, user, pk) -> OldOrder:
    return get_object_or_404(old_order_list(user=user), pk=pk)
