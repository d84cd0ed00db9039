"""The discount item of `GET /account/discount-items/`: the `discountitem_set` entry of an order.

A page's rows come from one statement (the discount joined to its order's number, `values()`);
each is rendered with DiscountItemSerializer's own field converters, so the page and the order's
`discountitem_set` write the same amount and date text.
"""

from functools import cached_property
from types import SimpleNamespace

from pazar.catalog.models import Currency
from pazar.core.builders import Builder
from pazar.core.serializers import shared
from pazar.orders.serializers import DiscountItemSerializer, labeled

COLUMNS = ("pk", "name", "amount", "created_date", "currency", "order__number")


class DiscountItemBuilder(Builder):
    """`{name, amount, created_date, order_number, currency}`."""

    schema = DiscountItemSerializer
    key = "pk"

    @cached_property
    def _fields(self):
        fields = shared(DiscountItemSerializer).fields
        return SimpleNamespace(amount=fields["amount"].to_representation, date=fields["created_date"].to_representation)

    def values(self, queryset):
        """`queryset` as this builder's rows, to page (count and page: two statements)."""
        return queryset.values(*COLUMNS)

    def render(self, row, attrs=None, *, request=None):
        fields = self._fields
        return {
            "name": row["name"],
            "amount": fields.amount(row["amount"]),
            "created_date": fields.date(row["created_date"]),
            "order_number": row["order__number"],
            "currency": labeled(Currency, row["currency"]),
        }


DISCOUNT_ITEM = DiscountItemBuilder()
