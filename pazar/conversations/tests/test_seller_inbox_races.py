"""reply_needed_since under concurrent posts (PostgreSQL): always the oldest shopper message since the last answer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pazar.catalog.tests.factories import DataSourceFactory
from pazar.conversations.models import Conversation, ConversationType, InboxCount, SenderType
from pazar.conversations.services import Sender, conversation_message_add
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.conversations.tests.test_conversation_races import THREADS
from pazar.core.testing import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]


def _expected_wait(conversation):
    """From the messages: the oldest shopper message after the store's last one (None if none)."""
    waiting = None
    for message in conversation.message_set.order_by("created_date", "pk"):
        if message.content_type == SenderType.DATASOURCE:
            waiting = None
        elif waiting is None:
            waiting = message.created_date
    return waiting


@pytest.mark.parametrize("last_from", ["shopper", "store"])
def test_concurrent_posts_leave_the_wait_of_the_messages(last_from):
    # given a conversation the store answered
    conversation = ConversationFactory(conversation_type=ConversationType.QUESTION, is_answered=True)
    MessageFactory(conversation=conversation)
    MessageFactory(conversation=conversation, from_datasource=True)

    # when the shopper and the store post many messages at once
    def write(index):
        if index % 2:
            sender = Sender(SenderType.DATASOURCE, datasource=conversation.datasource)
        else:
            sender = Sender(SenderType.USER, user=conversation.user)
        return conversation_message_add(conversation=conversation, sender=sender, message_content=f"m{index}")

    results = run_together(write)
    # and one more, so both endings are tried
    final = (
        Sender(SenderType.USER, user=conversation.user)
        if last_from == "shopper"
        else Sender(SenderType.DATASOURCE, datasource=conversation.datasource)
    )
    conversation_message_add(conversation=conversation, sender=final, message_content="last")

    # then the wait is what the messages say, and the kept inbox counts agree with the rows
    assert not [r for r in results if isinstance(r, Exception)], results
    conversation.refresh_from_db()
    assert conversation.message_set.count() == THREADS + 3
    assert conversation.reply_needed_since == _expected_wait(conversation)
    assert (conversation.reply_needed_since is None) is (last_from == "store")
    kept = InboxCount.objects.get(datasource_id=conversation.datasource_id)
    assert (kept.answered, kept.unanswered) == (int(conversation.is_answered), int(not conversation.is_answered))


def test_concurrent_shopper_posts_keep_the_first_one():
    # given an answered conversation
    conversation = ConversationFactory(conversation_type=ConversationType.QUESTION, is_answered=True)
    MessageFactory(conversation=conversation, from_datasource=True)

    # when the shopper posts many messages at once
    results = run_together(
        lambda index: conversation_message_add(
            conversation=conversation,
            sender=Sender(SenderType.USER, user=conversation.user),
            message_content=f"{index}",
        )
    )

    # then the wait starts at the earliest of them
    assert not [r for r in results if isinstance(r, Exception)], results
    conversation.refresh_from_db()
    assert conversation.reply_needed_since == min(r.created_date for r in results)


@pytest.mark.django_db
def test_the_kept_count_of_waiting_conversations_follows_every_change(seller, seller_client, remote):
    # given a store with three waiting conversations and an answered one (another store's aside)
    datasource = seller.datasource
    waiting = [ConversationFactory(datasource=datasource, reply_needed_since=timezone.now()) for _ in range(3)]
    answered = ConversationFactory(datasource=datasource, is_answered=True)
    ConversationFactory(reply_needed_since=timezone.now())
    assert _kept_waiting(datasource) == _counted_waiting(datasource) == 3

    # when the store answers one, the shopper writes in the answered one, one moves away and one is deleted
    conversation_message_add(
        conversation=waiting[0], sender=Sender(SenderType.DATASOURCE, datasource=datasource), message_content="ok"
    )
    conversation_message_add(
        conversation=answered, sender=Sender(SenderType.USER, user=answered.user), message_content="and?"
    )
    Conversation.objects.filter(pk=waiting[1].pk).update(datasource=DataSourceFactory())
    waiting[2].delete()

    # then the kept count is the rows' count, and the inbox reads it without counting
    assert _kept_waiting(datasource) == _counted_waiting(datasource) == 1
    for query, count in {"?reply_needed=true": 1, "?reply_needed=false&ordering=reply_needed_since": 1}.items():
        with CaptureQueriesContext(connection) as captured:
            body = seller_client.get(remote.conversations + query).json()
        assert body["count"] == count, query
        assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries), query
    # both filters at once are counted
    assert seller_client.get(remote.conversations + "?reply_needed=true&is_answered=false").json()["count"] == 1


def _kept_waiting(datasource):
    return InboxCount.objects.get(datasource_id=datasource.pk).waiting


def _counted_waiting(datasource):
    return Conversation.objects.filter(datasource=datasource, reply_needed_since__isnull=False).count()
