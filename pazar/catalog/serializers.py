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
