"""pazar's PostgreSQL backend: statements run inside generic_plan() under generic plans, the rest
planned for their values (pazar/core/postgresql/base.py)."""

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from pazar.conversations.models import Conversation, ConversationType
from pazar.core.postgresql import generic_plan
from pazar.core.rows import RowsBy

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan cache"),
]

MODE = "SELECT current_setting('plan_cache_mode')"


def _mode(*, marked: bool) -> str:
    with connection.cursor() as cursor:
        if marked:
            with generic_plan(connection):
                cursor.execute(MODE)
        else:
            cursor.execute(MODE)
        return cursor.fetchone()[0]


@pytest.fixture
def sets(monkeypatch):
    """The SETs the backend sends, in order."""
    sent = []
    original = type(connections["default"])._set_mode

    def counting(self, *, generic):
        sent.append(generic)
        return original(self, generic=generic)

    monkeypatch.setattr(type(connections["default"]), "_set_mode", counting)
    return sent


@pytest.mark.django_db(transaction=True)
def test_each_kind_runs_in_its_mode_with_one_set_when_the_kind_changes(sets):
    assert _mode(marked=False) == "force_custom_plan"
    assert sets == []

    assert [_mode(marked=True) for _ in range(3)] == ["force_generic_plan"] * 3
    assert sets == [True]

    assert [_mode(marked=False) for _ in range(2)] == ["force_custom_plan"] * 2
    assert sets == [True, False]


@pytest.mark.django_db(transaction=True)
def test_a_transaction_runs_every_statement_planned_for_its_values_and_a_rollback_misleads_nothing(sets):
    # given a session left in the generic mode by a page of marked statements
    assert _mode(marked=True) == "force_generic_plan"

    # when a transaction opens, runs both kinds and rolls back
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert _mode(marked=False) == "force_custom_plan"
        assert _mode(marked=True) == "force_custom_plan"
        1 / 0  # noqa: B018

    # then the session's mode is the one the backend believes, for both kinds
    assert _mode(marked=False) == "force_custom_plan"
    assert _mode(marked=True) == "force_generic_plan"
    assert sets == [True, False, True]


@pytest.mark.django_db(transaction=True)
def test_the_sets_are_not_in_the_query_log_and_a_new_connection_starts_custom(sets):
    with CaptureQueriesContext(connection) as captured:
        _mode(marked=True)
        _mode(marked=False)
    assert len(captured) == 2 and len(sets) == 2

    _mode(marked=True)
    connection.close()
    assert _mode(marked=False) == "force_custom_plan"
    assert sets == [True, False, True]


@pytest.mark.django_db
def test_rows_by_asks_for_generic_plans_and_writes_its_constants_into_its_statements():
    page = RowsBy(
        Conversation,
        ("id",),
        key="product",
        where={"conversation_type": ConversationType.REVIEW, "is_public": True},
    )
    statement = page._statement(connection)
    assert statement.select.startswith("SELECT ")  # the plan mode is no part of the SQL
    assert statement.where == [
        '"conversations_conversation"."conversation_type" = \'review\'',
        '"conversations_conversation"."is_public" = true',
    ]
    assert statement.where_params == []
    assert page.page(1, offset=0, limit=5) == []
    assert page.page(1, offset=5, limit=5) == []
    assert page.count(1) == 0


@pytest.mark.django_db(transaction=True)
def test_rows_by_runs_its_statements_under_a_generic_plan_and_the_orm_under_custom_ones():
    modes = []

    def record(execute, sql, params, many, context):
        modes.append((sql.split()[0], connection.generic_requested))
        return execute(sql, params, many, context)

    page = RowsBy(Conversation, ("id",), key="product", order_by=("-pk",))
    with connection.execute_wrapper(record):
        page.page(1, offset=0, limit=5)
        page.count(1)
        list(Conversation.objects.filter(product_id=1))
    assert [generic for _sql, generic in modes] == [True, True, False]
