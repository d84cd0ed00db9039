"""The seller inbox: reply_needed_since (set, cleared, filtered, ordered), one conversation by id."""

from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from pazar.accounts.tests.factories import UserFactory
from pazar.conversations import builders, selectors
from pazar.conversations.models import Conversation, SenderType
from pazar.conversations.serializers import SellerConversationSerializer
from pazar.conversations.services import Sender, conversation_create, conversation_message_add
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.conversations.tests.support import CONVERSATION_KEYS, ids, user_body
from pazar.core.testing import assert_matches_declaration

pytestmark = pytest.mark.django_db


def _shopper(user):
    return Sender(SenderType.USER, user=user)


def _store(datasource):
    return Sender(SenderType.DATASOURCE, datasource=datasource)


def _open(user, datasource, kind="question", sender=None):
    return conversation_create(
        user=user,
        datasource=datasource,
        conversation_type=kind,
        sender=sender or _shopper(user),
        message_content="first",
    )


def test_the_shoppers_first_message_starts_the_wait(user, datasource):
    conversation, message = _open(user, datasource)

    conversation.refresh_from_db()
    assert conversation.reply_needed_since == message.created_date
    assert conversation.opened_by == SenderType.USER


def test_more_shopper_messages_keep_the_oldest(user, datasource):
    conversation, first = _open(user, datasource)

    conversation_message_add(conversation=conversation, sender=_shopper(user), message_content="hello?")

    conversation.refresh_from_db()
    assert conversation.reply_needed_since == first.created_date


def test_the_sellers_answer_clears_it_and_the_next_question_starts_again(user, datasource):
    conversation, _first = _open(user, datasource)
    answer = conversation_message_add(conversation=conversation, sender=_store(datasource), message_content="yes")
    conversation.refresh_from_db()
    assert conversation.reply_needed_since is None
    assert conversation.first_response_at == answer.created_date

    again = conversation_message_add(conversation=conversation, sender=_shopper(user), message_content="and?")
    conversation_message_add(conversation=conversation, sender=_store(datasource), message_content="still yes")
    conversation.refresh_from_db()
    assert conversation.reply_needed_since is None
    assert conversation.first_response_at == answer.created_date  # the first response stays the first
    conversation_message_add(conversation=conversation, sender=_shopper(user), message_content="thanks")
    conversation.refresh_from_db()
    assert conversation.reply_needed_since > again.created_date


def test_a_seller_opened_conversation_waits_for_nobody(user, datasource):
    conversation, _message = _open(user, datasource, kind="message", sender=_store(datasource))

    conversation.refresh_from_db()
    assert conversation.reply_needed_since is None
    assert conversation.opened_by == SenderType.DATASOURCE

    reply = conversation_message_add(conversation=conversation, sender=_shopper(user), message_content="ok")
    conversation.refresh_from_db()
    assert conversation.reply_needed_since == reply.created_date
    assert conversation.first_response_at is None  # metrics count conversations shoppers open


def test_a_review_never_waits(user, datasource, settings):
    from constance.test import override_config

    with override_config(CONVERSATION_REVIEW_REQUIRES_PURCHASE=False):
        conversation, _message = _open(user, datasource, kind="review")

    conversation.refresh_from_db()
    assert conversation.reply_needed_since is None


# --- the list ------------------------------------------------------------------------------------------


@pytest.fixture
def waiting(user, datasource):
    """Three conversations of the store: waiting 3 hours, waiting 1 hour, answered; and one of another store."""
    now = timezone.now()
    long_wait = ConversationFactory(user=user, datasource=datasource, reply_needed_since=now - timedelta(hours=3))
    short_wait = ConversationFactory(
        user=UserFactory(), datasource=datasource, reply_needed_since=now - timedelta(hours=1)
    )
    answered = ConversationFactory(user=user, datasource=datasource, question=True, is_answered=True)
    elsewhere = ConversationFactory(user=user, reply_needed_since=now - timedelta(days=9))
    for conversation in (long_wait, short_wait, answered, elsewhere):
        MessageFactory(conversation=conversation)
    # the answered one has the newest activity, the long wait the oldest
    Conversation.objects.filter(pk=long_wait.pk).update(last_message_date=now - timedelta(hours=3))
    Conversation.objects.filter(pk=short_wait.pk).update(last_message_date=now - timedelta(hours=1))
    return long_wait, short_wait, answered


def test_the_inbox_orders_by_the_longest_wait(seller_client, remote, waiting):
    long_wait, short_wait, answered = waiting

    response = seller_client.get(remote.conversations, {"ordering": "reply_needed_since"})

    assert response.status_code == 200
    assert ids(response) == [long_wait.pk, short_wait.pk, answered.pk]  # answered ones last
    results = response.json()["results"]
    assert_matches_declaration(results[0], SellerConversationSerializer)
    assert results[0]["reply_needed_since"] == long_wait.reply_needed_since.isoformat().replace("+00:00", "Z")
    assert results[2]["reply_needed_since"] is None
    assert response.json()["count"] == 3


def test_the_inbox_filters_what_waits(seller_client, remote, waiting):
    long_wait, short_wait, answered = waiting
    two_hours_ago = (timezone.now() - timedelta(hours=2)).isoformat()

    assert ids(seller_client.get(remote.conversations, {"reply_needed": "true"})) == [short_wait.pk, long_wait.pk]
    assert ids(seller_client.get(remote.conversations, {"reply_needed": "false"})) == [answered.pk]
    waited = seller_client.get(
        remote.conversations, {"reply_needed_since__lte": two_hours_ago, "ordering": "reply_needed_since"}
    )
    assert ids(waited) == [long_wait.pk]


def test_an_unknown_ordering_is_a_400(seller_client, remote, waiting):
    assert seller_client.get(remote.conversations, {"ordering": "user__email"}).status_code == 400


def test_the_inbox_by_wait_pages_in_constant_queries(
    seller_client, user, datasource, remote, django_assert_max_num_queries
):
    from pazar.conversations.tests.test_conversation_queries import REMOTE_LIST_QUERIES, _fill

    _fill(3, user=user, datasource=datasource)
    seller_client.get(remote.conversations)  # the masking setting's default is stored on first read
    with django_assert_max_num_queries(REMOTE_LIST_QUERIES):
        small = seller_client.get(remote.conversations, {"ordering": "reply_needed_since"})
    _fill(12, user=user, datasource=datasource)
    with django_assert_max_num_queries(REMOTE_LIST_QUERIES):
        full = seller_client.get(remote.conversations, {"ordering": "reply_needed_since", "limit": 15})

    assert len(small.json()["results"]) == 3 and len(full.json()["results"]) == 15


@pytest.fixture
def crowded(seller):
    """Twelve conversations of the seller, answered or not, waiting or not, with ties in both orders;
    and one of another seller."""
    now = timezone.now()
    for index in range(12):
        answered = index % 3 == 0
        ConversationFactory(
            datasource=seller.datasource,
            is_answered=answered,
            reply_needed_since=None if answered else now - timedelta(hours=index % 4),
            last_message_date=now - timedelta(minutes=index % 5),
        )
    ConversationFactory(reply_needed_since=now - timedelta(days=9))
    return selectors.conversations_of_seller(caller=seller)


def test_the_inbox_pages_of_its_own_filter_and_order_are_the_selectors_rows(seller, crowded):
    cases = [
        (builders.inbox_page(is_answered=False), crowded.filter(is_answered=False)),
        (builders.inbox_page(is_answered=True), crowded.filter(is_answered=True)),
        (builders.inbox_page(by_wait=True), crowded.order_by(*selectors.REPLY_NEEDED_ORDERING)),
    ]
    for rows, expected in cases:
        assert rows.count(seller.datasource_id) == expected.count() > 0
        for start in range(0, 14, 5):
            page = rows.page(seller.datasource_id, offset=start, limit=5)
            assert page == list(builders.page_rows(expected)[start : start + 5])
    # no index holds the unanswered ones by their wait: the list's queryset pages them
    assert builders.inbox_page(is_answered=False, by_wait=True) is None


@pytest.mark.parametrize(
    ("query", "narrowed"),
    [
        ({"is_answered": "false"}, lambda rows: rows.filter(is_answered=False)),
        ({"is_answered": "true", "ordering": "-last_message_date"}, lambda rows: rows.filter(is_answered=True)),
        ({"ordering": "reply_needed_since"}, lambda rows: rows.order_by(*selectors.REPLY_NEEDED_ORDERING)),
        (
            {"is_answered": "false", "ordering": "reply_needed_since"},
            lambda rows: rows.filter(is_answered=False).order_by(*selectors.REPLY_NEEDED_ORDERING),
        ),
    ],
)
def test_every_page_of_the_inbox_filters_and_orders_as_the_queryset(seller_client, remote, crowded, query, narrowed):
    expected = list(narrowed(crowded).values_list("pk", flat=True))
    pages = [
        seller_client.get(remote.conversations, {**query, "limit": 3, "page": page})
        for page in range(1, (len(expected) + 2) // 3 + 1)
    ]

    assert len(pages) > 1 and [pk for page in pages for pk in ids(page)] == expected
    assert {page.json()["count"] for page in pages} == {len(expected)}


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pazar's PostgreSQL backend")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("query", [{"is_answered": "false"}, {"ordering": "reply_needed_since"}])
def test_the_unanswered_and_longest_wait_pages_run_what_the_unfiltered_one_runs(
    seller_client, remote, waiting, query, monkeypatch
):
    sets = []
    original = type(connections["default"])._set_mode

    def counting(self, *, generic):
        sets.append(generic)
        return original(self, generic=generic)

    monkeypatch.setattr(type(connections["default"]), "_set_mode", counting)

    def unmarked(params) -> tuple[list[str], list[bool]]:
        seller_client.get(remote.conversations)  # the same state before each
        sets.clear()
        custom = []

        def record(execute, sql, params, many, context):
            if not connection.generic_requested:  # planned for its values: the ORM's, not generic_plan's
                custom.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            assert seller_client.get(remote.conversations, params).status_code == 200
        return custom, list(sets)

    # no statement through the ORM and no SET plan_cache_mode more than the unfiltered page's
    assert unmarked(query) == unmarked({})


def test_the_shoppers_list_has_no_seller_field(token_client, waiting):
    results = token_client.get("/users/conversations/").json()["results"]

    assert results and all(set(r) == CONVERSATION_KEYS for r in results)


# --- one conversation ----------------------------------------------------------------------------------


def test_the_seller_reads_one_conversation_with_its_messages(seller_client, remote, user, datasource):
    conversation, _first = _open(user, datasource)
    conversation_message_add(conversation=conversation, sender=_store(datasource), message_content="yes")

    response = seller_client.get(f"{remote.conversations}{conversation.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert_matches_declaration(body, SellerConversationSerializer)
    assert [m["message_content"] for m in body["message_set"]] == ["first", "yes"]
    assert body["reply_needed_since"] is None
    assert body["user"]["id"] == user.pk


def test_another_stores_conversation_is_a_404(seller_client, remote, user):
    theirs = ConversationFactory(user=user)
    MessageFactory(conversation=theirs, message_content="not for you")

    response = seller_client.get(f"{remote.conversations}{theirs.pk}/")

    assert response.status_code == 404
    assert "not for you" not in response.content.decode()
    assert seller_client.get(f"{remote.conversations}999999/").status_code == 404


def test_a_shopper_cannot_use_the_sellers_read(token_client, remote, user, datasource):
    conversation, _first = _open(user, datasource)

    assert token_client.get(f"{remote.conversations}{conversation.pk}/").status_code == 403


def test_staff_read_any_stores_conversation(staff_client, remote, user, datasource):
    conversation, _first = _open(user, datasource)

    assert staff_client.get(f"{remote.conversations}{conversation.pk}/").status_code == 200


def test_posting_through_the_api_sets_the_wait(token_client, seller_client, remote, user, datasource):
    created = token_client.post("/users/conversations/", user_body(user, datasource)).json()

    listed = seller_client.get(remote.conversations).json()["results"]

    assert listed[0]["id"] == created["id"]
    assert listed[0]["reply_needed_since"] is not None
