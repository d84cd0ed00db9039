"""Factories for conversations and their messages."""

import factory
from django.utils import timezone

from pazar.accounts.tests.factories import UserFactory
from pazar.catalog.tests.factories import DataSourceFactory
from pazar.conversations.models import Conversation, ConversationType, ItemContent, Message, SenderType


class ConversationFactory(factory.django.DjangoModelFactory):
    """A private message thread without an item; `product=`/`order_item=` set the item fields too."""

    class Meta:
        model = Conversation

    user = factory.SubFactory(UserFactory)
    datasource = factory.SubFactory(DataSourceFactory)
    conversation_type = ConversationType.MESSAGE
    subject = None
    order_item = None
    product = factory.LazyAttribute(lambda o: o.order_item.product if o.order_item else None)
    item_content = factory.LazyAttribute(
        lambda o: ItemContent.ORDERITEM if o.order_item else ItemContent.PRODUCT if o.product else None
    )
    item_id = factory.LazyAttribute(lambda o: o.order_item.pk if o.order_item else o.product.pk if o.product else None)
    is_public = False
    is_answered = False
    is_approved = True
    last_message_date = factory.LazyFunction(timezone.now)

    class Params:
        question = factory.Trait(conversation_type=ConversationType.QUESTION)
        review = factory.Trait(conversation_type=ConversationType.REVIEW)


class MessageFactory(factory.django.DjangoModelFactory):
    """A message written by the conversation's user; `from_datasource=True` makes it the seller's."""

    class Meta:
        model = Message

    conversation = factory.SubFactory(ConversationFactory)
    message_content = factory.Sequence(lambda n: f"message {n}")
    user_type = "registered"
    content_type = SenderType.USER
    content_id = factory.SelfAttribute("conversation.user_id")
    sender_user = factory.SelfAttribute("conversation.user")
    sender_datasource = None
    is_approved = True

    class Params:
        from_datasource = factory.Trait(
            content_type=SenderType.DATASOURCE,
            content_id=factory.SelfAttribute("conversation.datasource_id"),
            sender_user=None,
            sender_datasource=factory.SelfAttribute("conversation.datasource"),
        )
