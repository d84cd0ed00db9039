"""Reads for conversations: the querysets scoped to the requester, which the views filter and builders.py renders."""

from datetime import timedelta

from constance import config
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from pazar.accounts.models import User, UserType
from pazar.conversations.models import Conversation, ConversationType, Message, SellerNotificationSettings
from pazar.core.lists import ListOf, Scoped
from pazar.orders.models import OrderItem

ORDERING = ("-last_message_date", "-pk")
# ?ordering=reply_needed_since on the seller inbox: the longest wait first, answered ones after
# (NULLS LAST is PostgreSQL's ascending order, so the index conv_reply_needed_idx serves it).
REPLY_NEEDED_ORDERING = (F("reply_needed_since").asc(nulls_last=True), "pk")


# The conversation lists (pazar/core/lists.py): the one place their key, filters and order are
# written; the list pages (fixed statements or the ORM) and the querysets below compile them.
USER_CONVERSATIONS = ListOf(Conversation, key="user", order_by=ORDERING)
SELLER_CONVERSATIONS = ListOf(Conversation, key="datasource", order_by=ORDERING)
PUBLIC_CONVERSATIONS = {
    kind: ListOf(
        Conversation,
        key="product",
        where={"conversation_type": kind, "is_public": True, "is_approved": True},
        order_by=ORDERING,
    )
    for kind in (ConversationType.QUESTION, ConversationType.REVIEW)
}


def _written(scoped: Scoped) -> QuerySet[Conversation]:
    # The conversation's user and datasource come along for the writes, which check who may speak.
    return scoped.queryset().select_related("user", "datasource")


def conversation_list_of_user(*, user: User) -> Scoped:
    """A shopper's own conversations, newest activity first."""
    return USER_CONVERSATIONS.of(user.pk)


def conversation_list_of_seller(*, caller: User) -> Scoped:
    """A seller's datasource's conversations; staff (the back office) see every datasource's."""
    return SELLER_CONVERSATIONS.of(None if caller.is_staff else caller.datasource_id)


def inbox_list(*, is_answered: bool | None = None, by_wait: bool = False) -> ListOf | None:
    """The seller inbox narrowed by `is_answered`, or the longest wait first (`?ordering=reply_needed_since`,
    `by_wait`), as lists of their own (each one's constants and order are those of an index:
    conv_inbox_answered_idx, conv_reply_needed_idx); None for both at once, which no index holds."""
    if by_wait:
        return SELLER_CONVERSATIONS.ordered(*REPLY_NEEDED_ORDERING) if is_answered is None else None
    return SELLER_CONVERSATIONS if is_answered is None else SELLER_CONVERSATIONS.narrowed(is_answered=is_answered)


def public_conversation_list(*, conversation_type: str, product: int | None = None) -> Scoped:
    """Public questions or reviews that moderation (when on) has approved, of one product (None: of all)."""
    return PUBLIC_CONVERSATIONS[conversation_type].of(product)


def conversations_of_user(*, user: User) -> QuerySet[Conversation]:
    """A shopper's own conversations, newest activity first."""
    return _written(conversation_list_of_user(user=user))


def conversations_of_seller(*, caller: User) -> QuerySet[Conversation]:
    """A seller's datasource's conversations; staff (the back office) see every datasource's."""
    return _written(conversation_list_of_seller(caller=caller))


def public_conversations(*, conversation_type: str) -> QuerySet[Conversation]:
    """Public questions or reviews that moderation (when on) has approved."""
    return _written(public_conversation_list(conversation_type=conversation_type))


def _messages() -> QuerySet[Message]:
    return Message.objects.order_by("-created_date", "-pk")


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


def seller_webhook_secret(*, datasource_id: int | None) -> str:
    """The secret that signs a seller's webhooks now ("" when it has none)."""
    if datasource_id is None:
        return ""
    row = SellerNotificationSettings.objects.filter(datasource_id=datasource_id).values("webhook_secret").first()
    return row["webhook_secret"] if row else ""


def seller_notification_settings(*, datasource_id: int):
    """A seller's notification settings; unsaved defaults when it has none yet."""
    return SellerNotificationSettings.objects.filter(datasource_id=datasource_id).first() or (
        SellerNotificationSettings(datasource_id=datasource_id)
    )


DAY_SECONDS = 24 * 3600
TYPES = tuple(ConversationType.values)


def _quantile(sorted_values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (PostgreSQL's percentile_cont)."""
    if not sorted_values:
        return None
    position = (len(sorted_values) - 1) * q
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def _summary(rows: list[tuple], now, *, answerable: list[tuple] | None = None) -> dict:
    """Counts of (created_date, first_response_at, reply_needed_since) rows, first-response times of
    `answerable` ones (default: all of them; reviews get no answer, so they count in none)."""
    count = len(rows)
    rows = rows if answerable is None else answerable
    durations = sorted((answered - created).total_seconds() for created, answered, _w in rows if answered)
    # Due: answered, or waiting longer than the target; a question asked an hour ago is not late yet.
    due = sum(1 for created, answered, _w in rows if answered or (now - created).total_seconds() > DAY_SECONDS)
    within = sum(1 for d in durations if d <= DAY_SECONDS)
    median, p90 = _quantile(durations, 0.5), _quantile(durations, 0.9)
    return {
        "conversations": count,
        "unanswered": sum(1 for _c, _a, waiting in rows if waiting is not None),
        "answered": len(durations),
        "median_first_response_seconds": round(median, 3) if median is not None else None,
        "p90_first_response_seconds": round(p90, 3) if p90 is not None else None,
        "answered_within_24h": round(within / due, 4) if due else None,
    }


def seller_response_metrics(*, datasource_id: int | None, days: int, now=None) -> dict[int, dict]:
    """Per datasource (one, or all with None): the conversations shoppers opened in the last `days`.

    One query, summed up in Python: `conversations`, `unanswered` (waiting for the seller now),
    `answered`, the median and 90th percentile of the first response in seconds, and the share of
    due conversations answered within 24 hours; the same again `by_type`.
    """
    now = now or timezone.now()
    since = now - timedelta(days=days)
    queryset = Conversation.objects.filter(created_date__gte=since, created_date__lte=now, opened_by="user")
    if datasource_id is not None:
        queryset = queryset.filter(datasource_id=datasource_id)
    grouped: dict[int, dict[str, list]] = {}
    for ds, kind, created, answered, waiting in queryset.values_list(
        "datasource_id", "conversation_type", "created_date", "first_response_at", "reply_needed_since"
    ).order_by():
        grouped.setdefault(ds, {}).setdefault(kind, []).append((created, answered, waiting))
    if datasource_id is not None:
        grouped.setdefault(datasource_id, {})
    result = {}
    for ds, by_kind in grouped.items():
        every = [row for rows in by_kind.values() for row in rows]
        answerable = [row for kind, rows in by_kind.items() if kind != ConversationType.REVIEW for row in rows]
        result[ds] = {
            **_summary(every, now, answerable=answerable),
            "by_type": {
                kind: _summary(by_kind.get(kind, []), now, answerable=[] if kind == ConversationType.REVIEW else None)
                for kind in TYPES
            },
        }
    return result
