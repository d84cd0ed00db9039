"""The discount item of `GET /account/discount-items/`: the `discountitem_set` entry of an order.

A page's rows come from one statement (the discount joined to its order's number, `values()`);
each is rendered through DiscountItemSerializer (its field list and converters), so the page and the order's
`discountitem_set` write the same amount and date text.
"""

from functools import cached_property

from pazar.catalog.models import Currency
from pazar.core.builders import Builder
from pazar.core.field_plans import Plan
from pazar.orders.serializers import DiscountItemSerializer, labeled


class DiscountItemBuilder(Builder):
    """`{name, amount, created_date, order_number, currency}`."""

    schema = DiscountItemSerializer
    key = "pk"

    @cached_property
    def plan(self) -> Plan:
        return Plan(DiscountItemSerializer, reads={"currency": ("currency",), "order_number": ("order__number",)})

    def values(self, queryset):
        """`queryset` as this builder's rows, to page (count and page: two statements)."""
        return queryset.values(self.key, *self.plan.columns)

    def render(self, row, attrs=None, *, request=None):
        return self.plan.render(
            row, {"currency": labeled(Currency, row["currency"]), "order_number": row["order__number"]}
        )


DISCOUNT_ITEM = DiscountItemBuilder()
