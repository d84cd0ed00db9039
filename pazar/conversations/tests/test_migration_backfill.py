"""conversations 0003's backfill, batched, writes what the one-pass version it replaced wrote.

The migration is replayed by every fresh install: its batches (one UPDATE per range of ids, each
row written once) must derive opened_by, moderation_status, first_response_at and
reply_needed_since from the messages exactly as the four whole-table UPDATEs did.
"""

import importlib
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from pazar.conversations.models import Conversation, ConversationType, Message
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory

migration = importlib.import_module("pazar.conversations.migrations.0003_seller_inbox_notifications_moderation")

COLUMNS = ("opened_by", "moderation_status", "first_response_at", "reply_needed_since")


def one_pass_backfill():
    """The backfill as the migration shipped it (whole-table UPDATEs): the reference."""
    first = Message.objects.filter(conversation=OuterRef("pk")).order_by("created_date", "pk")
    Conversation.objects.update(opened_by=Coalesce(Subquery(first.values("content_type")[:1]), Value("user")))
    Conversation.objects.filter(is_approved=False).update(moderation_status="pending")
    seller = Message.objects.filter(conversation=OuterRef("pk"), content_type="datasource")
    Conversation.objects.filter(opened_by="user").update(
        first_response_at=Subquery(seller.order_by("created_date", "pk").values("created_date")[:1])
    )
    last_seller = (
        Message.objects.filter(conversation=OuterRef("conversation"), content_type="datasource")
        .order_by("-created_date", "-pk")
        .values("created_date")[:1]
    )
    epoch = Value(datetime(1970, 1, 1, tzinfo=UTC))
    waiting = (
        Message.objects.filter(conversation=OuterRef("pk"), content_type="user")
        .filter(created_date__gt=Coalesce(Subquery(last_seller), epoch))
        .order_by("created_date", "pk")
        .values("created_date")[:1]
    )
    Conversation.objects.filter(is_answered=False).exclude(conversation_type="review").update(
        reply_needed_since=Subquery(waiting)
    )


def _state() -> dict:
    return {row["pk"]: row for row in Conversation.objects.values("pk", *COLUMNS)}


def _reset() -> None:
    Conversation.objects.update(
        opened_by="user", moderation_status="approved", first_response_at=None, reply_needed_since=None
    )


@pytest.mark.django_db
def test_the_batched_backfill_writes_what_the_one_pass_backfill_wrote(monkeypatch):
    # given conversations of every shape, each answered and waiting: opened by either side, only
    # one side's messages, reviews, unapproved, without messages, spread over several batches
    monkeypatch.setattr(migration, "BATCH", 3)
    monkeypatch.setattr(migration, "BATCH_MIN", 2)
    monkeypatch.setattr(migration, "BATCH_MAX", 4)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    shapes = [
        ("user",),
        ("user", "datasource"),
        ("user", "datasource", "user", "user"),
        ("datasource", "user"),
        ("datasource",),
        (),
    ]
    for n, senders in enumerate(shapes * 3):
        conversation = ConversationFactory(
            is_answered=(n // len(shapes)) % 2 == 1,  # every shape once answered, twice waiting
            is_approved=n % 4 != 1,
            conversation_type=ConversationType.REVIEW if n % 5 == 2 else ConversationType.MESSAGE,
        )
        for m, sender in enumerate(senders):
            message = MessageFactory(conversation=conversation, from_datasource=sender == "datasource")
            Message.objects.filter(pk=message.pk).update(created_date=start + timedelta(hours=n * 10 + m))
    one_pass_backfill()
    expected = _state()
    _reset()

    # when the migration's backfill runs
    migration.backfill(apps, None)

    # then every conversation has the same derived columns
    assert _state() == expected
    assert {row["opened_by"] for row in expected.values()} == {"user", "datasource"}
    assert any(row["reply_needed_since"] for row in expected.values())
    assert any(row["first_response_at"] for row in expected.values())
    assert any(row["moderation_status"] == "pending" for row in expected.values())
