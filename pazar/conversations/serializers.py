"""Request bodies of conversations, and the declarations of their responses, as seeds 000 and 001 show them.

The response serializers are schema declarations (`@schema_only`): drf-spectacular describes the
responses from them, and builders.py, which reads their field lists, builds every response.
"""

import re

from django.conf import settings as django_settings
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from pazar.accounts.models import User, UserType
from pazar.accounts.serializers import UserSummarySerializer
from pazar.catalog.models import DataSource, Product
from pazar.catalog.serializers import DataSourceSerializer, ProductSummarySerializer
from pazar.conversations.models import (
    Conversation,
    ConversationType,
    ItemContent,
    Message,
    SellerNotificationSettings,
    SenderType,
)
from pazar.conversations.selectors import shopper_for_seller_contact
from pazar.conversations.services import Sender
from pazar.core.builders import schema_only
from pazar.core.openapi import NULLABLE_OBJECT
from pazar.notifications.models import Notification
from pazar.notifications.webhooks import WebhookUrlError, get_webhook_backend
from pazar.orders.models import OrderItem

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MESSAGE_MAX_LENGTH = 2000
# A seller's answer for an unknown id, an untied shopper and a guest alike.
NOT_A_CONTACT = _("You can only open conversations with shoppers who bought from you or wrote to you.")


class PlainTextField(serializers.CharField):
    """Message text: HTML stripped, control characters removed, 1 to 2,000 characters after cleaning."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MESSAGE_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and len(data) > 4 * MESSAGE_MAX_LENGTH:
            self.fail("max_length", max_length=MESSAGE_MAX_LENGTH)
        value = super().to_internal_value(data)
        return CONTROL_CHARACTERS.sub("", strip_tags(value)).strip()

    def run_validation(self, data=serializers.empty):
        value = super().run_validation(data)
        if not value:
            self.fail("blank")
        if len(value) > MESSAGE_MAX_LENGTH:
            self.fail("max_length", max_length=MESSAGE_MAX_LENGTH)
        return value


class SubjectField(serializers.CharField):
    """A conversation's subject: HTML stripped and control characters removed, like message text."""

    def to_internal_value(self, data):
        return CONTROL_CHARACTERS.sub("", strip_tags(super().to_internal_value(data))).strip()


# --- responses: schema declarations (builders.py builds them) -----------------------------------------


@extend_schema_field(NULLABLE_OBJECT)
class NestedObjectField(serializers.ReadOnlyField):
    """An object the builder nests whose kind varies (a user or a datasource, a product or an order item)."""


@schema_only
class MessageSerializer(serializers.ModelSerializer):
    """A message in `message_set`; `content_object` is its author (a user or a datasource)."""

    content_object = NestedObjectField()

    class Meta:
        model = Message
        fields = ["id", "message_content", "user_type", "content_object"]
        read_only_fields = fields


class ItemObjectMixin(serializers.Serializer):
    """`item_object`: a product (pk, name, sku, absolute_url, product_images) or an order item."""

    item_object = NestedObjectField()


@schema_only
class OrderItemObjectSerializer(serializers.Serializer):
    """`item_object` of a conversation about an order item: the item, its order's id and number, its product."""

    pk = serializers.IntegerField()
    order = serializers.IntegerField()
    order_number = serializers.CharField(source="order.number")
    product = ProductSummarySerializer(allow_null=True)


@schema_only
class ConversationSerializer(ItemObjectMixin, serializers.ModelSerializer):
    """A conversation with its user, datasource, item and messages (oldest first)."""

    user = UserSummarySerializer(read_only=True)
    datasource = DataSourceSerializer(read_only=True)
    message_set = MessageSerializer(many=True, read_only=True)

    class Meta:
        model = Conversation
        fields = [
            "id",
            "conversation_type",
            "item_object",
            "is_answered",
            "subject",
            "message_set",
            "user",
            "last_message_date",
            "is_public",
            "item_content",
            "datasource",
        ]
        read_only_fields = fields


@schema_only
class SellerConversationSerializer(ConversationSerializer):
    """A conversation in the seller's inbox: the shopper's shape plus `reply_needed_since`."""

    class Meta(ConversationSerializer.Meta):
        fields = [*ConversationSerializer.Meta.fields, "reply_needed_since"]
        read_only_fields = fields


def public_name(user: User | None) -> str:
    """ "Ayşe K.": a first name and the initial of the surname, nothing more."""
    if user is None:
        return ""
    initial = f" {user.last_name.strip()[0]}." if user.last_name.strip() else ""
    return f"{user.first_name.strip()}{initial}".strip()


@schema_only
class PublicMessageSerializer(MessageSerializer):
    """A public message: the author's id and display name only (no email, phone or surname)."""


@schema_only
class PublicConversationSerializer(ItemObjectMixin, serializers.ModelSerializer):
    """A public question or review; `user` is the id only, as the seed shows.

    A review of an order item shows the product only: the order's id and number are the
    shopper's, not the public's.
    """

    datasource = DataSourceSerializer(read_only=True)
    message_set = PublicMessageSerializer(many=True, read_only=True)

    class Meta:
        model = Conversation
        fields = ["id", "user", "datasource", "item_object", "message_set", "conversation_type", "last_message_date"]
        read_only_fields = fields


@schema_only
class ConversationCreatedSerializer(serializers.Serializer):
    """The flat answer to a create: the conversation and its new message."""

    id = serializers.IntegerField(source="conversation.pk")
    datasource = serializers.IntegerField(source="conversation.datasource_id")
    user = serializers.IntegerField(source="conversation.user_id")
    subject = serializers.CharField(source="conversation.subject", allow_null=True)
    item_content = serializers.CharField(source="conversation.item_content", allow_null=True)
    is_public = serializers.BooleanField(source="conversation.is_public")
    item_id = serializers.IntegerField(source="conversation.item_id", allow_null=True)
    conversation_type = serializers.CharField(source="conversation.conversation_type")
    message_content = serializers.CharField(source="message.message_content")
    user_type = serializers.CharField(source="message.user_type")
    content_id = serializers.IntegerField(source="message.content_id")
    content_type = serializers.CharField(source="message.content_type")


@schema_only
class MessageCreatedSerializer(serializers.ModelSerializer):
    """The answer to a message post."""

    class Meta:
        model = Message
        fields = ["conversation", "message_content", "user_type", "content_id", "content_type"]
        read_only_fields = fields


@schema_only
class MessageListSerializer(MessageSerializer):
    """A message in the messages list."""

    class Meta(MessageSerializer.Meta):
        fields = [
            "id",
            "conversation",
            "message_content",
            "user_type",
            "content_type",
            "content_id",
            "content_object",
            "created_date",
        ]
        read_only_fields = fields


# --- requests ----------------------------------------------------------------------------------------


class MessageInputSerializer(serializers.Serializer):
    """The message part of a request: who writes it, as what, and the text.

    `context["caller"]` is the authenticated user and `context["role"]` is "shopper" or "remote".
    A shopper writes only as themself; a seller account only as its own datasource; staff as the
    conversation's user or datasource.
    """

    message_content = PlainTextField()
    user_type = serializers.ChoiceField(choices=UserType.choices)
    content_type = serializers.ChoiceField(choices=SenderType.choices)
    content_id = serializers.IntegerField(min_value=1)

    def sender_for(self, *, user: User, datasource: DataSource, data: dict) -> Sender:
        """Check who may speak in a conversation between `user` and `datasource`, and return the sender."""
        caller, role = self.context["caller"], self.context["role"]
        content_type, content_id = data["content_type"], data["content_id"]
        if role == "shopper":
            if content_type != SenderType.USER:
                raise exceptions.ValidationError({"content_type": [_("A shopper writes as `user`.")]})
            if content_id != caller.pk:
                raise exceptions.ValidationError({"content_id": [_("You can only write as yourself.")]})
            if data["user_type"] != caller.user_type:
                raise exceptions.ValidationError({"user_type": [_("This is not your user type.")]})
        elif not caller.is_staff:  # a seller account
            if content_type != SenderType.DATASOURCE:
                raise exceptions.ValidationError({"content_type": [_("A seller writes as `datasource`.")]})
            if content_id != caller.datasource_id:
                raise exceptions.ValidationError({"content_id": [_("You can only write as your own datasource.")]})
        if content_type == SenderType.USER:
            if content_id != user.pk:
                raise exceptions.ValidationError({"content_id": [_("Must be the conversation's user.")]})
            return Sender(SenderType.USER, user=user, user_type=data["user_type"])
        if content_id != datasource.pk:
            raise exceptions.ValidationError({"content_id": [_("Must be the conversation's datasource.")]})
        return Sender(SenderType.DATASOURCE, datasource=datasource, user_type=data["user_type"])


class ConversationCreateSerializer(MessageInputSerializer):
    """`POST .../conversations/`: a new conversation with its first message, or, with `conversation`,
    a new message in an existing one."""

    conversation_type = serializers.ChoiceField(choices=ConversationType.choices)
    user = serializers.IntegerField(min_value=1)
    datasource = serializers.IntegerField(min_value=1)
    is_public = serializers.BooleanField(required=False, default=False)
    subject = SubjectField(max_length=255, required=False, allow_null=True, allow_blank=True)
    conversation = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    item_content = serializers.ChoiceField(choices=ItemContent.choices, required=False, allow_null=True)
    item_id = serializers.IntegerField(min_value=1, required=False, allow_null=True)

    def validate(self, attrs):
        caller, role = self.context["caller"], self.context["role"]
        if role == "shopper" and attrs["user"] != caller.pk:
            raise exceptions.ValidationError({"user": [_("You can only start conversations as yourself.")]})
        if role == "remote" and not caller.is_staff and attrs["datasource"] != caller.datasource_id:
            raise exceptions.ValidationError({"datasource": [_("You can only act as your own datasource.")]})
        if bool(attrs.get("item_content")) != bool(attrs.get("item_id")):
            raise exceptions.ValidationError({"item_id": [_("item_content and item_id go together.")]})
        return attrs

    def resolve(self) -> dict:
        """The objects the service needs, each checked to exist and to fit together."""
        data = self.validated_data
        datasource = DataSource.objects.filter(pk=data["datasource"], is_active=True).first()
        if datasource is None:
            raise exceptions.ValidationError({"datasource": [_("Unknown datasource.")]})
        caller, role = self.context["caller"], self.context["role"]
        if role == "shopper":
            user = caller
        elif caller.is_staff:
            user = User.objects.filter(pk=data["user"]).first()
        else:
            user = shopper_for_seller_contact(user_id=data["user"], datasource_id=datasource.pk)
        if user is None:
            raise exceptions.ValidationError({"user": [NOT_A_CONTACT if role == "remote" else _("Unknown user.")]})
        product = order_item = None
        if data.get("item_content") == ItemContent.PRODUCT:
            product = Product.objects.filter(pk=data["item_id"]).first()
            if product is None or (product.data_source_id and product.data_source_id != datasource.pk):
                raise exceptions.ValidationError({"item_id": [_("No such product of this datasource.")]})
        elif data.get("item_content") == ItemContent.ORDERITEM:
            order_item = (
                OrderItem.objects.select_related("product")
                .filter(pk=data["item_id"], order__user=user, datasource=datasource)
                .first()
            )
            if order_item is None:
                raise exceptions.ValidationError({"item_id": [_("No such order item of this user and datasource.")]})
            product = order_item.product
        return {
            "user": user,
            "datasource": datasource,
            "product": product,
            "order_item": order_item,
            "sender": self.sender_for(user=user, datasource=datasource, data=data),
        }


class MessageCreateSerializer(MessageInputSerializer):
    """`POST .../messages/`: a message in an existing conversation."""

    conversation = serializers.IntegerField(min_value=1)


# --- sellers: notification settings, metrics --------------------------------------------------------

MAX_SELLER_EMAILS = 5


class SellerNotificationSettingsSerializer(serializers.ModelSerializer):
    """`GET`/`PATCH .../notification-settings/`: where a seller is told of new conversations and messages.

    The webhook secret is written, never read back (`has_webhook_secret` says whether one is set).
    A webhook URL must be https (http only with WEBHOOK_ALLOW_HTTP) and resolve to public addresses only.
    """

    emails = serializers.ListField(child=serializers.EmailField(max_length=254), max_length=MAX_SELLER_EMAILS)
    language = serializers.ChoiceField(choices=[code for code, _name in django_settings.LANGUAGES])
    webhook_url = serializers.CharField(max_length=254, allow_blank=True)
    webhook_secret = serializers.CharField(min_length=16, max_length=128, write_only=True, allow_blank=True)
    has_webhook_secret = serializers.SerializerMethodField()

    class Meta:
        model = SellerNotificationSettings
        fields = [
            "emails",
            "language",
            "webhook_url",
            "webhook_secret",
            "has_webhook_secret",
            "notify_new_conversation",
            "notify_new_message",
            "notify_new_review",
        ]

    def get_has_webhook_secret(self, obj) -> bool:
        return bool(obj.webhook_secret)

    def validate_emails(self, value):
        unique = list(dict.fromkeys(address.lower() for address in value))
        if len(",".join(unique)) > Notification._meta.get_field("to").max_length:
            raise exceptions.ValidationError(_("These addresses are too long together."))
        return unique

    def validate_webhook_url(self, value):
        value = value.strip()
        if value:
            try:
                get_webhook_backend().check(value)
            except WebhookUrlError as exc:
                raise exceptions.ValidationError(str(exc))
        return value

    def validate(self, attrs):
        url = attrs.get("webhook_url", self.instance.webhook_url if self.instance else "")
        secret = attrs.get("webhook_secret", self.instance.webhook_secret if self.instance else "")
        if url and not secret:
            raise exceptions.ValidationError({"webhook_secret": [_("A webhook needs a secret to sign it with.")]})
        return attrs


class ResponseSummarySerializer(serializers.Serializer):
    """Counts and first-response times of a set of conversations."""

    conversations = serializers.IntegerField()
    unanswered = serializers.IntegerField()
    answered = serializers.IntegerField()
    median_first_response_seconds = serializers.FloatField(allow_null=True)
    p90_first_response_seconds = serializers.FloatField(allow_null=True)
    answered_within_24h = serializers.FloatField(allow_null=True)


class ResponseByTypeSerializer(serializers.Serializer):
    """The summary per conversation type."""

    message = ResponseSummarySerializer()
    question = ResponseSummarySerializer()
    review = ResponseSummarySerializer()


class SellerMetricsSerializer(ResponseSummarySerializer):
    """`GET .../conversations/metrics/?days=30`: the seller's response metrics over the period."""

    days = serializers.IntegerField()
    since = serializers.DateTimeField()
    by_type = ResponseByTypeSerializer()


class MetricsQuerySerializer(serializers.Serializer):
    """The metrics' query: the period in days (1 to 365, 30 by default)."""

    days = serializers.IntegerField(min_value=1, max_value=365, default=30)
    datasource = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, help_text="Staff only: the seller's datasource id."
    )
