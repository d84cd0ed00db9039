"""Reads for conversations: querysets already joined for everything the serializers touch."""

from constance import config
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from pazar.accounts.models import User, UserType
from pazar.conversations.models import Conversation, ConversationType, Message
from pazar.orders.models import OrderItem

ORDERING = ("-last_message_date", "-pk")


def _conversations(*, public: bool = False) -> QuerySet[Conversation]:
    messages = Message.objects.select_related("sender_user", "sender_datasource").order_by("created_date", "pk")
    if public:
        messages = messages.filter(is_approved=True)
    return (
        Conversation.objects.select_related(
            "user", "datasource", "product", "order_item", "order_item__order", "order_item__product"
        )
        .prefetch_related(
            Prefetch("message_set", queryset=messages),
            "product__productimage_set",
            "order_item__product__productimage_set",
        )
        .order_by(*ORDERING)
    )


def conversations_of_user(*, user: User) -> QuerySet[Conversation]:
    """A shopper's own conversations, newest activity first."""
    return _conversations().filter(user=user)


def conversations_of_seller(*, caller: User) -> QuerySet[Conversation]:
    """A seller's datasource's conversations; staff (the back office) see every datasource's."""
    queryset = _conversations()
    return queryset if caller.is_staff else queryset.filter(datasource_id=caller.datasource_id)


def public_conversations(*, conversation_type: str) -> QuerySet[Conversation]:
    """Public questions or reviews that moderation (when on) has approved."""
    assert conversation_type in (ConversationType.QUESTION, ConversationType.REVIEW)
    return _conversations(public=True).filter(conversation_type=conversation_type, is_public=True, is_approved=True)


def _messages() -> QuerySet[Message]:
    return Message.objects.select_related("sender_user", "sender_datasource").order_by("-created_date", "-pk")


def messages_of_user(*, user: User) -> QuerySet[Message]:
    """Messages of the shopper's conversations."""
    return _messages().filter(conversation__user=user)


def messages_of_seller(*, caller: User) -> QuerySet[Message]:
    """Messages of the seller's datasource's conversations (staff: all)."""
    queryset = _messages()
    return queryset if caller.is_staff else queryset.filter(conversation__datasource_id=caller.datasource_id)


class SellerContactTies:
    """Values of the dynamic setting SELLER_CONTACT_TIES (labels in settings.CONSTANCE_ADDITIONAL_FIELDS)."""

    ORDER_OR_CONVERSATION = "order_or_conversation"  # bought from the datasource, or wrote to it
    ORDER = "order"  # bought from the datasource
    NOBODY = "nobody"  # sellers only answer


def shopper_for_seller_contact(*, user_id: int, datasource_id: int) -> User | None:
    """The registered, active shopper `user_id` if tied to the datasource (SELLER_CONTACT_TIES), else None.

    None for an unknown id, an untied shopper and a guest alike: the caller answers all of them the
    same, so a seller cannot learn which ids are accounts, nor reach shoppers who never dealt with it.
    """
    ties = config.SELLER_CONTACT_TIES
    if ties == SellerContactTies.NOBODY:
        return None
    bought = Exists(OrderItem.objects.filter(order__user=OuterRef("pk"), datasource_id=datasource_id))
    tied = Q(bought)
    if ties != SellerContactTies.ORDER:
        tied |= Q(Exists(Conversation.objects.filter(user=OuterRef("pk"), datasource_id=datasource_id)))
    return (
        User.objects.filter(pk=user_id, is_active=True, user_type=UserType.REGISTERED, datasource__isnull=True)
        .filter(tied)
        .first()
    )
