"""What an imported line must hold: the order detail's (or old order's) shape, validated field by field."""

from django.db import models
from rest_framework import serializers

from pazar.catalog.models import Currency
from pazar.orders.models import (
    MONEY,
    RATE,
    ClientType,
    OldOrder,
    Order,
    OrderStatus,
    PaymentType,
    ShippingCompany,
)


class ImportLineError(Exception):
    """A line that cannot be imported, with the reason to report."""


class ChoiceValueField(serializers.Field):
    """A choice given as its value (`200`, `"200"`) or as the API renders it (`{"value": "200", "label": ...}`)."""

    default_error_messages = {"invalid_choice": '"{input}" is not a valid choice.'}

    def __init__(self, choices: type[models.Choices], **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("value")
        for value in self.choices.values:
            if str(value) == str(data).strip().lower():
                return value
        self.fail("invalid_choice", input=data)

    def to_representation(self, value):
        return value


def _text(max_length: int = 255, **kwargs):
    return serializers.CharField(max_length=max_length, required=False, allow_null=True, allow_blank=True, **kwargs)


def _money(**kwargs):
    return serializers.DecimalField(**MONEY, required=False, **kwargs)


class NamedSerializer(serializers.Serializer):
    """A country, city, township or district by name (and code for a country)."""

    name = serializers.CharField(max_length=128)
    code = serializers.CharField(max_length=8, required=False)


class AddressImportSerializer(serializers.Serializer):
    """An address as the order detail nests it."""

    email = serializers.EmailField(required=False, allow_blank=True, allow_null=True)
    phone_number = _text(32)
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    country = NamedSerializer()
    city = NamedSerializer()
    township = NamedSerializer(required=False, allow_null=True)
    district = NamedSerializer(required=False, allow_null=True)
    line = serializers.CharField(max_length=512)
    title = _text(128)
    postcode = _text(16)
    notes = _text(512)
    company_name = _text()
    tax_office = _text()
    tax_no = _text(64)
    e_bill_taxpayer = serializers.BooleanField(required=False, default=False)
    hash_data = _text(64)
    identity_number = _text(32)
    is_corporate = serializers.BooleanField(required=False, default=False)
    extra_field = serializers.JSONField(required=False, allow_null=True)


class ProductImportSerializer(serializers.Serializer):
    """The product of an item: matched by SKU, created from these fields when the catalogue lacks it."""

    sku = serializers.CharField(max_length=128)
    name = serializers.CharField(max_length=255)
    base_code = _text(128)
    absolute_url = _text()
    attributes = serializers.JSONField(required=False, default=dict)
    attributes_kwargs = serializers.JSONField(required=False, default=dict)
    extra_attributes = serializers.JSONField(required=False, default=dict)


class DataSourceRefSerializer(serializers.Serializer):
    """A seller, matched by its supplier code."""

    supplier_code = serializers.CharField(max_length=64)


class OrderItemImportSerializer(serializers.Serializer):
    """An item as the order detail shows it (plus `delivered_date`, which starts the return window)."""

    product = ProductImportSerializer()
    status = ChoiceValueField(OrderStatus, required=False, default=OrderStatus.WAITING)
    price_currency = ChoiceValueField(Currency, required=False, default=Currency.TRY)
    price = serializers.DecimalField(**MONEY)
    retail_price = _money(allow_null=True)
    tax_rate = serializers.DecimalField(**RATE, required=False, default=0)
    quantity = serializers.IntegerField(min_value=1, required=False, default=1)
    created_date = serializers.DateTimeField(required=False)
    delivered_date = serializers.DateTimeField(required=False, allow_null=True)
    estimated_delivery_date = serializers.DateField(required=False, allow_null=True)
    shipping_company = ChoiceValueField(ShippingCompany, required=False, allow_null=True)
    tracking_number = _text(128)
    defined_tracking_url = _text(512)
    shipping_tracking_url = _text(512)
    invoice_number = _text(128)
    invoice_date = serializers.DateTimeField(required=False, allow_null=True)
    e_archive_url = _text(512)
    image = _text(512)
    attributes = serializers.JSONField(required=False, default=dict)
    attributes_kwargs = serializers.JSONField(required=False, default=dict)
    localized_attributes = serializers.JSONField(required=False, default=dict)
    localized_attributes_kwargs = serializers.JSONField(required=False, default=dict)
    extra_field = serializers.JSONField(required=False, default=dict)
    extra_product_price = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    extra_product_stock = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    datasource_detailed = DataSourceRefSerializer(required=False, allow_null=True)


class DiscountItemImportSerializer(serializers.Serializer):
    """A discount of an imported order."""

    name = serializers.CharField(max_length=255)
    amount = serializers.DecimalField(**MONEY)
    currency = ChoiceValueField(Currency, required=False, default=Currency.TRY)
    created_date = serializers.DateTimeField(required=False)


class PaymentOptionImportSerializer(serializers.Serializer):
    """A payment option, matched by slug."""

    name = serializers.CharField(max_length=255)
    slug = serializers.SlugField(max_length=255)
    payment_type = ChoiceValueField(PaymentType, required=False, default=PaymentType.OTHER)


class BankImportSerializer(serializers.Serializer):
    """A bank, matched by slug."""

    name = serializers.CharField(max_length=255)
    slug = serializers.SlugField(max_length=255)


class OrderImportSerializer(serializers.Serializer):
    """One line of `import_orders`: an order detail response (unknown keys, such as `id`, are ignored)."""

    class Meta:
        model = Order

    number = serializers.CharField(max_length=64)
    user_email = serializers.EmailField()
    status = ChoiceValueField(OrderStatus)
    currency = ChoiceValueField(Currency, required=False, default=Currency.TRY)
    created_date = serializers.DateTimeField(required=False)
    amount = serializers.DecimalField(**MONEY)
    discount_amount = _money(default=0)
    shipping_amount = _money(default=0)
    shipping_tax_rate = serializers.DecimalField(**RATE, required=False, allow_null=True)
    refund_amount = _money(default=0)
    discount_refund_amount = _money(default=0)
    shipping_refund_amount = _money(default=0)
    installment_count = serializers.IntegerField(min_value=1, required=False, default=1)
    installment_interest_amount = _money(default=0)
    shipping_address = AddressImportSerializer(required=False, allow_null=True)
    billing_address = AddressImportSerializer(required=False, allow_null=True)
    payment_option = PaymentOptionImportSerializer(required=False, allow_null=True)
    bank = BankImportSerializer(required=False, allow_null=True)
    client_type = ChoiceValueField(ClientType, required=False, default=ClientType.DEFAULT)
    shipping_company = ChoiceValueField(ShippingCompany, required=False, allow_null=True)
    shipping_option_slug = _text()
    payment_option_slug = _text()
    bin_number = _text(16)
    tracking_number = _text(128)
    defined_tracking_url = _text(512)
    shipping_tracking_url = _text(512)
    invoice_number = _text(128)
    invoice_date = serializers.DateTimeField(required=False, allow_null=True)
    e_archive_url = _text(512)
    remote_addr = serializers.IPAddressField(required=False, allow_null=True)
    has_gift_box = serializers.BooleanField(required=False, default=False)
    gift_box_note = _text(512)
    language_code = _text(16)
    notes = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    delivery_range = serializers.JSONField(required=False, allow_null=True)
    extra_field = serializers.JSONField(required=False, allow_null=True)
    basket = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    shipping_option = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    card = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    installment = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    segment = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    checkout_provider = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    orderitem_set = OrderItemImportSerializer(many=True, allow_empty=False)
    discountitem_set = DiscountItemImportSerializer(many=True, required=False, default=list)


class OldOrderItemImportSerializer(serializers.Serializer):
    """A line of an imported old order."""

    sku = _text(128)
    name = _text()
    quantity = serializers.IntegerField(min_value=1, required=False, default=1)
    price = _money(default=0)
    status = _text(64)
    extra_field = serializers.JSONField(required=False, default=dict)


class OldOrderImportSerializer(serializers.Serializer):
    """One line of `import_old_orders`: an old order response."""

    class Meta:
        model = OldOrder

    number = serializers.CharField(max_length=64)
    user_email = serializers.EmailField()
    status = _text(64)
    currency = ChoiceValueField(Currency, required=False, default=Currency.TRY)
    created_date = serializers.DateTimeField(required=False)
    amount = _money(default=0)
    discount_amount = _money(default=0)
    payment_type = _text(128)
    bank = _text(128)
    installment_count = serializers.IntegerField(min_value=1, required=False, default=1)
    shipping_company = ChoiceValueField(ShippingCompany, required=False, allow_null=True)
    tracking_number = _text(128)
    shipping_address = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    billing_address = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    extra_field = serializers.JSONField(required=False, default=dict)
    oldorderitem_set = OldOrderItemImportSerializer(many=True, required=False, default=list)
