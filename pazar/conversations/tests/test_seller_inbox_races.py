"""reply_needed_since under concurrent posts (PostgreSQL): always the oldest shopper message since the last answer."""

import pytest
from django.db import connection

from pazar.conversations.models import ConversationType, InboxCount, SenderType
from pazar.conversations.services import Sender, conversation_message_add
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.conversations.tests.test_conversation_races import THREADS, _run_together

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

    results = _run_together(write)
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
    results = _run_together(
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
