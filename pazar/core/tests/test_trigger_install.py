"""`migrate`'s post_migrate step installs a kept-total trigger only when the database lacks it.

Installing one locks its table against writes and counts every row (seconds on millions of
conversations): a `migrate` that changes no trigger must do neither (bench/MIGRATIONS.md).
"""

import pytest
from django.db import connection

from pazar.accounts.tests.factories import UserFactory
from pazar.conversations import inbox_counts
from pazar.conversations import list_versions as versions
from pazar.conversations.models import InboxCount
from pazar.conversations.tests.factories import ConversationFactory
from pazar.core import list_versions
from pazar.core.models import ListVersion

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the fingerprint is kept on PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]


def _forget_installed(function: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"COMMENT ON FUNCTION {function}() IS NULL")


def test_the_inbox_trigger_unchanged_is_not_reinstalled_nor_recounted():
    # given the trigger installed and a seller's kept count gone wrong behind its back
    inbox_counts.install()
    conversation = ConversationFactory()
    InboxCount.objects.filter(datasource_id=conversation.datasource_id).update(unanswered=99)

    # when migrate runs again with the same trigger
    inbox_counts.install()

    # then nothing was counted again
    assert InboxCount.objects.get(datasource_id=conversation.datasource_id).unanswered == 99

    # and when the installed trigger is not this code's, it is replaced and counted again
    _forget_installed("conversations_inbox_count")
    inbox_counts.install()
    row = InboxCount.objects.get(datasource_id=conversation.datasource_id)
    assert row.answered + row.unanswered == 1


def test_list_version_triggers_unchanged_are_not_reinstalled_nor_recounted():
    # given the triggers installed and a shopper's kept total gone wrong behind their back
    list_versions.ensure()
    shopper = UserFactory()
    ConversationFactory.create_batch(2, user=shopper)
    ListVersion.objects.filter(scope="conversations", key=shopper.pk).update(members=99)

    # when migrate runs again with the same triggers
    list_versions.ensure()

    # then nothing was counted again
    assert ListVersion.objects.get(scope="conversations", key=shopper.pk).members == 99

    # and when one of a bump's triggers is not this code's, that bump is reinstalled and counted again
    bump = next(b for b in versions.bumps() if b.members)
    _forget_installed(f"lv_{bump.name}_{bump.events[0].lower()}")
    list_versions.ensure()
    assert ListVersion.objects.get(scope="conversations", key=shopper.pk).members == 2


def test_the_migration_replaces_a_trigger_of_an_older_release():
    # given a database whose conversation insert trigger is an older release's (here: one that counts nothing)
    list_versions.ensure()
    shopper = UserFactory()
    ConversationFactory(user=shopper)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION lv_conversations_conversation_insert() RETURNS trigger AS $$ "
            "BEGIN RETURN NULL; END $$ LANGUAGE plpgsql"
        )
    ConversationFactory(user=shopper)
    assert ListVersion.objects.get(scope="conversations", key=shopper.pk).members == 1

    # when the migration's operation runs (outside a transaction, as in its non-atomic migration)
    bump = next(b for b in versions.bumps() if b.members)
    list_versions.operation(bump).apply(connection)

    # then the totals are counted again and kept by the new triggers
    assert ListVersion.objects.get(scope="conversations", key=shopper.pk).members == 2
    ConversationFactory(user=shopper)
    assert ListVersion.objects.get(scope="conversations", key=shopper.pk).members == 3
    with connection.cursor() as cursor:
        operation = list_versions.operation(bump)
        assert list_versions.installed(cursor, bump.table, operation.functions, operation.fingerprinted())
