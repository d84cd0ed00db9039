"""Demo orders in several states, reasons in both languages, easy-return companies, old orders, a trade-in."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from pazar.core.demo import DemoContext
from pazar.orders.models import (
    Bank,
    CancellationReason,
    CancellationType,
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

REASONS = [
    (CancellationType.CANCEL, "I changed my mind", "Fikrimi değiştirdim", False, 10),
    (CancellationType.CANCEL, "I ordered by mistake", "Yanlışlıkla sipariş verdim", False, 20),
    (CancellationType.CANCEL, "Other", "Diğer", True, 90),
    (CancellationType.REFUND, "I received the wrong product", "Yanlış ürün geldi", False, 10),
    (CancellationType.REFUND, "The product is defective", "Ürün kusurlu", True, 20),
    (CancellationType.REFUND, "It does not fit", "Ürün olmadı", False, 30),
    (CancellationType.REFUND, "Other", "Diğer", True, 90),
]
COMPANIES = [
    (ShippingCompany.YURTICI, "Yurtiçi Kargo (pickup at your door)", True),
    (ShippingCompany.ARAS, "Aras Kargo (drop off at a branch)", False),
]
# (suffix, status, days since delivery or None, product indexes)
ORDERS = [
    ("01", OrderStatus.WAITING, None, [0, 2]),
    ("02", OrderStatus.SHIPPED, None, [1]),
    ("03", OrderStatus.DELIVERED, 3, [2, 3]),
    ("04", OrderStatus.DELIVERED, 30, [0]),
    ("05", OrderStatus.CANCELLED, None, [3]),
]
PRICES = [Decimal("449.90"), Decimal("899.00"), Decimal("21999.00"), Decimal("1299.50")]
SHIPPING = Decimal("29.99")


def _order(*, number: str, user, status: int, delivered_days: int | None, products, address, payment, bank) -> Order:
    now = timezone.now()
    created = now - timedelta(days=(delivered_days or 0) + 4)
    goods = sum((PRICES[i % len(PRICES)] for i, _p in products), Decimal(0))
    amount = goods + SHIPPING
    order, created_now = Order.objects.get_or_create(
        number=number,
        defaults={
            "user": user,
            "status": status,
            "created_date": created,
            "amount": amount,
            "shipping_amount": SHIPPING,
            "refund_amount": amount if status == OrderStatus.CANCELLED else Decimal(0),
            "shipping_refund_amount": SHIPPING if status == OrderStatus.CANCELLED else Decimal(0),
            "shipping_address": address,
            "billing_address": address,
            "payment_option": payment,
            "payment_option_slug": payment.slug,
            "bank": bank,
            "bin_number": "554960",
            "user_email": user.email,
            "language_code": user.language_code,
            "shipping_option_slug": "yurtici",
            "shipping_company": ShippingCompany.YURTICI if status != OrderStatus.WAITING else None,
            "tracking_number": f"YK{number}" if status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED) else None,
            "remote_addr": "127.0.0.1",
        },
    )
    if not created_now:
        return order
    for index, product in products:
        OrderItem.objects.create(
            order=order,
            product=product,
            datasource=product.data_source,
            status=status,
            quantity=1,
            price=PRICES[index % len(PRICES)],
            retail_price=(PRICES[index % len(PRICES)] * Decimal("1.2")).quantize(Decimal("0.01")),
            tax_rate=Decimal("20.00"),
            created_date=created,
            delivered_date=now - timedelta(days=delivered_days) if delivered_days is not None else None,
            extra_field={"price_extra_field": {}, "stock_extra_field": {}},
        )
    return order


def build(ctx: DemoContext) -> None:
    shoppers = ctx.objects.get("shoppers", [])
    products = ctx.objects.get("products", [])
    datasources = ctx.objects.get("datasources", [])
    if not shoppers or not products:
        return
    for cancellation_type, subject_en, subject_tr, extra, position in REASONS:
        CancellationReason.objects.get_or_create(
            cancellation_type=cancellation_type,
            subject_en=subject_en,
            defaults={"subject_tr": subject_tr, "extra_information_needed": extra, "order": position},
        )
    for code, name, door in COMPANIES:
        company, created = EasyReturnShippingCompany.objects.get_or_create(
            shipping_company=code, name=name, defaults={"collects_from_door": door}
        )
        if created and not door and datasources:
            # The branch drop-off takes only the first seller's items: shows per-seller availability.
            company.datasources.set(datasources[:1])
    payment, _ = PaymentOption.objects.get_or_create(
        slug="credit-card", defaults={"name": "Credit card", "payment_type": PaymentType.CREDIT_CARD}
    )
    bank, _ = Bank.objects.get_or_create(slug="garanti", defaults={"name": "Garanti BBVA"})

    for shopper_index, user in enumerate(shoppers, start=1):
        address = user.addresses.order_by("pk").first()
        orders = {}
        for suffix, status, delivered_days, indexes in ORDERS:
            chosen = [(i, products[i % len(products)]) for i in indexes]
            orders[suffix] = _order(
                number=f"9000{shopper_index:02d}{suffix}",
                user=user,
                status=status,
                delivered_days=delivered_days,
                products=chosen,
                address=address,
                payment=payment,
                bank=bank,
            )
        # A trade-in offer on the recently delivered order's first item (staff make these in the admin).
        item = orders["03"].orderitem_set.order_by("pk").first()
        TradeInOffer.objects.get_or_create(
            order_item=item, defaults={"amount": (item.price * Decimal("0.6")).quantize(Decimal("0.01"))}
        )
        old_order, created = OldOrder.objects.get_or_create(
            number=f"OLD-{shopper_index:02d}-0001",
            defaults={
                "user": user,
                "user_email": user.email,
                "status": "delivered",
                "created_date": timezone.now() - timedelta(days=800),
                "amount": Decimal("250.00"),
                "discount_amount": Decimal("25.00"),
                "payment_type": "credit card",
                "bank": "garanti",
                "installment_count": 3,
                "tracking_number": "OLDTRACK1",
                "shipping_address": "Moda Caddesi No: 1, Kadıköy, İstanbul",
                "billing_address": "Moda Caddesi No: 1, Kadıköy, İstanbul",
            },
        )
        if created:
            OldOrderItem.objects.create(
                old_order=old_order, sku="OLD-SKU-1", name="Cotton T-shirt", quantity=2, price=Decimal("137.50")
            )
