"""The product builder: the one shape of a product wherever an answer nests one.

Order items, favourites and stock alerts nest a product in the shape of ProductSerializer (seed
003's order-item product, then the fields of the client's `Product` type). The product's columns
are read by the caller's own statement (joined to its rows: `ProductBuilder(prefix="product__")`)
or by `PRODUCT.rows`; `load` reads the page's images, one statement whatever the page's size.
"""

from functools import cached_property
from types import SimpleNamespace

from pazar.catalog.models import Product, ProductImage
from pazar.catalog.serializers import ProductImageDetailSerializer, ProductSerializer
from pazar.core.builders import Builder
from pazar.core.field_plans import Plan
from pazar.core.rows import RowsBy

# What each computed field of a product and of its images reads of the row (core/field_plans.py).
PRODUCT_READS = {
    "image": ("pk",),
    "form_schema": (),
    "currency_type": ("currency",),
    "is_ready_to_basket": ("in_stock", "price"),
    "productimage_set": ("pk",),
    "productvideo_set": (),
    "basket_offers": (),
    "price_type": (),
    "product_type": (),
    "unit_type": (),
    "extra_data": (),
}
IMAGE_READS = {"image": ("image",), "status": (), "specialimage_set": ()}


class ProductBuilder(Builder):
    """A product with its images (ProductSerializer); `prefix` reads it from the columns of a row
    it is joined to (an order item's, a favourite's)."""

    schema = ProductSerializer
    key = "pk"

    def __init__(self, prefix: str = ""):
        self.prefix = prefix

    @cached_property
    def _plans(self):
        product = Plan(ProductSerializer, prefix=self.prefix, reads=PRODUCT_READS)
        image = Plan(ProductImageDetailSerializer, reads=IMAGE_READS)
        p = self.prefix
        return SimpleNamespace(
            product=product,
            image=image,
            columns=product.columns,
            keys=(p + "pk", p + "price", p + "in_stock", p + "currency"),
            images=RowsBy(
                ProductImage,
                [*image.columns, "product"],
                key="product",
                order_by=("order", "pk"),
            ),
            storage=ProductImage._meta.get_field("image").storage,
        )

    @property
    def columns(self) -> list[str]:
        """The product's columns to read (joined: `related={"product": builder.columns}`)."""
        return self._plans.columns

    @cached_property
    def statement(self) -> RowsBy:
        return RowsBy(Product, self.columns)

    def rows(self, ids):
        return self.statement(ids)

    def load(self, rows, *, request=None) -> dict[int, list[dict]]:
        """Each product's images, in display order, their URLs absolute when there is a request."""
        plans = self._plans
        key = plans.keys[0]
        storage, image = plans.storage, plans.image
        found: dict[int, list[dict]] = {}
        for row in plans.images({row[key] for row in rows}):
            name = row["image"]
            if not name:
                continue
            url = storage.url(name)
            if request is not None:
                url = request.build_absolute_uri(url)
            found.setdefault(row["product"], []).append(
                image.render(row, {"image": url, "status": "active", "specialimage_set": []})
            )
        return found

    def render(self, row, attrs, *, request=None):
        pk, price, in_stock, currency = self._plans.keys
        images = attrs.get(row[pk], [])
        return self._plans.product.render(
            row,
            {
                "image": images[0]["image"] if images else None,
                "form_schema": None,
                "currency_type": row[currency],
                "is_ready_to_basket": bool(row[in_stock]) and row[price] is not None,
                "productimage_set": images,
                "productvideo_set": [],
                "basket_offers": [],
                "price_type": "default",
                "product_type": "0",
                "unit_type": "qty",
                "extra_data": {},
            },
        )


PRODUCT = ProductBuilder()
# A product read joined to the row that names it (`related={"product": PRODUCT_JOINED.columns}`).
PRODUCT_JOINED = ProductBuilder(prefix="product__")
