"""Shoppers for the load test: each with a token, an order of waiting items and a conversation per seller.

Run inside the project's environment after `manage.py demo`; prints the credentials as JSON.
Needs only the production dependencies (requirements.lock): the shoppers' addresses and
conversations are made by pazar's services, their orders (which pazar only imports) by the
models, as the demo makes its own. Opening the conversations queues the sellers' emails their
settings ask for, as in the shop, so the load's first messages already meet the digest window.
"""

import json
import os
import sys
from decimal import Decimal

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pazar.settings")
django.setup()

from constance import config  # noqa: E402
from django.db import transaction  # noqa: E402

from pazar.accounts.models import User  # noqa: E402
from pazar.accounts.services import token_for  # noqa: E402
from pazar.addresses.models import Address  # noqa: E402
from pazar.addresses.services import address_create  # noqa: E402
from pazar.catalog.models import Product  # noqa: E402
from pazar.conversations.models import ConversationType, SenderType  # noqa: E402
from pazar.conversations.services import Sender, conversation_create  # noqa: E402
from pazar.orders.models import CancellationReason, CancellationType, Order, OrderItem, OrderStatus  # noqa: E402
from pazar.support.models import ContactUsSubject  # noqa: E402

SHOPPERS = int(os.environ.get("LOADTEST_SHOPPERS", "64"))
ITEMS_PER_SHOPPER = 6
PRICE = Decimal("149.90")
SHIPPING = Decimal("29.99")
ORDER_NUMBER_BASE = 7_100_000_000


def _address(user: User, like: Address) -> Address:
    """The shopper's delivery address, in the demo's geography."""
    existing = user.addresses.filter(deleted_at__isnull=True).order_by("pk").first()
    if existing is not None:
        return existing
    return address_create(
        user=user,
        data={
            "title": "Home",
            "phone_number": like.phone_number,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "country": like.country,
            "city": like.city,
            "township": like.township,
            "district": like.district,
            "line": like.line,
            "postcode": like.postcode,
        },
    )


def _order(*, n: int, user: User, address: Address, products: list[Product]) -> tuple[Order, list[int]]:
    """A waiting order of ITEMS_PER_SHOPPER items of three units each (so each can be cancelled in parts)."""
    chosen = [products[(n + i) % len(products)] for i in range(ITEMS_PER_SHOPPER)]
    order = Order.objects.create(
        user=user,
        number=str(ORDER_NUMBER_BASE + n),
        status=OrderStatus.WAITING,
        amount=PRICE * 3 * len(chosen) + SHIPPING,
        shipping_amount=SHIPPING,
        shipping_address=address,
        billing_address=address,
        payment_option_slug="credit-card",
        user_email=user.email,
        language_code=user.language_code,
        shipping_option_slug="yurtici",
        remote_addr="127.0.0.1",
    )
    items = [
        OrderItem.objects.create(
            order=order,
            product=product,
            datasource=product.data_source,
            status=OrderStatus.WAITING,
            quantity=3,
            price=PRICE,
            retail_price=PRICE,
            tax_rate=Decimal("20.00"),
            extra_field={"price_extra_field": {}, "stock_extra_field": {}},
        ).pk
        for product in chosen
    ]
    return order, items


def main() -> None:
    products = list(Product.objects.select_related("data_source").order_by("pk"))
    sellers = list(User.objects.filter(datasource__isnull=False).select_related("datasource").order_by("pk"))
    like = Address.objects.filter(deleted_at__isnull=True).order_by("pk").first()
    reason = CancellationReason.objects.filter(cancellation_type=CancellationType.CANCEL).order_by("pk").first()
    if not products or not sellers or like is None or reason is None:
        sys.exit("seed.py needs the demo shop: run `manage.py demo --force` first")
    # The sellers' digest window of this run (minutes; 0: an email for each message), so that the
    # emails held by design are due inside the run's wait for the outbox.
    if "LOADTEST_DIGEST_MINUTES" in os.environ:
        config.SELLER_EMAIL_DIGEST_MINUTES = int(os.environ["LOADTEST_DIGEST_MINUTES"])
    shoppers = []
    for n in range(SHOPPERS):
        with transaction.atomic():
            user, _created = User.objects.get_or_create(
                email=f"load{n}@pazar.local", defaults={"first_name": f"Load{n}", "last_name": "Shopper"}
            )
            order, items = _order(n=n, user=user, address=_address(user, like), products=products)
            conversations = [
                conversation_create(
                    user=user,
                    datasource=seller.datasource,
                    conversation_type=ConversationType.MESSAGE,
                    sender=Sender(SenderType.USER, user=user),
                    message_content=f"Hello from load shopper {n}.",
                )[0].pk
                for seller in sellers
            ]
        shoppers.append(
            {
                "user": user.pk,
                "token": token_for(user=user),
                "order": order.pk,
                "items": items,
                "conversations": conversations,
            }
        )
    print(
        json.dumps(
            {
                "shoppers": shoppers,
                "sellers": [{"token": token_for(user=s), "datasource": s.datasource_id} for s in sellers],
                "reason": reason.pk,
                "subject": ContactUsSubject.objects.filter(is_active=True, is_order_needed=False).first().pk,
            }
        )
    )


if __name__ == "__main__":
    main()
