"""Writes for conversations: open one with its first message, add messages, notify on replies."""

from dataclasses import dataclass

from constance import config
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import exceptions

from pazar.accounts.models import User
from pazar.catalog.models import DataSource, Product
from pazar.conversations import error_codes
from pazar.conversations.models import Conversation, ConversationType, Message, SenderType
from pazar.core.ratelimit import Limit, ratelimit_hit
from pazar.orders.models import OrderItem, OrderStatus

REPLY_EVENT = "conversation_reply"


@dataclass(frozen=True)
class Sender:
    """Who writes a message: a user or a datasource (already checked against the caller)."""

    content_type: str
    user: User | None = None
    datasource: DataSource | None = None
    user_type: str = "registered"

    @property
    def content_id(self) -> int:
        return self.user.pk if self.content_type == SenderType.USER else self.datasource.pk


def conversation_post_throttle(*, caller: User, role: str, client_ip: str) -> None:
    """Count one conversation or message post; 429 beyond the caller's or the address's limits.

    Shoppers: MESSAGE_POST_PER_USER_PER_MINUTE and _PER_HOUR; seller accounts (integrations answer
    in bulk): MESSAGE_POST_PER_SELLER_PER_MINUTE; every caller: MESSAGE_POST_PER_IP_PER_MINUTE.
    """
    if role == "shopper":
        limits = [
            Limit(f"message-post:user:{caller.pk}", settings.MESSAGE_POST_PER_USER_PER_MINUTE, 60),
            Limit(f"message-post:user:{caller.pk}", settings.MESSAGE_POST_PER_USER_PER_HOUR, 3600),
        ]
    else:
        limits = [Limit(f"message-post:seller:{caller.pk}", settings.MESSAGE_POST_PER_SELLER_PER_MINUTE, 60)]
    ratelimit_hit(*limits, Limit(f"message-post:ip:{client_ip}", settings.MESSAGE_POST_PER_IP_PER_MINUTE, 60))


def seller_contact_throttle(*, datasource: DataSource, user: User) -> None:
    """A seller opens conversations with at most SELLER_CONTACTS_PER_HOUR distinct shoppers an hour (429).

    A shopper already counted this hour costs nothing more; the marker is taken atomically (cache
    `add`), so concurrent requests for one shopper count once and for many never pass the limit.
    """
    marker = f"seller-contact:{datasource.pk}:{user.pk}"
    if not cache.add(marker, True, timeout=3600):
        return
    try:
        ratelimit_hit(Limit(f"seller-contacts:{datasource.pk}", settings.SELLER_CONTACTS_PER_HOUR, 3600))
    except exceptions.Throttled:
        cache.delete(marker)
        raise


def _user_has_received(*, user: User, datasource: DataSource, product: Product | None) -> bool:
    items = OrderItem.objects.filter(order__user=user, status=OrderStatus.DELIVERED)
    if product is not None:
        return items.filter(product=product).exists()
    return items.filter(datasource=datasource).exists()


def _moderated(is_public: bool) -> bool:
    return is_public and config.CONVERSATION_PUBLIC_MODERATION


def conversation_create(
    *,
    user: User,
    datasource: DataSource,
    conversation_type: str,
    sender: Sender,
    message_content: str,
    subject: str | None = None,
    item_content: str | None = None,
    item_id: int | None = None,
    product: Product | None = None,
    order_item: OrderItem | None = None,
    is_public: bool = False,
) -> tuple[Conversation, Message]:
    """Open a conversation with its first message; a second one for the same item is refused (400)."""
    if conversation_type == ConversationType.REVIEW:
        if sender.content_type == SenderType.DATASOURCE:
            raise exceptions.ValidationError({"non_field_errors": [error_codes.DATASOURCE_REVIEW_REPLY]})
        if config.CONVERSATION_REVIEW_REQUIRES_PURCHASE and not _user_has_received(
            user=user, datasource=datasource, product=product
        ):
            raise error_codes.REVIEW_NEEDS_PURCHASE.error()
    with transaction.atomic():
        try:
            with transaction.atomic():
                conversation = Conversation.objects.create(
                    user=user,
                    datasource=datasource,
                    conversation_type=conversation_type,
                    subject=subject,
                    item_content=item_content,
                    item_id=item_id,
                    product=product,
                    order_item=order_item,
                    is_public=is_public,
                    is_approved=not _moderated(is_public),
                )
        except IntegrityError:
            raise exceptions.ValidationError([error_codes.CONVERSATION_EXISTS])
        message = _message_write(conversation=conversation, sender=sender, message_content=message_content)
    return conversation, message


def conversation_message_add(*, conversation: Conversation, sender: Sender, message_content: str) -> Message:
    """Add a message; a datasource's marks the conversation answered and emails the user."""
    if conversation.conversation_type == ConversationType.REVIEW and sender.content_type == SenderType.DATASOURCE:
        raise exceptions.ValidationError({"non_field_errors": [error_codes.DATASOURCE_REVIEW_REPLY]})
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        return _message_write(conversation=locked, sender=sender, message_content=message_content)


def _message_write(*, conversation: Conversation, sender: Sender, message_content: str) -> Message:
    from pazar.notifications.services import notification_enqueue

    message = Message.objects.create(
        conversation=conversation,
        message_content=message_content,
        user_type=sender.user_type,
        content_type=sender.content_type,
        content_id=sender.content_id,
        sender_user=sender.user if sender.content_type == SenderType.USER else None,
        sender_datasource=sender.datasource if sender.content_type == SenderType.DATASOURCE else None,
        is_approved=not _moderated(conversation.is_public),
    )
    conversation.last_message_date = message.created_date
    conversation.is_answered = sender.content_type == SenderType.DATASOURCE
    conversation.save(update_fields=["last_message_date", "is_answered", "modified_date"])
    if sender.content_type == SenderType.DATASOURCE and conversation.user.email:
        recipient = conversation.user
        notification_enqueue(
            kind="email",
            event=REPLY_EVENT,
            to=recipient.email,
            user=recipient,
            language=recipient.language_code or None,
            context={
                "first_name": recipient.first_name,
                "seller": conversation.datasource.title or conversation.datasource.name,
                "subject": conversation.subject or "",
                "message": message_content,
                "conversation_id": conversation.pk,
            },
        )
    return message


def conversation_approve(*, conversation: Conversation) -> None:
    """Staff: publish a moderated conversation and its messages."""
    with transaction.atomic():
        Conversation.objects.filter(pk=conversation.pk).update(is_approved=True, modified_date=timezone.now())
        Message.objects.filter(conversation=conversation, is_approved=False).update(is_approved=True)
