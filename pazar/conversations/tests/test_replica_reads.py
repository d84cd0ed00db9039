"""Which conversation reads go to a read replica (pazar/core/replicas.py): public lists and the seller's
inbox and metrics, unless the caller just wrote; the list's versions and its page from one database."""

import pytest
from django.db import OperationalError, connections

from pazar.conversations.models import ConversationType
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.core import replicas
from pazar.core.testing import replica

pytestmark = pytest.mark.django_db(transaction=True)


def _reply(conversation) -> dict:
    return {
        "conversation": str(conversation.pk),
        "message_content": "In stock.",
        "user_type": "registered",
        "content_type": "datasource",
        "content_id": str(conversation.datasource_id),
    }


def _question(user):
    return ConversationFactory(user=user, conversation_type=ConversationType.QUESTION, is_public=True)


def _touches(statements, table: str) -> bool:
    return any(table in sql for sql in statements)


def test_a_public_list_reads_its_versions_and_its_page_on_the_replica(api_client, user):
    question = _question(user)
    MessageFactory(conversation=question)

    with replica() as ran:
        response = api_client.get("/public-questions/")

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [question.pk]
    assert _touches(ran["replica1"], "core_listversion") and _touches(ran["replica1"], "conversations_conversation")
    assert not _touches(ran["default"], "core_listversion") and not _touches(ran["default"], "conversations_")


def test_a_public_lists_revalidation_reads_the_replica_too(api_client, user):
    MessageFactory(conversation=_question(user))
    with replica() as ran:
        etag = api_client.get("/public-questions/")["ETag"]
        response = api_client.get("/public-questions/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert not _touches(ran["default"], "core_listversion") and _touches(ran["replica1"], "core_listversion")


def test_the_sellers_inbox_and_metrics_read_the_replica(seller_client, user, datasource, remote):
    MessageFactory(conversation=ConversationFactory(user=user, datasource=datasource))
    with replica() as ran:
        inbox = seller_client.get(remote.conversations)
        metrics = seller_client.get(f"{remote.conversations}metrics/")

    assert inbox.status_code == 200 and inbox.json()["count"] == 1
    assert metrics.status_code == 200
    assert _touches(ran["replica1"], "conversations_conversation")
    # Who the seller is and whether the channel is active: the primary's, before the choice.
    assert _touches(ran["default"], "authtoken_token")
    assert not _touches(ran["default"], "conversations_conversation")


def test_after_a_write_the_writer_reads_the_primary(seller_client, user, datasource, seller, remote):
    conversation = ConversationFactory(user=user, datasource=datasource)
    MessageFactory(conversation=conversation)
    with replica() as ran:
        assert seller_client.post(remote.messages, _reply(conversation)).status_code == 201
        ran["default"].clear()
        inbox = seller_client.get(remote.conversations)

    assert inbox.status_code == 200 and inbox.json()["results"][0]["is_answered"] is True
    assert _touches(ran["default"], "conversations_conversation")
    assert not _touches(ran["replica1"], "conversations_conversation")


def test_once_the_pin_ends_the_writer_reads_the_replica_again(seller_client, user, datasource, seller, remote):
    conversation = ConversationFactory(user=user, datasource=datasource)
    with replica() as ran:
        seller_client.post(remote.messages, _reply(conversation))
        replicas.cache.delete(replicas.pin_key(seller.pk))  # DATABASE_REPLICA_PIN_SECONDS later
        seller_client.get(remote.conversations)

    assert _touches(ran["replica1"], "conversations_conversation")


def test_an_unreachable_replica_falls_back_to_the_primary_and_is_not_tried_again(api_client, user):
    MessageFactory(conversation=_question(user))
    unreachable = (
        {"HOST": "127.0.0.1", "PORT": "1"}
        if connections["default"].vendor == "postgresql"
        else {"NAME": "/nonexistent/pazar/replica.sqlite3"}
    )
    with replica(**unreachable) as ran:
        tried = []
        probe = replicas.probe
        replicas.probe = lambda alias: tried.append(alias) or probe(alias)
        try:
            first = api_client.get("/public-questions/")
            second = api_client.get("/public-questions/")
        finally:
            replicas.probe = probe

    assert first.status_code == second.status_code == 200
    assert first.json()["count"] == 1
    assert _touches(ran["default"], "core_listversion") and ran["replica1"] == []
    assert tried == ["replica1"]  # the second request knew it was down


def test_a_replica_too_far_behind_is_not_read(api_client, user, monkeypatch, settings):
    MessageFactory(conversation=_question(user))
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 10
    with replica() as ran:
        monkeypatch.setattr(replicas, "lag_seconds", lambda alias: 11.0)
        response = api_client.get("/public-questions/")

    assert response.status_code == 200
    assert _touches(ran["default"], "conversations_conversation") and ran["replica1"] == []


def test_writes_never_go_to_the_replica(seller_client, user, datasource, remote):
    conversation = ConversationFactory(user=user, datasource=datasource)
    with replica() as ran:
        seller_client.post(remote.messages, _reply(conversation))

    assert _touches(ran["default"], "INSERT") and ran["replica1"] == []


def test_a_replica_lost_during_the_request_is_answered_again_from_the_primary(api_client, user):
    MessageFactory(conversation=_question(user))

    def lost(execute, sql, params, many, context):
        if "conversations_conversation" in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with replica() as ran:
        with connections["replica1"].execute_wrapper(lost):
            response = api_client.get("/public-questions/")
        marked_down = "replica1" in replicas._down_until

    assert response.status_code == 200 and response.json()["count"] == 1
    assert _touches(ran["default"], "conversations_conversation")
    assert marked_down
