"""Writes for conversations: open one with its first message, add messages, notify both sides, moderate."""

from dataclasses import dataclass
from datetime import timedelta

from constance import config
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.fields import DateTimeField

from pazar.accounts.models import User
from pazar.catalog.models import DataSource, Product
from pazar.conversations import error_codes, moderation
from pazar.conversations.masking import SELLER, SHOPPER, visible_text
from pazar.conversations.models import (
    Conversation,
    ConversationType,
    Message,
    ModerationStatus,
    SellerNotificationSettings,
    SenderType,
)
from pazar.core.ratelimit import Limit, ratelimit_hit
from pazar.core.serializers import datetime_text
from pazar.orders.models import OrderItem, OrderStatus

_DATETIME = datetime_text(DateTimeField())
REPLY_EVENT = "conversation_reply"
SELLER_EMAIL_EVENT = "seller_new_message"
REVIEW_REJECTED_EVENT = "conversation_review_rejected"
# Webhook events, by what happened (a seller chooses which ones it is told of).
WEBHOOK_CONVERSATION_CREATED = "conversation.created"
WEBHOOK_REVIEW_CREATED = "review.created"
WEBHOOK_MESSAGE_CREATED = "message.created"


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
                    moderation_status=ModerationStatus.PENDING if _moderated(is_public) else ModerationStatus.APPROVED,
                    opened_by=sender.content_type,
                )
        except IntegrityError:
            raise exceptions.ValidationError([error_codes.CONVERSATION_EXISTS])
        message = _message_write(conversation=conversation, sender=sender, message_content=message_content, is_new=True)
    return conversation, message


def conversation_message_add(*, conversation: Conversation, sender: Sender, message_content: str) -> Message:
    """Add a message; a datasource's marks the conversation answered and emails the user."""
    if conversation.conversation_type == ConversationType.REVIEW and sender.content_type == SenderType.DATASOURCE:
        raise exceptions.ValidationError({"non_field_errors": [error_codes.DATASOURCE_REVIEW_REPLY]})
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        return _message_write(conversation=locked, sender=sender, message_content=message_content)


def _message_write(
    *, conversation: Conversation, sender: Sender, message_content: str, is_new: bool = False
) -> Message:
    """Write the message and what follows from it; the conversation's row is locked (or new)."""
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
    from_seller = sender.content_type == SenderType.DATASOURCE
    conversation.last_message_date = message.created_date
    conversation.is_answered = from_seller
    if from_seller:
        conversation.reply_needed_since = None
        if conversation.first_response_at is None and conversation.opened_by == SenderType.USER:
            conversation.first_response_at = message.created_date
    elif conversation.reply_needed_since is None and conversation.conversation_type != ConversationType.REVIEW:
        # A seller cannot answer a review, so a review never waits for an answer.
        conversation.reply_needed_since = message.created_date
    conversation.save(
        update_fields=[
            "last_message_date",
            "is_answered",
            "reply_needed_since",
            "first_response_at",
            "modified_date",
        ]
    )
    if from_seller and conversation.user.email:
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
                "message": visible_text(message_content, author=SenderType.DATASOURCE, viewer=SHOPPER),
                "conversation_id": conversation.pk,
            },
        )
    elif not from_seller:
        _notify_seller(conversation=conversation, message=message, is_new=is_new)
    return message


def _notify_seller(*, conversation: Conversation, message: Message, is_new: bool) -> None:
    """The seller's email (gathered into a digest in a burst) and webhook, as its settings ask."""
    from pazar.notifications.services import notification_enqueue_grouped, webhook_enqueue

    prefs = SellerNotificationSettings.objects.filter(datasource_id=conversation.datasource_id).first()
    if prefs is None:
        return
    if not is_new:
        event, wanted = WEBHOOK_MESSAGE_CREATED, prefs.notify_new_message
    elif conversation.conversation_type == ConversationType.REVIEW:
        event, wanted = WEBHOOK_REVIEW_CREATED, prefs.notify_new_review
    else:
        event, wanted = WEBHOOK_CONVERSATION_CREATED, prefs.notify_new_conversation
    if not wanted:
        return
    datasource = conversation.datasource
    text = visible_text(message.message_content, author=SenderType.USER, viewer=SELLER)
    created = datetime_text_of(message.created_date)
    if prefs.emails:
        link = config.SELLER_CONVERSATION_URL_TEMPLATE.replace("{conversation_id}", str(conversation.pk)).replace(
            "{datasource_id}", str(datasource.pk)
        )
        notification_enqueue_grouped(
            event=SELLER_EMAIL_EVENT,
            to=",".join(prefs.emails),
            group_key=f"seller-conversation:{conversation.pk}",
            language=prefs.language,
            window=timedelta(minutes=max(config.SELLER_EMAIL_DIGEST_MINUTES, 0)),
            context={
                "seller": datasource.title or datasource.name,
                "shopper": conversation.user.first_name or str(conversation.user_id),
                "conversation_id": conversation.pk,
                "conversation_type": conversation.conversation_type,
                "subject": conversation.subject or "",
                "link": link,
            },
            item={"message_id": message.pk, "text": text, "created_date": created},
        )
    if prefs.webhook_url and prefs.webhook_secret:
        webhook_enqueue(
            event=event,
            url=prefs.webhook_url,
            datasource=datasource,
            payload={
                "event": event,
                "conversation": {
                    "id": conversation.pk,
                    "conversation_type": conversation.conversation_type,
                    "subject": conversation.subject,
                    "item_content": conversation.item_content,
                    "item_id": conversation.item_id,
                    "is_public": conversation.is_public,
                    "user": conversation.user_id,
                    "reply_needed_since": datetime_text_of(conversation.reply_needed_since),
                },
                "message": {
                    "id": message.pk,
                    "message_content": text,
                    "user_type": message.user_type,
                    "content_type": message.content_type,
                    "content_id": message.content_id,
                    "created_date": created,
                },
                "datasource": datasource.pk,
                "created_date": datetime_text_of(timezone.now()),
            },
        )


def datetime_text_of(value):
    """A datetime as the API writes it (ISO 8601, UTC, `Z`), or None."""
    return _DATETIME(value) if value is not None else None


def seller_notification_settings_update(*, datasource: DataSource, **fields) -> SellerNotificationSettings:
    """Create or change a seller's notification settings (fields already validated)."""
    with transaction.atomic():
        prefs, _created = SellerNotificationSettings.objects.select_for_update().get_or_create(datasource=datasource)
        for name, value in fields.items():
            setattr(prefs, name, value)
        prefs.save(update_fields=[*fields, "modified_date"] if fields else None)
    return prefs


def conversation_approve(*, conversation: Conversation) -> bool:
    """Staff: publish a moderated conversation and its messages; False if it cannot move there."""
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if locked.moderation_status != ModerationStatus.APPROVED and not moderation.can_move(
            locked.moderation_status, ModerationStatus.APPROVED
        ):
            return False
        Conversation.objects.filter(pk=conversation.pk).update(
            is_approved=True,
            moderation_status=ModerationStatus.APPROVED,
            rejection_reason="",
            modified_date=timezone.now(),
        )
        Message.objects.filter(conversation=conversation, is_approved=False).update(is_approved=True)
    return True


def conversation_reject(*, conversation: Conversation, reason: str) -> bool:
    """Staff: hide a public conversation with a reason; a review's author is emailed it. False if not allowed."""
    from pazar.notifications.services import notification_enqueue

    reason = reason.strip()
    if not reason:
        raise ValueError("A rejection needs a reason.")
    with transaction.atomic():
        locked = (
            Conversation.objects.select_for_update(of=("self",))
            .select_related("user", "datasource", "product")
            .get(pk=conversation.pk)
        )
        if not moderation.can_move(locked.moderation_status, ModerationStatus.REJECTED):
            return False
        locked.moderation_status = ModerationStatus.REJECTED
        locked.is_approved = False
        locked.rejection_reason = reason
        locked.save(update_fields=["moderation_status", "is_approved", "rejection_reason", "modified_date"])
        first = locked.message_set.order_by("created_date", "pk").first()
        if locked.conversation_type == ConversationType.REVIEW and locked.user.email:
            notification_enqueue(
                kind="email",
                event=REVIEW_REJECTED_EVENT,
                to=locked.user.email,
                user=locked.user,
                language=locked.user.language_code or None,
                context={
                    "first_name": locked.user.first_name,
                    "seller": locked.datasource.title or locked.datasource.name,
                    "product": locked.product.name if locked.product else "",
                    "reason": reason,
                    "message": first.message_content if first else "",
                },
            )
    return True
