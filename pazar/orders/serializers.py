"""Request bodies of the orders endpoints, and their responses' schema declarations, in seed 003's shapes.

The response serializers of orders, items, requests, easy returns and old orders are schema
declarations (`@schema_only`, pazar/core/builders.py): drf-spectacular reads them for
`/api/schema/`, pazar/orders/builders.py renders through their field lists and field objects, and
none of them builds a response. The cancellation reasons and the request bodies still run here.
"""

import functools
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from modeltranslation.utils import build_localized_fieldname
from rest_framework import serializers

from pazar.addresses.serializers import AddressSerializer
from pazar.catalog.models import Currency
from pazar.catalog.serializers import DataSourceSerializer, ProductSerializer
from pazar.core.builders import schema_only
from pazar.core.openapi import NULLABLE_OBJECT
from pazar.orders.models import (
    CancellationReason,
    CancellationRequest,
    CancellationRequestStatus,
    CancellationType,
    DiscountItem,
    EasyReturn,
    EasyReturnShippingCompany,
    EasyReturnStatus,
    OldOrder,
    OldOrderItem,
    Order,
    OrderItem,
    OrderStatus,
    PaymentType,
    ShippingCompany,
)
from pazar.orders.validators import validate_iban

MAX_BULK_ITEMS = 100
CENTS = Decimal("0.01")


def labeled(choices: type[models.Choices], value) -> dict:
    """`{"value": "200", "label": "..."}`; a value outside the choices (imported) is its own label."""
    value_text, label = _label(choices, value, translation.get_language())
    return {"value": value_text, "label": label}


@functools.lru_cache(maxsize=4096)
def _label(choices: type[models.Choices], value, language: str | None) -> tuple[str, str]:
    """Looked up and translated once per choice and language: a page of orders asks ~100 times."""
    try:
        label = choices(value).label
    except ValueError:
        label = value
    return str(value), str(label)


@schema_only
class LabeledChoiceSerializer(serializers.Serializer):
    """A choice as `{"value": ..., "label": ...}`, the label in the request's language."""

    value = serializers.CharField()
    label = serializers.CharField()

    def __init__(self, *args, choices: type[models.Choices] | None = None, **kwargs):
        self.choices = choices
        super().__init__(*args, **kwargs)


class HourRangeSerializer(serializers.Serializer):
    """A pickup window within a day, as "HH:MM"."""

    start = serializers.TimeField(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"])
    end = serializers.TimeField(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"])

    def validate(self, attrs):
        if attrs["start"] >= attrs["end"]:
            raise serializers.ValidationError({"end": [_("The end of the hour range must be after its start.")]})
        return attrs


class PickupDateSerializer(serializers.Serializer):
    """`{"date": "2024-01-01", "hour_range": {"start": "09:00", "end": "12:00"}}`."""

    date = serializers.DateField()
    hour_range = HourRangeSerializer(required=False, allow_null=True)


@schema_only
class EasyReturnShippingCompanySerializer(serializers.ModelSerializer):
    """A company that takes returns of an item."""

    shipping_company = LabeledChoiceSerializer(choices=ShippingCompany, read_only=True)

    class Meta:
        model = EasyReturnShippingCompany
        fields = ["pk", "shipping_company", "name"]
        read_only_fields = fields


@schema_only
class EasyReturnSerializer(serializers.ModelSerializer):
    """The return code, its status, company, pickup window and tracking."""

    status = LabeledChoiceSerializer(choices=EasyReturnStatus, read_only=True)
    shipping_company = LabeledChoiceSerializer(
        source="shipping_company.shipping_company", choices=ShippingCompany, read_only=True
    )
    pickup_date = serializers.SerializerMethodField()

    class Meta:
        model = EasyReturn
        fields = [
            "status",
            "code",
            "end_date",
            "tracking_url",
            "tracking_number",
            "shipping_company",
            "pickup_date",
            "start_date",
        ]
        read_only_fields = fields

    @extend_schema_field(PickupDateSerializer(allow_null=True))
    def get_pickup_date(
        self, easy_return: EasyReturn
    ): ...  # the builder's: the pickup day and hour range (PickupDateSerializer), or null.


@schema_only
class CancellationRequestSerializer(serializers.ModelSerializer):
    """A cancellation or refund request with its easy return."""

    status = LabeledChoiceSerializer(choices=CancellationRequestStatus, read_only=True)
    easy_return = EasyReturnSerializer(read_only=True, allow_null=True)

    class Meta:
        model = CancellationRequest
        fields = [
            "id",
            "cancellation_type",
            "status",
            "easy_return",
            "created_date",
            "modified_date",
            "uuid",
            "description",
            "iban",
            "holder_name",
            "reason",
            "order_item",
            "quantity",
            "fully_refund_as_loyalty_money",
        ]
        read_only_fields = fields


@schema_only
class OrderItemSerializer(serializers.ModelSerializer):
    """An order item with its requests and derived flags."""

    status = LabeledChoiceSerializer(choices=OrderStatus, read_only=True)
    price_currency = LabeledChoiceSerializer(choices=Currency, read_only=True)
    shipping_company = LabeledChoiceSerializer(choices=ShippingCompany, read_only=True, allow_null=True)
    product = ProductSerializer(read_only=True)
    is_cancelled = serializers.SerializerMethodField()
    is_cancellable = serializers.SerializerMethodField()
    is_refundable = serializers.SerializerMethodField()
    cancellationrequest_set = CancellationRequestSerializer(many=True, read_only=True)
    active_cancellation_request = serializers.SerializerMethodField()
    tracking_url = serializers.CharField(read_only=True, allow_null=True)
    is_tradable = serializers.SerializerMethodField()
    available_easy_return_shipping_companies = serializers.SerializerMethodField()
    datasource_detailed = DataSourceSerializer(source="datasource", read_only=True, allow_null=True)
    extra_product_stock_detailed = serializers.SerializerMethodField()
    extra_product_price_detailed = serializers.SerializerMethodField()
    shipping_option_group = serializers.SerializerMethodField()
    # The client's OrderItem type: the price of one unit and of the line (`price` is per unit).
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2, source="price", read_only=True)
    total_amount = serializers.SerializerMethodField()

    class Meta:
        model = OrderItem
        fields = [
            "id",
            "status",
            "price_currency",
            "product",
            "is_cancelled",
            "is_cancellable",
            "is_refundable",
            "cancellationrequest_set",
            "active_cancellation_request",
            "shipping_company",
            "tracking_url",
            "is_tradable",
            "available_easy_return_shipping_companies",
            "datasource_detailed",
            "extra_product_stock_detailed",
            "extra_product_price_detailed",
            "shipping_option_group",
            "created_date",
            "modified_date",
            "attributes",
            "attributes_kwargs",
            "localized_attributes",
            "localized_attributes_kwargs",
            "price",
            "quantity",
            "tax_rate",
            "invoice_number",
            "invoice_date",
            "e_archive_url",
            "tracking_number",
            "defined_tracking_url",
            "retail_price",
            "image",
            "extra_field",
            "estimated_delivery_date",
            "shipping_tracking_url",
            "order",
            "parent",
            "extra_product_price",
            "extra_product_stock",
            "datasource",
            "unit_price",
            "total_amount",
        ]
        read_only_fields = fields

    def get_is_cancelled(self, item: OrderItem) -> bool: ...  # the builder's: statuses.is_cancelled of the status.

    def get_is_cancellable(
        self, item: OrderItem
    ) -> bool: ...  # the builder's: rules.is_cancellable of the item and its requests.

    def get_is_refundable(
        self, item: OrderItem
    ) -> bool: ...  # the builder's: rules.is_refundable of the item, its requests and the return window.

    @extend_schema_field(CancellationRequestSerializer(allow_null=True))
    def get_active_cancellation_request(
        self, item: OrderItem
    ): ...  # the builder's: the item's open request (rules.active_request), or null.

    def get_is_tradable(
        self, item: OrderItem
    ) -> bool: ...  # the builder's: whether the item's trade-in offer waits for an answer.

    @extend_schema_field(EasyReturnShippingCompanySerializer(many=True))
    def get_available_easy_return_shipping_companies(
        self, item: OrderItem
    ): ...  # the builder's: the active easy-return companies that serve the item's seller.

    @extend_schema_field(NULLABLE_OBJECT)
    def get_extra_product_stock_detailed(self, item: OrderItem) -> dict | None: ...  # the builder's: always null.

    @extend_schema_field(NULLABLE_OBJECT)
    def get_extra_product_price_detailed(self, item: OrderItem) -> dict | None: ...  # the builder's: always null.

    @extend_schema_field(NULLABLE_OBJECT)
    def get_shipping_option_group(self, item: OrderItem) -> dict | None: ...  # the builder's: always null.

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_total_amount(self, item: OrderItem) -> str: ...  # the builder's: price × quantity (line_total).


def line_total(price, quantity) -> str:
    """price × quantity as a decimal string of cents (`unit_price`, `total_amount`)."""
    return str((price * quantity).quantize(CENTS))


@schema_only
class DiscountItemSerializer(serializers.ModelSerializer):
    """A discount of an order, with the order's number."""

    order_number = serializers.CharField(source="order.number", read_only=True)
    currency = LabeledChoiceSerializer(choices=Currency, read_only=True)

    class Meta:
        model = DiscountItem
        fields = ["name", "amount", "created_date", "order_number", "currency"]
        read_only_fields = fields


@schema_only
class PaymentOptionSerializer(serializers.Serializer):
    """The payment option an order was paid with."""

    pk = serializers.IntegerField()
    name = serializers.CharField()
    payment_type = serializers.CharField()
    payment_type_label = serializers.SerializerMethodField()
    slug = serializers.CharField()

    def get_payment_type_label(
        self, option
    ) -> str: ...  # the builder's: the payment type's name in the request's language (payment_type_label).


def payment_type_label(value: str) -> str:
    """The payment type's name in the request's language (an imported unknown type is its own label)."""
    return labeled(PaymentType, value)["label"]


@schema_only
class BankSerializer(serializers.Serializer):
    """The bank of the card an order was paid with; `logo` is the stored file's URL."""

    pk = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    logo = serializers.SerializerMethodField()

    def get_logo(self, bank) -> str | None: ...  # the builder's: the logo's stored file URL, or null.


@schema_only
class OrderSerializer(serializers.ModelSerializer):
    """An order with its items, discounts and addresses, as the list, detail and cancellation views show it."""

    status = LabeledChoiceSerializer(choices=OrderStatus, read_only=True)
    currency = LabeledChoiceSerializer(choices=Currency, read_only=True)
    orderitem_set = OrderItemSerializer(many=True, read_only=True)
    discountitem_set = DiscountItemSerializer(many=True, read_only=True)
    is_cancelled = serializers.SerializerMethodField()
    is_cancellable = serializers.SerializerMethodField()
    is_refundable = serializers.SerializerMethodField()
    shipping_address = AddressSerializer(read_only=True, allow_null=True)
    billing_address = AddressSerializer(read_only=True, allow_null=True)
    shipping_company = LabeledChoiceSerializer(choices=ShippingCompany, read_only=True, allow_null=True)
    payment_option = PaymentOptionSerializer(read_only=True, allow_null=True)
    amount_without_discount = serializers.DecimalField(max_digits=13, decimal_places=2, read_only=True)
    is_payable = serializers.SerializerMethodField()
    tracking_url = serializers.CharField(read_only=True, allow_null=True)
    bank = BankSerializer(read_only=True, allow_null=True)
    loyaltytransaction_set = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = [
            "id",
            "status",
            "currency",
            "orderitem_set",
            "discountitem_set",
            "is_cancelled",
            "is_cancellable",
            "is_refundable",
            "shipping_address",
            "billing_address",
            "shipping_company",
            "client_type",
            "payment_option",
            "amount_without_discount",
            "is_payable",
            "tracking_url",
            "bank",
            "loyaltytransaction_set",
            "created_date",
            "modified_date",
            "number",
            "amount",
            "discount_amount",
            "shipping_amount",
            "shipping_tax_rate",
            "refund_amount",
            "discount_refund_amount",
            "shipping_refund_amount",
            "invoice_number",
            "invoice_date",
            "e_archive_url",
            "tracking_number",
            "defined_tracking_url",
            "remote_addr",
            "has_gift_box",
            "gift_box_note",
            "language_code",
            "notes",
            "delivery_range",
            "extra_field",
            "user_email",
            "shipping_option_slug",
            "payment_option_slug",
            "bin_number",
            "installment_count",
            "installment_interest_amount",
            "shipping_tracking_url",
            "user",
            "basket",
            "shipping_option",
            "card",
            "installment",
            "segment",
            "checkout_provider",
        ]
        read_only_fields = fields

    def get_is_cancelled(self, order: Order) -> bool: ...  # the builder's: statuses.is_cancelled of the status.

    def get_is_cancellable(self, order: Order) -> bool: ...  # the builder's: whether any item is cancellable.

    def get_is_refundable(self, order: Order) -> bool: ...  # the builder's: whether any item is refundable.

    def get_is_payable(self, order: Order) -> bool: ...  # the builder's: statuses.is_payable of the status.

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_loyaltytransaction_set(
        self, order: Order
    ) -> list: ...  # the builder's: always empty: loyalty transactions live in the loyalty-card service.


class CancellationReasonSerializer(serializers.ModelSerializer):
    """A reason; `subject` in the request's language, `translations` every language that has one."""

    translations = serializers.SerializerMethodField()

    class Meta:
        model = CancellationReason
        fields = [
            "id",
            "cancellation_type",
            "translations",
            "created_date",
            "modified_date",
            "uuid",
            "subject",
            "extra_information_needed",
            "order",
            "is_active",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {"type": "object", "additionalProperties": {"type": "object", "properties": {"subject": {"type": "string"}}}}
    )
    def get_translations(self, reason: CancellationReason) -> dict:
        translations = {}
        for code, _name in settings.LANGUAGES:
            subject = getattr(reason, build_localized_fieldname("subject", code), None)
            if subject:
                translations[code] = {"subject": subject}
        return translations


@schema_only
class OldOrderItemSerializer(serializers.ModelSerializer):
    """A line of a migrated order."""

    class Meta:
        model = OldOrderItem
        fields = ["id", "sku", "name", "quantity", "price", "status", "extra_field"]
        read_only_fields = fields


@schema_only
class OldOrderSerializer(serializers.ModelSerializer):
    """A migrated order, as seed 003 shows it (status, bank and addresses are text)."""

    currency = LabeledChoiceSerializer(choices=Currency, read_only=True)
    shipping_company = LabeledChoiceSerializer(choices=ShippingCompany, read_only=True, allow_null=True)
    oldorderitem_set = OldOrderItemSerializer(many=True, read_only=True)

    class Meta:
        model = OldOrder
        fields = [
            "id",
            "currency",
            "shipping_company",
            "oldorderitem_set",
            "number",
            "user_email",
            "status",
            "created_date",
            "amount",
            "discount_amount",
            "payment_type",
            "bank",
            "installment_count",
            "tracking_number",
            "shipping_address",
            "billing_address",
            "extra_field",
            "user",
        ]
        read_only_fields = fields


class CancellationRequestCreateSerializer(serializers.Serializer):
    """The body of `POST /users/orders/cancellation_requests/` (and each bulk entry).

    Ids are checked against the requester by the service: someone else's item or address is a 404.
    """

    order_item = serializers.IntegerField(min_value=1)
    reason = serializers.IntegerField(min_value=1)
    cancellation_type = serializers.ChoiceField(choices=CancellationType.choices)
    quantity = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    description = serializers.CharField(max_length=2000, required=False, allow_null=True, allow_blank=True)
    shipping_company = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text=_("An easy-return shipping company (refunds).")
    )
    pickup_address = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    pickup_date = PickupDateSerializer(required=False, allow_null=True)
    iban = serializers.CharField(max_length=64, required=False, allow_null=True, allow_blank=True)
    holder_name = serializers.CharField(max_length=255, required=False, allow_null=True, allow_blank=True)
    fully_refund_as_loyalty_money = serializers.BooleanField(required=False)

    def validate_iban(self, value):
        if not value:
            return None
        try:
            return validate_iban(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(list(exc.messages))

    def validate_pickup_date(self, value):
        if value and value["date"] < timezone.localdate():
            raise serializers.ValidationError({"date": [_("The pickup date cannot be in the past.")]})
        return value


class BulkCancellationRequestSerializer(serializers.Serializer):
    """The body of `POST /users/orders/bulk_cancellation_requests/`: all entries or none."""

    cancel_order_items = CancellationRequestCreateSerializer(many=True, allow_empty=False, max_length=MAX_BULK_ITEMS)
    pickup_address = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text=_("Used by entries that name none.")
    )
    fully_refund_as_loyalty_money = serializers.BooleanField(
        required=False, help_text=_("Used by entries that do not say.")
    )


class GuestOrderLookupSerializer(serializers.Serializer):
    """A guest's order tracking form (form data): the email the order was placed with and its number."""

    email = serializers.EmailField(max_length=254)
    number = serializers.CharField(max_length=64)


class OrderCancelSerializer(serializers.Serializer):
    """The body of `POST /orders/<pk>/cancel/` as the client sends it (AccountOrderCancellation)."""

    return_policy = serializers.BooleanField(
        required=False, help_text=_("The shopper ticked the return policy; recorded by the client only.")
    )
    cancel_order_items = CancellationRequestCreateSerializer(many=True, allow_empty=False, max_length=MAX_BULK_ITEMS)
