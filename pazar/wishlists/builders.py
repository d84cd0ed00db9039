"""The builders of favourites and stock alerts: `{pk, product}`, the product by the catalog's builder.

A page is two statements whatever its size (pazar/core/rows.py): the page's rows with their
products' columns joined, then those products' images; a list adds its count.
"""

from functools import cached_property

from pazar.catalog.builders import PRODUCT_JOINED
from pazar.core.builders import Builder
from pazar.core.pagination import KeyedPage
from pazar.core.plans import Plan
from pazar.core.rows import RowsBy
from pazar.wishlists.models import FavouriteProduct, ProductAlert
from pazar.wishlists.serializers import FavouriteProductSerializer, ProductAlertSerializer

NEWEST_FIRST = ("-pk",)


class WishlistItemBuilder(Builder):
    """A favourite or an alert with its product; `where` narrows a shopper's list (open alerts)."""

    key = "pk"

    def __init__(self, model, schema, *, where: dict | None = None):
        self.model = model
        self.schema = schema
        self.where = where or {}

    @cached_property
    def plan(self) -> Plan:
        return Plan(self.schema, reads={"product": ()})

    @cached_property
    def _columns(self) -> list[str]:
        # a shopper's list is keyed by its user
        return list(dict.fromkeys([self.key, *self.plan.columns, "user"]))

    @cached_property
    def _related(self) -> dict:
        return {"product": PRODUCT_JOINED.columns}

    @cached_property
    def statement(self) -> RowsBy:
        return RowsBy(self.model, self._columns, related=self._related)

    @cached_property
    def of_users(self) -> RowsBy:
        """A shopper's rows, newest first (key: the user)."""
        return RowsBy(
            self.model, self._columns, key="user", order_by=NEWEST_FIRST, where=self.where, related=self._related
        )

    def rows(self, ids):
        return self.statement(ids)

    def page_of(self, user) -> KeyedPage:
        """The user's list as the paginator takes it: a count and a page, two statements."""
        return KeyedPage(self.of_users, user.pk)

    def load(self, rows, *, request=None):
        return PRODUCT_JOINED.load(rows, request=request)

    def render(self, row, attrs, *, request=None):
        return self.plan.render(row, {"product": PRODUCT_JOINED.render(row, attrs, request=request)})


FAVOURITE = WishlistItemBuilder(FavouriteProduct, FavouriteProductSerializer)
ALERT = WishlistItemBuilder(ProductAlert, ProductAlertSerializer, where={"is_open": True})
