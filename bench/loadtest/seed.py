"""Shoppers for the load test: each with a token, an order of waiting items and a conversation per seller.

Run inside the project's environment after `manage.py demo`; prints the credentials as JSON.
Uses the test factories (factory_boy is a pinned dev dependency) on the demo catalog.
"""

import json
import os
import sys

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pazar.settings")
django.setup()

from pazar.accounts.models import User  # noqa: E402
from pazar.accounts.services import token_for  # noqa: E402
from pazar.catalog.models import Product  # noqa: E402
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory  # noqa: E402
from pazar.orders.models import CancellationReason, CancellationType  # noqa: E402
from pazar.orders.tests.factories import OrderFactory, OrderItemFactory  # noqa: E402
from pazar.support.models import ContactUsSubject  # noqa: E402

SHOPPERS = int(os.environ.get("LOADTEST_SHOPPERS", "64"))
ITEMS_PER_SHOPPER = 6


def main() -> None:
    products = list(Product.objects.select_related("data_source").order_by("pk"))
    sellers = list(User.objects.filter(datasource__isnull=False).order_by("pk"))
    reason = CancellationReason.objects.filter(cancellation_type=CancellationType.CANCEL).order_by("pk").first()
    shoppers = []
    for n in range(SHOPPERS):
        user, _created = User.objects.get_or_create(
            email=f"load{n}@pazar.local", defaults={"first_name": f"Load{n}", "last_name": "Shopper"}
        )
        order = OrderFactory(user=user)
        items = [
            OrderItemFactory(order=order, product=products[(n + i) % len(products)], quantity=3).pk
            for i in range(ITEMS_PER_SHOPPER)
        ]
        conversations = []
        for seller in sellers:
            conversation = ConversationFactory(user=user, datasource=seller.datasource)
            MessageFactory(conversation=conversation)
            conversations.append(conversation.pk)
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
