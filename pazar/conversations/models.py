"""Conversations between a shopper and a seller (datasource), and their messages."""

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pazar.core.models import BaseModel


class ConversationType(models.TextChoices):
    """What a conversation is about."""

    MESSAGE = "message", _("message")
    QUESTION = "question", _("question")
    REVIEW = "review", _("review")


class ItemContent(models.TextChoices):
    """The kind of object a conversation is about, if any."""

    PRODUCT = "product", _("product")
    ORDERITEM = "orderitem", _("order item")


class SenderType(models.TextChoices):
    """Who wrote a message: the shopper or the seller."""

    USER = "user", _("user")
    DATASOURCE = "datasource", _("datasource")


class ModerationStatus(models.TextChoices):
    """Where public content is in pre-moderation (pazar/conversations/moderation.py has the moves)."""

    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class Conversation(BaseModel):
    """One thread per user, datasource, type and item ("no item" counts as an item)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations")
    datasource = models.ForeignKey("catalog.DataSource", on_delete=models.CASCADE, related_name="conversations")
    conversation_type = models.CharField(max_length=16, choices=ConversationType.choices)
    subject = models.CharField(max_length=255, null=True, blank=True)
    item_content = models.CharField(max_length=16, choices=ItemContent.choices, null=True, blank=True)
    item_id = models.BigIntegerField(null=True, blank=True)
    # The item resolved once at creation: the product (also for an order item) and the order item.
    product = models.ForeignKey("catalog.Product", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    order_item = models.ForeignKey(
        "orders.OrderItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_public = models.BooleanField(default=False)
    is_answered = models.BooleanField(default=False)
    is_approved = models.BooleanField(default=True, help_text=_("Public content waits for staff when moderated."))
    moderation_status = models.CharField(
        max_length=16, choices=ModerationStatus.choices, default=ModerationStatus.APPROVED
    )
    rejection_reason = models.TextField(blank=True, default="")
    # Never empty: a conversation is created with its first message.
    last_message_date = models.DateTimeField(default=timezone.now)
    # Who wrote the first message; response-time metrics count the conversations shoppers open.
    opened_by = models.CharField(max_length=16, choices=SenderType.choices, default=SenderType.USER)
    # The oldest shopper message the seller has not answered yet (null: nothing waits; never for reviews).
    reply_needed_since = models.DateTimeField(null=True, blank=True)
    # The seller's first message in a conversation the shopper opened.
    first_response_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "user",
                "datasource",
                "conversation_type",
                Coalesce("item_content", Value("")),
                Coalesce("item_id", Value(0)),
                name="conversation_unique_per_item",
            ),
        ]
        indexes = [
            # Each list is ordered by (-last_message_date, -id) within its filter.
            models.Index(fields=["datasource", "-last_message_date", "-id"], name="conv_inbox_idx"),
            models.Index(
                fields=["datasource", "is_answered", "-last_message_date", "-id"], name="conv_inbox_answered_idx"
            ),
            models.Index(fields=["user", "-last_message_date", "-id"], name="conv_user_idx"),
            # The seller inbox by waiting time (?ordering=reply_needed_since: oldest first, nulls last).
            models.Index(fields=["datasource", "reply_needed_since", "id"], name="conv_reply_needed_idx"),
            # Response-time metrics: a seller's conversations of a period.
            models.Index(fields=["datasource", "created_date"], name="conv_metrics_idx"),
            models.Index(
                fields=["conversation_type", "product", "-last_message_date", "-id"],
                name="conv_public_product_idx",
                condition=Q(is_public=True, is_approved=True),
            ),
            models.Index(
                fields=["conversation_type", "-last_message_date", "-id"],
                name="conv_public_idx",
                condition=Q(is_public=True, is_approved=True),
            ),
        ]

    def __str__(self):
        return f"{self.conversation_type} #{self.pk}"


class Message(BaseModel):
    """A message in a conversation, written by the user or by the datasource."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="message_set")
    message_content = models.TextField()
    user_type = models.CharField(max_length=16, default="registered")
    content_type = models.CharField(max_length=16, choices=SenderType.choices)
    content_id = models.BigIntegerField()
    # The sender resolved from content_type/content_id, so a page of messages loads its senders at once.
    sender_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sender_datasource = models.ForeignKey(
        "catalog.DataSource", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_approved = models.BooleanField(default=True)

    class Meta:
        ordering = ["created_date", "pk"]
        indexes = [models.Index(fields=["conversation", "created_date"], name="message_conversation_idx")]

    def __str__(self):
        return f"message #{self.pk} in {self.conversation_id}"


class SellerNotificationSettings(BaseModel):
    """What a seller (datasource) is told of, and where: contact emails and an optional signed webhook."""

    datasource = models.OneToOneField(
        "catalog.DataSource", on_delete=models.CASCADE, related_name="notification_settings"
    )
    emails = models.JSONField(default=list, blank=True, help_text=_("Contact emails, a JSON list (at most 5)."))
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    webhook_url = models.CharField(max_length=254, blank=True, default="")
    webhook_secret = models.CharField(max_length=128, blank=True, default="")
    notify_new_conversation = models.BooleanField(default=True)
    notify_new_message = models.BooleanField(default=True)
    notify_new_review = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = _("seller notification settings")

    def __str__(self):
        return f"notifications of {self.datasource_id}"


class InboxCount(models.Model):
    """A datasource's conversations, answered and not: the seller inbox's count without counting.

    Kept by a PostgreSQL trigger on conversations (pazar/conversations/inbox_counts.py), so every
    write path counts: services, admin, cascades, raw SQL. One row per datasource, so a conversation
    changing state locks one row and two opposite changes cannot deadlock. On other databases the
    table stays empty and the inbox counts rows.
    """

    datasource = models.OneToOneField(
        "catalog.DataSource", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    answered = models.IntegerField(default=0)
    unanswered = models.IntegerField(default=0)
    # Conversations waiting for the seller's reply (reply_needed_since set): `?reply_needed=true`.
    waiting = models.IntegerField(default=0, db_default=0)

    def __str__(self):
        return f"{self.datasource_id}: {self.answered} answered, {self.unanswered} not"
