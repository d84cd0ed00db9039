"""Reads of the offers pages: the discounts applied to the shopper's own orders."""

from django.db.models import QuerySet

from pazar.orders.models import DiscountItem


def discount_item_list(*, user) -> QuerySet[DiscountItem]:
    """The discounts of the user's orders, newest first (Akinon's `-created_date`)."""
    return DiscountItem.objects.filter(order__user=user).order_by("-created_date", "-pk")
