"""Demo conversations of every type between the demo shoppers and sellers, in both languages."""

from pazar.conversations.models import (
    Conversation,
    ConversationType,
    ItemContent,
    SellerNotificationSettings,
    SenderType,
)
from pazar.conversations.services import Sender, conversation_create, conversation_message_add
from pazar.core.demo import DemoContext
from pazar.orders.models import OrderItem, OrderStatus


def build(ctx: DemoContext) -> None:
    ayse, john = ctx.objects["shoppers"][:2]
    first_seller, second_seller = ctx.objects["datasources"][:2]
    products = ctx.objects["products"]
    threads = [
        # (user, datasource, type, product, public, first message, seller's answer)
        (
            ayse,
            first_seller,
            ConversationType.QUESTION,
            products[0],
            True,
            "Bu sweatshirt yıkamada çeker mi?",
            "Hayır, ön yıkamalı kumaştan üretildi.",
        ),
        (john, first_seller, ConversationType.QUESTION, products[1], True, "Is the linen shirt available in XL?", None),
        (
            john,
            second_seller,
            ConversationType.MESSAGE,
            None,
            False,
            "When will my order be shipped?",
            "It leaves our warehouse tomorrow.",
        ),
    ]
    for user, datasource, kind, product, public, text, answer in threads:
        if Conversation.objects.filter(user=user, datasource=datasource, conversation_type=kind).exists():
            continue
        conversation, _message = conversation_create(
            user=user,
            datasource=datasource,
            conversation_type=kind,
            sender=Sender(SenderType.USER, user=user),
            message_content=text,
            item_content=ItemContent.PRODUCT if product else None,
            item_id=product.pk if product else None,
            product=product,
            is_public=public,
        )
        if answer:
            conversation_message_add(
                conversation=conversation,
                sender=Sender(SenderType.DATASOURCE, datasource=datasource),
                message_content=answer,
            )
    # A public review from a shopper who received the product.
    delivered = (
        OrderItem.objects.filter(order__user=ayse, status=OrderStatus.DELIVERED).select_related("product").first()
    )
    if delivered is not None and delivered.datasource_id:
        exists = Conversation.objects.filter(
            user=ayse, conversation_type=ConversationType.REVIEW, product=delivered.product
        ).exists()
        if not exists:
            conversation_create(
                user=ayse,
                datasource=delivered.datasource,
                conversation_type=ConversationType.REVIEW,
                sender=Sender(SenderType.USER, user=ayse),
                message_content="Harika bir ürün, çok memnun kaldım.",
                item_content=ItemContent.PRODUCT,
                item_id=delivered.product_id,
                product=delivered.product,
                is_public=True,
            )
    # The first seller is told of new questions by email, in Turkish (docs/sellers.md); set last, so
    # the demo's own threads above send it nothing.
    SellerNotificationSettings.objects.get_or_create(
        datasource=first_seller, defaults={"emails": [first_seller.email or "seller1@pazar.local"], "language": "tr"}
    )
