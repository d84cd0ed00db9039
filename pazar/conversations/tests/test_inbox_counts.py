"""The seller inbox's kept counts follow every change to conversations (PostgreSQL trigger)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pazar.accounts.tests.factories import UserFactory
from pazar.catalog.tests.factories import DataSourceFactory
from pazar.conversations.models import Conversation, ConversationType, InboxCount, SenderType
from pazar.conversations.services import Sender, conversation_message_add
from pazar.conversations.tests.factories import ConversationFactory
from pazar.core.testing import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the counts are kept by a PostgreSQL trigger"),
]


def _kept():
    return {row.datasource_id: (row.answered, row.unanswered) for row in InboxCount.objects.all()}


def _counted():
    result = {}
    for conversation in Conversation.objects.all():
        answered, unanswered = result.get(conversation.datasource_id, (0, 0))
        result[conversation.datasource_id] = (
            answered + conversation.is_answered,
            unanswered + (not conversation.is_answered),
        )
    return result


def _nonzero(counts):
    return {pk: c for pk, c in counts.items() if c != (0, 0)}


@pytest.mark.django_db
def test_the_counts_follow_creates_replies_moves_and_deletes():
    first, second = DataSourceFactory(), DataSourceFactory()
    shopper = UserFactory()
    conversations = [ConversationFactory(datasource=first, user=UserFactory()) for _ in range(4)]
    ConversationFactory(datasource=second, user=shopper, conversation_type=ConversationType.QUESTION)
    assert _kept() == _counted() == {first.pk: (0, 4), second.pk: (0, 1)}

    # a seller's reply answers, the shopper's next message un-answers
    conversation_message_add(
        conversation=conversations[0], sender=Sender(SenderType.DATASOURCE, datasource=first), message_content="Yes"
    )
    conversation_message_add(
        conversation=conversations[1], sender=Sender(SenderType.DATASOURCE, datasource=first), message_content="Yes"
    )
    conversation_message_add(
        conversation=conversations[1],
        sender=Sender(SenderType.USER, user=conversations[1].user),
        message_content="Thanks, one more thing",
    )
    assert _kept() == _counted() == {first.pk: (1, 3), second.pk: (0, 1)}

    # saved without change, moved to another seller, deleted, deleted with its user
    Conversation.objects.filter(pk=conversations[2].pk).update(is_answered=False)
    Conversation.objects.filter(pk=conversations[0].pk).update(datasource=second)
    conversations[3].delete()
    shopper.delete()

    assert _nonzero(_kept()) == _counted() == {first.pk: (0, 2), second.pk: (1, 0)}


@pytest.mark.django_db
def test_the_inbox_reads_the_kept_count_and_counts_rows_under_other_filters(seller, seller_client, remote):
    for answered in (True, False, False):
        ConversationFactory(datasource=seller.datasource, is_answered=answered, question=True)
    ConversationFactory(datasource=seller.datasource)  # a message thread, unanswered
    ConversationFactory(is_answered=False)  # another seller's

    expectations = {
        "": 4,
        "?is_answered=false": 3,
        "?is_answered=true": 1,
        "?is_answered=false&limit=1&page=2": 3,
    }
    for query, count in expectations.items():
        with CaptureQueriesContext(connection) as captured:
            body = seller_client.get(remote.conversations + query).json()
        assert body["count"] == count, query
        assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries), query

    with CaptureQueriesContext(connection) as captured:
        body = seller_client.get(remote.conversations + "?is_answered=false&conversation_type=question").json()
    assert body["count"] == 2
    assert any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_opposite_changes_at_once_neither_deadlock_nor_lose_a_count():
    seller = DataSourceFactory()
    answered = [ConversationFactory(datasource=seller, is_answered=True) for _ in range(16)]
    unanswered = [ConversationFactory(datasource=seller, is_answered=False) for _ in range(16)]
    flipped = answered + unanswered

    def flip(index):
        conversation = flipped[index]
        return Conversation.objects.filter(pk=conversation.pk).update(is_answered=not conversation.is_answered)

    results = run_together(flip, len(flipped))

    assert results == [1] * 32
    assert _kept() == _counted() == {seller.pk: (16, 16)}
