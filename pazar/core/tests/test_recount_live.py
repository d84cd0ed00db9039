"""Counting the kept totals again blocks no writer and still ends exact (list_versions.recount_live).

The count runs in one snapshot and the totals are corrected by increments in short batches, while
the triggers keep counting the writes that commit meanwhile: the totals must equal a fresh count.
"""

import threading

import pytest
from django.db import connection, connections

from pazar.accounts.tests.factories import UserFactory
from pazar.conversations import inbox_counts
from pazar.conversations import list_versions as versions
from pazar.conversations.models import Conversation, InboxCount
from pazar.conversations.tests.factories import ConversationFactory
from pazar.core import list_versions
from pazar.core.models import ListVersion

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _kept(scope: str, key: int) -> int:
    row = ListVersion.objects.filter(scope=scope, key=key).first()
    return row.members if row else 0


def test_the_recount_with_writers_going_on_ends_at_the_rows_count():
    # given the triggers, shoppers with conversations, and kept totals gone wrong behind their back
    list_versions.ensure()
    shoppers = UserFactory.create_batch(4)
    for shopper in shoppers:
        ConversationFactory.create_batch(3, user=shopper)
    ListVersion.objects.filter(scope="conversations", key=shoppers[0].pk).update(members=99)
    ListVersion.objects.filter(scope="conversations", key=shoppers[1].pk).delete()
    stop = threading.Event()
    errors = []

    def write(shopper):
        try:
            while not stop.is_set():
                conversation = ConversationFactory(user=shopper)
                if conversation.pk % 2:
                    conversation.delete()
        except Exception as error:  # noqa: BLE001 (reported by the test)
            errors.append(error)
        finally:
            connections.close_all()

    writers = [threading.Thread(target=write, args=(shopper,)) for shopper in shoppers]
    for writer in writers:
        writer.start()

    # when the totals are counted again, one key per batch, while the writers go on
    try:
        for _ in range(3):
            bump = next(b for b in versions.bumps() if b.members)
            counts, scopes = list_versions.count_sql(bump), list_versions.scopes_sql(bump)
            list_versions.recount_live(
                connection, bump.table, counts, scopes, list_versions.recount_statements(counts, scopes), batch=1
            )
    finally:
        stop.set()
        for writer in writers:
            writer.join()

    # then every shopper's kept total is their conversations' count, and nothing failed
    assert errors == []
    for shopper in shoppers:
        assert _kept("conversations", shopper.pk) == Conversation.objects.filter(user=shopper).count()


def test_the_recount_takes_no_lock_on_the_member_table():
    # given a writer in flight on the member table (its lock, not yet committed)
    list_versions.ensure()
    shopper = UserFactory()
    ConversationFactory(user=shopper)
    ListVersion.objects.filter(scope="conversations", key=shopper.pk).update(members=7)
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")
            cursor.execute("LOCK TABLE conversations_conversation IN ROW EXCLUSIVE MODE")

        # when the totals are counted again meanwhile (a table lock would wait for the writer)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        list_versions.recount(versions.bumps())
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
        other.commit()
    finally:
        other.close()

    # then the total is right
    assert _kept("conversations", shopper.pk) == 1


def test_the_inbox_recount_with_writers_going_on_ends_at_the_rows_count():
    # given the inbox trigger, a seller's conversations and a kept count gone wrong behind its back
    inbox_counts.install()
    first = ConversationFactory()
    datasource = first.datasource
    ConversationFactory.create_batch(2, datasource=datasource)
    InboxCount.objects.filter(datasource=datasource).update(answered=50, unanswered=-3)
    stop = threading.Event()
    errors = []

    def write():
        try:
            while not stop.is_set():
                conversation = ConversationFactory(datasource=datasource)
                if conversation.pk % 2:
                    conversation.delete()
        except Exception as error:  # noqa: BLE001 (reported by the test)
            errors.append(error)
        finally:
            connections.close_all()

    writers = [threading.Thread(target=write) for _ in range(3)]
    for writer in writers:
        writer.start()

    # when the counts are taken again, one seller per batch, while the writers go on
    try:
        for _ in range(3):
            inbox_counts.recount(batch=1)
    finally:
        stop.set()
        for writer in writers:
            writer.join()

    # then the kept counts are the rows' counts
    assert errors == []
    kept = InboxCount.objects.get(datasource=datasource)
    rows = Conversation.objects.filter(datasource=datasource)
    assert (kept.answered, kept.unanswered) == (
        rows.filter(is_answered=True).count(),
        rows.filter(is_answered=False).count(),
    )
