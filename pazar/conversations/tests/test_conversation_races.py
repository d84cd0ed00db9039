"""Concurrent writes on PostgreSQL: one conversation per item however many open it at once; no lost message."""

import pytest
from django.db import connection
from rest_framework.exceptions import ValidationError
from rest_framework.test import APIClient

from pazar.accounts.services import token_for
from pazar.accounts.tests.factories import UserFactory
from pazar.catalog.tests.factories import DataSourceFactory, ProductFactory
from pazar.conversations.models import Conversation, Message, SenderType
from pazar.conversations.services import Sender, conversation_create, conversation_message_add
from pazar.conversations.tests.factories import ConversationFactory
from pazar.conversations.tests.support import user_body
from pazar.core.testing import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]

THREADS = 32


@pytest.mark.parametrize("about_a_product", [False, True], ids=["no-item", "product"])
def test_many_opening_the_same_conversation_at_once_make_one(about_a_product):
    # given a shopper and a store (and one of its products)
    user, datasource = UserFactory(), DataSourceFactory()
    product = ProductFactory(data_source=datasource) if about_a_product else None
    item = {"item_content": "product", "item_id": product.pk, "product": product} if product else {}

    # when many requests open the same conversation at the same moment
    results = run_together(
        lambda index: conversation_create(
            user=user,
            datasource=datasource,
            conversation_type="question",
            sender=Sender(SenderType.USER, user=user),
            message_content=f"question {index}",
            **item,
        )
    )

    # then exactly one is created with its message, every other is told it exists
    created = [r for r in results if isinstance(r, tuple)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(created) == 1, results
    assert len(refused) == THREADS - 1, results
    assert all(r.detail == ["Conversation already exists"] for r in refused)
    assert Conversation.objects.count() == 1
    assert Message.objects.count() == 1
    assert Message.objects.get().conversation == created[0][0]


def test_many_clients_posting_the_same_conversation_get_one_201(settings):
    # given a shopper signed in on many devices (and a posting limit that lets them all through)
    settings.MESSAGE_POST_PER_USER_PER_MINUTE = THREADS
    user, datasource = UserFactory(), DataSourceFactory()
    authorization = f"Token {token_for(user=user)}"

    def post(index):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=authorization)
        response = client.post("/users/conversations/", user_body(user, datasource, message_content=f"hi {index}"))
        return response.status_code, response.json()

    # when they all open the same conversation at once
    results = run_together(post)

    # then one is created and the others get the seed's 400
    statuses = sorted(status for status, _body in results)
    assert statuses == [201] + [400] * (THREADS - 1), results
    assert all(body == ["Conversation already exists"] for status, body in results if status == 400)
    assert Conversation.objects.count() == 1
    assert Message.objects.count() == 1


def test_concurrent_messages_are_all_kept_and_the_last_one_dates_the_conversation():
    # given a conversation
    conversation = ConversationFactory()

    # when the shopper and the store write many messages at once
    def write(index):
        if index % 2:
            sender = Sender(SenderType.DATASOURCE, datasource=conversation.datasource)
        else:
            sender = Sender(SenderType.USER, user=conversation.user)
        return conversation_message_add(conversation=conversation, sender=sender, message_content=f"m{index}")

    results = run_together(write)

    # then none is lost, and the conversation shows the latest message's date and sender
    assert not [r for r in results if isinstance(r, Exception)], results
    assert conversation.message_set.count() == THREADS
    conversation.refresh_from_db()
    last = conversation.message_set.latest("created_date")
    assert conversation.last_message_date == last.created_date
    assert conversation.is_answered is (last.content_type == SenderType.DATASOURCE)


def test_the_posting_limit_holds_under_concurrent_posts(settings):
    # given a shopper allowed 5 posts a minute and a conversation of theirs
    settings.MESSAGE_POST_PER_USER_PER_MINUTE = 5
    conversation = ConversationFactory()
    before = conversation.message_set.count()
    authorization = f"Token {token_for(user=conversation.user)}"

    def post(index):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=authorization)
        user = conversation.user
        body = {
            "conversation": conversation.pk,
            "message_content": f"m{index}",
            "user_type": "registered",
            "content_type": "user",
            "content_id": user.pk,
        }
        return client.post("/users/messages/", body).status_code

    # when they post many messages at the same moment
    statuses = run_together(post)

    # then exactly 5 get through, the rest are told to slow down, and only 5 messages were written
    assert sorted(statuses) == [201] * 5 + [429] * (THREADS - 5), statuses
    assert conversation.message_set.count() == before + 5
