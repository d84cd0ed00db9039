"""A list's one description compiles to the fast path and to the ORM alike (pazar/core/lists.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pazar.accounts.tests.factories import UserFactory
from pazar.addresses.models import Address
from pazar.addresses.tests.factories import AddressFactory
from pazar.conversations.models import Conversation
from pazar.conversations.tests.factories import ConversationFactory
from pazar.core.lists import ListOf
from pazar.core.pagination import PageSource

pytestmark = pytest.mark.django_db

HIDDEN = ListOf(Conversation, key="user", where={"is_approved": True}, order_by=("-pk",))
BOOKS = ListOf(Address, key="user", where={"deleted_at": None}, order_by=("-pk",))


def _pks(rows) -> list[int]:
    return [row["pk"] for row in rows]


def test_a_default_filter_declared_once_applies_on_both_paths():
    user = UserFactory()
    shown = [ConversationFactory(user=user) for _ in range(3)]
    ConversationFactory(user=user, is_approved=False)  # hidden by the description's `where`
    ConversationFactory()  # another key's
    listed = HIDDEN.of(user.pk)

    fast = listed.source()
    filtered = listed.source(filtered=listed.queryset().filter(conversation_type=shown[0].conversation_type))
    expected = sorted((c.pk for c in shown), reverse=True)

    assert fast.count() == filtered.count() == 3
    assert _pks(fast.rows(0, 20)) == _pks(filtered.rows(0, 20)) == expected
    assert _pks(fast.rows(1, 1)) == _pks(filtered.rows(1, 1)) == expected[1:2]


def test_a_null_constant_is_is_null_on_both_paths():
    user = UserFactory()
    kept = AddressFactory(user=user)
    AddressFactory(user=user, deleted_at=timezone.now())
    listed = BOOKS.of(user.pk)

    assert _pks(listed.source().rows(0, 20)) == [kept.pk]
    assert list(listed.queryset().values_list("pk", flat=True)) == [kept.pk]


def test_the_columns_of_a_page_are_the_same_on_both_paths():
    user = UserFactory()
    ConversationFactory(user=user)
    listed = HIDDEN.of(user.pk)
    columns = {"columns": ("id", "subject"), "related": {"datasource": ("pk", "name")}}

    fast = listed.source(**columns).rows(0, 5)
    filtered = listed.source(**columns, filtered=listed.queryset()).rows(0, 5)

    assert fast == filtered and set(fast[0]) == {"id", "subject", "datasource__pk", "datasource__name"}


def test_every_key_is_the_list_of_none_and_variants_are_compiled_once():
    ConversationFactory()
    ConversationFactory()

    assert HIDDEN.of(None).source().count() == HIDDEN.queryset().count() == 2
    assert HIDDEN.narrowed(is_answered=True) is HIDDEN.narrowed(is_answered=True)
    assert HIDDEN.ordered("pk") is HIDDEN.ordered("pk") and HIDDEN.ordered("pk").where == HIDDEN.where
    assert HIDDEN.statement(("id",)) is HIDDEN.statement(("id",))


def test_a_known_total_is_not_counted():
    source = PageSource(count=lambda: pytest.fail("counted"), rows=lambda offset, limit: [])

    with CaptureQueriesContext(connection) as captured:
        assert source.known(7).count() == 7
    assert len(captured) == 0
    assert source.known(None) is source
