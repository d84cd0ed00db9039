"""The builders of favourites and stock alerts: `{pk, product}`, the product by the catalog's builder.

A page is two statements whatever its size (pazar/core/rows.py): the page's rows with their
products' columns joined, then those products' images; a list adds its count.
"""

from functools import cached_property

from pazar.catalog.builders import PRODUCT_JOINED
from pazar.core.builders import Builder
from pazar.core.field_plans import Plan
from pazar.core.rows import RowsBy
from pazar.wishlists.models import FavouriteProduct, ProductAlert
from pazar.wishlists.serializers import FavouriteProductSerializer, ProductAlertSerializer


class WishlistItemBuilder(Builder):
    """A favourite or an alert with its product; a page's rows read `page_columns` and `page_related`."""

    key = "pk"

    def __init__(self, model, schema):
        self.model = model
        self.schema = schema

    @cached_property
    def plan(self) -> Plan:
        return Plan(self.schema, reads={"product": ()})

    @cached_property
    def page_columns(self) -> tuple[str, ...]:
        # a shopper's list is keyed by its user
        return tuple(dict.fromkeys([self.key, *self.plan.columns, "user"]))

    @cached_property
    def page_related(self) -> dict:
        return {"product": PRODUCT_JOINED.columns}

    @cached_property
    def statement(self) -> RowsBy:
        return RowsBy(self.model, self.page_columns, related=self.page_related)

    def rows(self, ids):
        return self.statement(ids)

    def load(self, rows, *, request=None):
        return PRODUCT_JOINED.load(rows, request=request)

    def render(self, row, attrs, *, request=None):
        return self.plan.render(row, {"product": PRODUCT_JOINED.render(row, attrs, request=request)})


FAVOURITE = WishlistItemBuilder(FavouriteProduct, FavouriteProductSerializer)
ALERT = WishlistItemBuilder(ProductAlert, ProductAlertSerializer)
