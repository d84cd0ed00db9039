"""Catalog data that orders and conversations nest: sellers, channels, products."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pazar.core.models import BaseModel


class Currency(models.TextChoices):
    """Currencies of price lists and orders."""

    TRY = "try", _("TL")
    USD = "usd", _("USD")
    EUR = "eur", _("EUR")


class PriceList(BaseModel):
    """A named set of prices in one currency."""

    name = models.CharField(max_length=128)
    code = models.CharField(max_length=64, unique=True)
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.TRY)

    def __str__(self):
        return self.name


class StockList(BaseModel):
    """A named set of stock levels."""

    name = models.CharField(max_length=128)
    code = models.CharField(max_length=64, unique=True, null=True, blank=True)

    def __str__(self):
        return self.name


class DataSource(BaseModel):
    """A seller of the marketplace. Seller accounts are users linked to one datasource."""

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True, null=True, blank=True)
    title = models.CharField(max_length=255, blank=True, default="")
    supplier_code = models.CharField(max_length=64, unique=True)
    address = models.TextField(null=True, blank=True)
    email = models.EmailField(null=True, blank=True)
    phone_number = models.CharField(max_length=32, null=True, blank=True)
    fax_number = models.CharField(max_length=32, null=True, blank=True)
    kep_address = models.CharField(max_length=255, null=True, blank=True)
    mersis_number = models.CharField(max_length=32, null=True, blank=True)
    trade_association = models.CharField(max_length=255, null=True, blank=True)
    extras = models.JSONField(default=dict, blank=True)
    price_list = models.ForeignKey(PriceList, on_delete=models.SET_NULL, null=True, blank=True)
    stock_list = models.ForeignKey(StockList, on_delete=models.SET_NULL, null=True, blank=True)
    is_active = models.BooleanField(default=True)

    def __str__(self):
        return self.name


class Channel(BaseModel):
    """A sales channel: the `<channel_id>` of the sellers' remote API."""

    name = models.CharField(max_length=128)
    is_active = models.BooleanField(default=True)

    def __str__(self):
        return self.name


class Product(BaseModel):
    """A sellable product, optionally of one datasource, with its price and stock.

    `stock` and `in_stock` change only through `catalog.services.product_stock_set` (admin, import,
    any update), which tells the shoppers waiting for the product when it comes back in stock.
    """

    sku = models.CharField(max_length=128, unique=True)
    base_code = models.CharField(max_length=128, blank=True, default="", db_index=True)
    name = models.CharField(max_length=255)
    absolute_url = models.CharField(max_length=255, blank=True, default="")
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    retail_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # db_default: rows a release still running during the upgrade inserts get them from the database.
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.TRY, db_default=Currency.TRY)
    stock = models.PositiveIntegerField(default=0, db_default=0)
    in_stock = models.BooleanField(default=False, db_default=False, editable=False)
    attribute_set = models.PositiveIntegerField(null=True, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    attributes_kwargs = models.JSONField(default=dict, blank=True)
    extra_attributes = models.JSONField(default=dict, blank=True)
    data_source = models.ForeignKey(
        DataSource, on_delete=models.SET_NULL, null=True, blank=True, related_name="products"
    )

    class Meta:
        constraints = [
            # in_stock is the stock's flag, written with it: never one without the other.
            models.CheckConstraint(
                condition=models.Q(in_stock=True, stock__gt=0) | models.Q(in_stock=False, stock=0),
                name="catalog_product_in_stock_is_stock",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.sku})"


class ProductImage(BaseModel):
    """An image of a product, in display order."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="productimage_set")
    image = models.ImageField(upload_to="products/%Y/%m/%d/", max_length=255)
    order = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["product", "order"])]

    def __str__(self):
        return self.image.name
