"""Factories for orders, items, reasons, requests, easy returns, old orders and trade-in offers."""

from decimal import Decimal

import factory
from django.utils import timezone

from pazar.accounts.tests.factories import UserFactory
from pazar.addresses.tests.factories import AddressFactory
from pazar.catalog.tests.factories import ProductFactory
from pazar.orders.models import (
    Bank,
    CancellationReason,
    CancellationRequest,
    CancellationRequestStatus,
    CancellationType,
    DiscountItem,
    EasyReturn,
    EasyReturnShippingCompany,
    OldOrder,
    OldOrderItem,
    Order,
    OrderItem,
    OrderStatus,
    PaymentOption,
    PaymentType,
    ShippingCompany,
    TradeInOffer,
)


class PaymentOptionFactory(factory.django.DjangoModelFactory):
    """The seed's payment option."""

    class Meta:
        model = PaymentOption
        django_get_or_create = ("slug",)

    name = "Garanti Switch"
    slug = "gswitch"
    payment_type = PaymentType.SAVED_CARD


class BankFactory(factory.django.DjangoModelFactory):
    """The seed's bank."""

    class Meta:
        model = Bank
        django_get_or_create = ("slug",)

    name = "Garanti Bankası"
    slug = "garanti-bankas"


class OrderFactory(factory.django.DjangoModelFactory):
    """An order with addresses of its user; add items with OrderItemFactory(order=...)."""

    class Meta:
        model = Order

    user = factory.SubFactory(UserFactory)
    number = factory.Sequence(lambda n: f"{1666226475300000 + n}")
    status = OrderStatus.WAITING
    amount = Decimal("20.37")
    shipping_amount = Decimal("8.50")
    shipping_address = factory.SubFactory(AddressFactory, user=factory.SelfAttribute("..user"))
    billing_address = factory.SelfAttribute("shipping_address")
    payment_option = factory.SubFactory(PaymentOptionFactory)
    payment_option_slug = "gswitch"
    bank = factory.SubFactory(BankFactory)
    user_email = factory.SelfAttribute("user.email")
    language_code = "tr-tr"
    shipping_option_slug = "ARAS"
    bin_number = "554960"
    remote_addr = "61.61.61.61"


class OrderItemFactory(factory.django.DjangoModelFactory):
    """A waiting item of one unit; `delivered=True` (trait) makes it delivered just now."""

    class Meta:
        model = OrderItem

    order = factory.SubFactory(OrderFactory)
    product = factory.SubFactory(ProductFactory)
    datasource = factory.SelfAttribute("product.data_source")
    status = OrderStatus.WAITING
    quantity = 1
    price = Decimal("11.87")
    retail_price = Decimal("47.47")
    tax_rate = Decimal("18.00")
    extra_field = factory.LazyFunction(lambda: {"price_extra_field": {}, "stock_extra_field": {}})

    class Params:
        delivered = factory.Trait(status=OrderStatus.DELIVERED, delivered_date=factory.LazyFunction(timezone.now))
        shipped = factory.Trait(status=OrderStatus.SHIPPED)


class DiscountItemFactory(factory.django.DjangoModelFactory):
    """A discount of an order."""

    class Meta:
        model = DiscountItem

    order = factory.SubFactory(OrderFactory)
    name = "Sepette %40 İndirim"
    amount = Decimal("10.00")


class CancellationReasonFactory(factory.django.DjangoModelFactory):
    """An active cancel reason in both languages."""

    class Meta:
        model = CancellationReason

    cancellation_type = CancellationType.CANCEL
    subject_en = factory.Sequence(lambda n: f"I got the wrong product {n}")
    subject_tr = factory.Sequence(lambda n: f"Yanlış Ürün Aldım {n}")
    order = factory.Sequence(lambda n: n)


class EasyReturnShippingCompanyFactory(factory.django.DjangoModelFactory):
    """A branch drop-off company for every seller."""

    class Meta:
        model = EasyReturnShippingCompany

    shipping_company = ShippingCompany.YURTICI
    name = factory.Sequence(lambda n: f"Yurtiçi {n}")
    collects_from_door = False


class EasyReturnFactory(factory.django.DjangoModelFactory):
    """An active easy return."""

    class Meta:
        model = EasyReturn

    code = factory.Sequence(lambda n: f"{1000000000 + n}")
    shipping_company = factory.SubFactory(EasyReturnShippingCompanyFactory)


class CancellationRequestFactory(factory.django.DjangoModelFactory):
    """An open request for the whole item, by its owner."""

    class Meta:
        model = CancellationRequest

    order_item = factory.SubFactory(OrderItemFactory)
    user = factory.SelfAttribute("order_item.order.user")
    cancellation_type = CancellationType.CANCEL
    status = CancellationRequestStatus.OPEN
    reason = factory.SubFactory(
        CancellationReasonFactory, cancellation_type=factory.SelfAttribute("..cancellation_type")
    )
    quantity = factory.SelfAttribute("order_item.quantity")


class TradeInOfferFactory(factory.django.DjangoModelFactory):
    """A pending offer on a delivered item."""

    class Meta:
        model = TradeInOffer

    order_item = factory.SubFactory(OrderItemFactory, delivered=True)
    amount = Decimal("500.00")


class OldOrderFactory(factory.django.DjangoModelFactory):
    """The seed's old order."""

    class Meta:
        model = OldOrder

    user = factory.SubFactory(UserFactory)
    number = factory.Sequence(lambda n: f"{12345 + n}")
    user_email = factory.SelfAttribute("user.email")
    status = "pasive"
    amount = Decimal("10.00")
    discount_amount = Decimal("8.00")
    payment_type = "credit card"
    bank = "garanti"
    installment_count = 3
    tracking_number = "testtrack123"
    shipping_address = "dene adress"
    billing_address = "deneme address"


class OldOrderItemFactory(factory.django.DjangoModelFactory):
    """A line of an old order."""

    class Meta:
        model = OldOrderItem

    old_order = factory.SubFactory(OldOrderFactory)
    sku = factory.Sequence(lambda n: f"OLD{n}")
    name = "Cotton T-shirt"
    quantity = 1
    price = Decimal("10.00")
