"""Orders and their items, cancellation and refund requests, easy return, old orders, trade-in."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pazar.catalog.models import Currency
from pazar.core.models import BaseModel

MONEY = {"max_digits": 12, "decimal_places": 2}
RATE = {"max_digits": 5, "decimal_places": 2}


class OrderStatus(models.IntegerChoices):
    """The platform's order and order-item status codes."""

    CANCELLATION_WAITING = 50, _("Cancellation waiting")
    CANCELLED = 100, _("Cancelled")
    WAITING = 200, _("Waiting")
    PAYMENT_WAITING = 300, _("Payment waiting")
    CONFIRMATION_WAITING = 350, _("Confirmation waiting")
    APPROVED = 400, _("Approved")
    PREPARING = 450, _("Preparing")
    SHIPPED = 500, _("Shipped")
    SHIPPED_AND_INFORMED = 510, _("Shipped and informed")
    READY_FOR_PICKUP = 520, _("Ready for pickup")
    ATTEMPTED_DELIVERY = 540, _("Attempted delivery")
    REVIEW_STARTED = 544, _("Review started")
    REVIEW_WAITING = 545, _("Review waiting")
    DELIVERED = 550, _("Delivered")
    REFUNDED = 600, _("Refunded")


class ShippingCompany(models.TextChoices):
    """Cargo companies orders ship with and easy returns go back with."""

    YURTICI = "yurtici", _("Yurtiçi Kargo")
    ARAS = "aras", _("Aras Kargo")
    MNG = "mng", _("MNG Kargo")
    PTT = "ptt", _("PTT Kargo")
    SURAT = "surat", _("Sürat Kargo")
    UPS = "ups", _("UPS")
    DHL = "dhl", _("DHL")
    HEPSIJET = "hepsijet", _("HepsiJet")
    EXTENSION = "extension", _("Extension Cargo")
    OTHER = "other", _("Other")


class ClientType(models.TextChoices):
    """Where the order was placed."""

    DEFAULT = "default", _("default")
    IOS = "ios", _("iOS")
    ANDROID = "android", _("Android")
    INSTORE = "instore", _("in store")


class PaymentType(models.TextChoices):
    """How a payment option takes the money."""

    CREDIT_CARD = "credit_card", _("credit card")
    SAVED_CARD = "saved_card", _("saved card")
    MASTERPASS = "masterpass", _("Masterpass")
    FUNDS_TRANSFER = "funds_transfer", _("funds transfer")
    PAY_ON_DELIVERY = "pay_on_delivery", _("pay on delivery")
    LOYALTY_MONEY = "loyalty_money", _("loyalty money")
    REDIRECTION = "redirection", _("redirection")
    OTHER = "other", _("other")


class CancellationType(models.TextChoices):
    """Cancel an item not yet shipped, or return (refund) a delivered one."""

    CANCEL = "cancel", _("Cancel")
    REFUND = "refund", _("Refund")


class CancellationRequestStatus(models.TextChoices):
    """Where a cancellation or refund request stands; moves: statuses.REQUEST_MOVES."""

    OPEN = "open", _("Open")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    COMPLETED = "completed", _("Completed")


class EasyReturnStatus(models.TextChoices):
    """An easy-return code is active until the return completes or the request is rejected."""

    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class TradeInStatus(models.TextChoices):
    """A trade-in offer is answered once."""

    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class PaymentOption(BaseModel):
    """A way to pay offered at checkout."""

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    payment_type = models.CharField(max_length=32, choices=PaymentType.choices, default=PaymentType.CREDIT_CARD)
    is_active = models.BooleanField(default=True)

    def __str__(self):
        return self.name


class Bank(BaseModel):
    """A bank that issued the card an order was paid with."""

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    logo = models.ImageField(upload_to="banks/", null=True, blank=True)

    def __str__(self):
        return self.name


class EasyReturnShippingCompany(BaseModel):
    """A cargo company that takes returns with a code; some collect the parcel from the door."""

    shipping_company = models.CharField(max_length=32, choices=ShippingCompany.choices)
    name = models.CharField(max_length=255)
    collects_from_door = models.BooleanField(
        default=False, help_text=_("The company picks the parcel up at the customer's address.")
    )
    datasources = models.ManyToManyField(
        "catalog.DataSource",
        blank=True,
        related_name="easy_return_shipping_companies",
        help_text=_("Sellers whose items it takes back; none means every seller."),
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "easy return shipping companies"

    def __str__(self):
        return f"{self.get_shipping_company_display()} ({self.name})"


class CancellationReason(BaseModel):
    """Why a user cancels or returns an item; `subject` is translated (subject_en, subject_tr)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cancellation_type = models.CharField(max_length=16, choices=CancellationType.choices)
    subject = models.CharField(max_length=255)
    extra_information_needed = models.BooleanField(
        default=False, help_text=_("The user must describe the problem in the request's description.")
    )
    order = models.PositiveIntegerField(default=0, help_text=_("Position in the list; lower first."))
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.subject


class Order(BaseModel):
    """A user's order as the platform keeps it; amounts are in `currency`."""

    created_date = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    number = models.CharField(max_length=64, unique=True)
    status = models.PositiveSmallIntegerField(choices=OrderStatus.choices, default=OrderStatus.WAITING)
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.TRY)
    amount = models.DecimalField(**MONEY, default=0)
    discount_amount = models.DecimalField(**MONEY, default=0)
    shipping_amount = models.DecimalField(**MONEY, default=0)
    shipping_tax_rate = models.DecimalField(**RATE, null=True, blank=True)
    refund_amount = models.DecimalField(**MONEY, default=0)
    discount_refund_amount = models.DecimalField(**MONEY, default=0)
    shipping_refund_amount = models.DecimalField(**MONEY, default=0)
    installment_count = models.PositiveSmallIntegerField(default=1)
    installment_interest_amount = models.DecimalField(**MONEY, default=0)
    # Addresses are the user's address rows; an order keeps them from being deleted.
    shipping_address = models.ForeignKey(
        "addresses.Address", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    billing_address = models.ForeignKey(
        "addresses.Address", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    payment_option = models.ForeignKey(PaymentOption, on_delete=models.PROTECT, null=True, blank=True)
    payment_option_slug = models.CharField(max_length=255, blank=True, default="")
    bank = models.ForeignKey(Bank, on_delete=models.PROTECT, null=True, blank=True)
    bin_number = models.CharField(max_length=16, null=True, blank=True)
    client_type = models.CharField(max_length=16, choices=ClientType.choices, default=ClientType.DEFAULT)
    shipping_company = models.CharField(max_length=32, choices=ShippingCompany.choices, null=True, blank=True)
    shipping_option_slug = models.CharField(max_length=255, blank=True, default="")
    tracking_number = models.CharField(max_length=128, null=True, blank=True)
    defined_tracking_url = models.URLField(max_length=512, null=True, blank=True)
    shipping_tracking_url = models.URLField(max_length=512, null=True, blank=True)
    invoice_number = models.CharField(max_length=128, null=True, blank=True)
    invoice_date = models.DateTimeField(null=True, blank=True)
    e_archive_url = models.URLField(max_length=512, null=True, blank=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    has_gift_box = models.BooleanField(default=False)
    gift_box_note = models.CharField(max_length=512, null=True, blank=True)
    language_code = models.CharField(max_length=16, blank=True, default="")
    notes = models.TextField(null=True, blank=True)
    delivery_range = models.JSONField(null=True, blank=True)
    extra_field = models.JSONField(null=True, blank=True, default=dict)
    user_email = models.EmailField(max_length=254, blank=True, default="")
    # Identifiers in systems pazar does not model (checkout, cards, segments): kept as given.
    basket = models.PositiveBigIntegerField(null=True, blank=True)
    shipping_option = models.PositiveBigIntegerField(null=True, blank=True)
    card = models.PositiveBigIntegerField(null=True, blank=True)
    installment = models.PositiveBigIntegerField(null=True, blank=True)
    segment = models.PositiveBigIntegerField(null=True, blank=True)
    checkout_provider = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "-created_date", "-id"], name="orders_order_user_created"),
            models.Index(fields=["user", "status"], name="orders_order_user_status"),
        ]

    def __str__(self):
        return self.number

    @property
    def amount_without_discount(self):
        return self.amount + self.discount_amount

    @property
    def tracking_url(self) -> str | None:
        return self.defined_tracking_url or self.shipping_tracking_url


class OrderItem(BaseModel):
    """A line of an order: a product, its unit price, quantity and fulfilment status."""

    created_date = models.DateTimeField(default=timezone.now, db_index=True)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="orderitem_set")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    datasource = models.ForeignKey(
        "catalog.DataSource", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    status = models.PositiveSmallIntegerField(choices=OrderStatus.choices, default=OrderStatus.WAITING)
    quantity = models.PositiveIntegerField(default=1)
    price_currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.TRY)
    price = models.DecimalField(**MONEY, help_text=_("Unit price paid."))
    retail_price = models.DecimalField(**MONEY, null=True, blank=True)
    tax_rate = models.DecimalField(**RATE, default=0)
    delivered_date = models.DateTimeField(
        null=True, blank=True, help_text=_("When the item was delivered: the return window starts here.")
    )
    estimated_delivery_date = models.DateField(null=True, blank=True)
    shipping_company = models.CharField(max_length=32, choices=ShippingCompany.choices, null=True, blank=True)
    tracking_number = models.CharField(max_length=128, null=True, blank=True)
    defined_tracking_url = models.URLField(max_length=512, null=True, blank=True)
    shipping_tracking_url = models.URLField(max_length=512, null=True, blank=True)
    invoice_number = models.CharField(max_length=128, null=True, blank=True)
    invoice_date = models.DateTimeField(null=True, blank=True)
    e_archive_url = models.URLField(max_length=512, null=True, blank=True)
    image = models.CharField(max_length=512, null=True, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    attributes_kwargs = models.JSONField(default=dict, blank=True)
    localized_attributes = models.JSONField(default=dict, blank=True)
    localized_attributes_kwargs = models.JSONField(default=dict, blank=True)
    extra_field = models.JSONField(default=dict, blank=True)
    extra_product_price = models.PositiveBigIntegerField(null=True, blank=True)
    extra_product_stock = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.order_id}/{self.pk}"

    @property
    def tracking_url(self) -> str | None:
        return self.defined_tracking_url or self.shipping_tracking_url


class DiscountItem(BaseModel):
    """A discount applied to an order."""

    created_date = models.DateTimeField(default=timezone.now)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="discountitem_set")
    name = models.CharField(max_length=255)
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.TRY)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name


class EasyReturn(BaseModel):
    """A return code with a cargo company, and the door pickup window when it collects."""

    code = models.CharField(max_length=32, unique=True)
    status = models.CharField(max_length=16, choices=EasyReturnStatus.choices, default=EasyReturnStatus.ACTIVE)
    shipping_company = models.ForeignKey(EasyReturnShippingCompany, on_delete=models.PROTECT, related_name="+")
    pickup_address = models.ForeignKey(
        "addresses.Address", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pickup_date = models.DateField(null=True, blank=True)
    pickup_hour_start = models.TimeField(null=True, blank=True)
    pickup_hour_end = models.TimeField(null=True, blank=True)
    start_date = models.DateTimeField(default=timezone.now)
    end_date = models.DateTimeField(null=True, blank=True)
    tracking_number = models.CharField(max_length=128, null=True, blank=True)
    tracking_url = models.URLField(max_length=512, null=True, blank=True)

    def __str__(self):
        return self.code


class CancellationRequest(BaseModel):
    """A user's request to cancel (not shipped) or return (delivered) some units of an item."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    order_item = models.ForeignKey(OrderItem, on_delete=models.CASCADE, related_name="cancellationrequest_set")
    cancellation_type = models.CharField(max_length=16, choices=CancellationType.choices)
    status = models.CharField(
        max_length=16, choices=CancellationRequestStatus.choices, default=CancellationRequestStatus.OPEN
    )
    reason = models.ForeignKey(CancellationReason, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    description = models.TextField(null=True, blank=True)
    iban = models.CharField(max_length=34, null=True, blank=True)
    holder_name = models.CharField(max_length=255, null=True, blank=True)
    fully_refund_as_loyalty_money = models.BooleanField(default=False)
    pickup_address = models.ForeignKey(
        "addresses.Address", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    easy_return = models.OneToOneField(
        EasyReturn, on_delete=models.SET_NULL, null=True, blank=True, related_name="cancellation_request"
    )

    class Meta:
        constraints = [
            # The database closes the race too: one open request per item.
            models.UniqueConstraint(
                fields=["order_item"],
                condition=models.Q(status="open"),
                name="orders_one_open_request_per_item",
            ),
        ]
        indexes = [models.Index(fields=["user", "-created_date", "-id"], name="orders_cancreq_user_created")]

    def __str__(self):
        return f"{self.cancellation_type} #{self.pk}"


class TradeInOffer(BaseModel):
    """An offer (set by staff) to take an item back in trade; the owner approves or rejects it once."""

    order_item = models.OneToOneField(OrderItem, on_delete=models.CASCADE, related_name="tradein_offer")
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.TRY)
    note = models.TextField(blank=True, default="")
    status = models.CharField(max_length=16, choices=TradeInStatus.choices, default=TradeInStatus.PENDING)
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.order_item} {self.amount} {self.currency}"


class OldOrder(BaseModel):
    """An order migrated from a previous platform, kept as it was (addresses and bank as text)."""

    created_date = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="old_orders")
    number = models.CharField(max_length=64, unique=True)
    user_email = models.EmailField(max_length=254, blank=True, default="")
    status = models.CharField(max_length=64, blank=True, default="")
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.TRY)
    amount = models.DecimalField(**MONEY, default=0)
    discount_amount = models.DecimalField(**MONEY, default=0)
    payment_type = models.CharField(max_length=128, blank=True, default="")
    bank = models.CharField(max_length=128, blank=True, default="")
    installment_count = models.PositiveSmallIntegerField(default=1)
    shipping_company = models.CharField(max_length=32, choices=ShippingCompany.choices, null=True, blank=True)
    tracking_number = models.CharField(max_length=128, null=True, blank=True)
    shipping_address = models.TextField(blank=True, default="")
    billing_address = models.TextField(blank=True, default="")
    extra_field = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_date", "-id"], name="orders_oldorder_user_created")]

    def __str__(self):
        return self.number


class OldOrderItem(BaseModel):
    """A line of a migrated order."""

    old_order = models.ForeignKey(OldOrder, on_delete=models.CASCADE, related_name="oldorderitem_set")
    sku = models.CharField(max_length=128, blank=True, default="")
    name = models.CharField(max_length=255, blank=True, default="")
    quantity = models.PositiveIntegerField(default=1)
    price = models.DecimalField(**MONEY, default=0)
    status = models.CharField(max_length=64, blank=True, default="")
    extra_field = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.old_order_id}/{self.sku}"
