"""Catalog objects as other responses nest them.

DataSourceSerializer is shared with orders; the product summary and its images are schema
declarations (`@schema_only`) of what conversations/builders.py nests.
"""

from rest_framework import serializers

from pazar.catalog.models import DataSource, Product, ProductImage
from pazar.core.builders import schema_only


class DataSourceSerializer(serializers.ModelSerializer):
    """A seller as the seeds show it (price and stock lists by id)."""

    class Meta:
        model = DataSource
        fields = [
            "pk",
            "name",
            "slug",
            "title",
            "supplier_code",
            "address",
            "email",
            "phone_number",
            "fax_number",
            "kep_address",
            "mersis_number",
            "trade_association",
            "extras",
            "price_list",
            "stock_list",
            "is_active",
        ]
        read_only_fields = fields


@schema_only
class ProductImageSerializer(serializers.ModelSerializer):
    """An image with its storage path, as the seeds show it (not an absolute URL)."""

    image = serializers.CharField(source="image.name", read_only=True)

    class Meta:
        model = ProductImage
        fields = ["pk", "product", "image", "order", "height", "width"]
        read_only_fields = fields


@schema_only
class ProductSummarySerializer(serializers.ModelSerializer):
    """A product as nested in conversations."""

    product_images = ProductImageSerializer(source="productimage_set", many=True, read_only=True)

    class Meta:
        model = Product
        fields = ["pk", "name", "sku", "absolute_url", "product_images"]
        read_only_fields = fields


@schema_only
class ProductImageDetailSerializer(serializers.ModelSerializer):
    """An image in a product's `productimage_set`: an absolute URL, as the platform's product shows it."""

    image = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    specialimage_set = serializers.SerializerMethodField()

    class Meta:
        model = ProductImage
        fields = ["pk", "image", "order", "status", "specialimage_set", "created_date"]
        read_only_fields = fields

    def get_image(self, image: ProductImage) -> str: ...  # the builder's: the absolute URL.

    def get_status(self, image: ProductImage) -> str: ...  # the builder's: always "active".

    def get_specialimage_set(self, image: ProductImage) -> list[dict]: ...  # the builder's: always [].


@schema_only
class ProductSerializer(serializers.ModelSerializer):
    """A product wherever an answer nests one (order items, favourites, stock alerts): the fields of
    seed 003's order-item product first, then those of the client's `Product` type
    (types/commerce/product.ts) and of the platform's Wishlist pages."""

    image = serializers.SerializerMethodField()
    form_schema = serializers.SerializerMethodField()
    data_source = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    currency_type = serializers.SerializerMethodField()
    is_ready_to_basket = serializers.SerializerMethodField()
    productimage_set = ProductImageDetailSerializer(many=True, read_only=True)
    productvideo_set = serializers.SerializerMethodField()
    basket_offers = serializers.SerializerMethodField()
    price_type = serializers.SerializerMethodField()
    product_type = serializers.SerializerMethodField()
    unit_type = serializers.SerializerMethodField()
    extra_data = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            # seed 003's order-item product
            "pk",
            "sku",
            "base_code",
            "name",
            "image",
            "absolute_url",
            "attributes",
            "attributes_kwargs",
            "form_schema",
            "data_source",
            "extra_attributes",
            # the client's Product type and the platform's Wishlist pages
            "price",
            "retail_price",
            "currency_type",
            "in_stock",
            "stock",
            "is_ready_to_basket",
            "productimage_set",
            "productvideo_set",
            "attribute_set",
            "basket_offers",
            "price_type",
            "product_type",
            "unit_type",
            "extra_data",
            "created_date",
            "modified_date",
        ]
        read_only_fields = fields

    def get_image(self, product: Product) -> str | None: ...  # the builder's: the first image's absolute URL.

    def get_form_schema(self, product: Product) -> dict | None: ...  # always null: pazar keeps no product forms.

    def get_currency_type(self, product: Product) -> str: ...  # the price's currency code ("try", "usd", "eur").

    def get_is_ready_to_basket(self, product: Product) -> bool: ...  # priced and in stock.

    def get_productvideo_set(self, product: Product) -> list[dict]: ...  # always []: pazar keeps no videos.

    def get_basket_offers(self, product: Product) -> list[dict]: ...  # always []: pazar runs no promotions.

    def get_price_type(self, product: Product) -> str: ...  # always "default" (one price list).

    def get_product_type(self, product: Product) -> str: ...  # always "0" (a simple product).

    def get_unit_type(self, product: Product) -> str: ...  # always "qty".

    def get_extra_data(self, product: Product) -> dict: ...  # always {}.
