"""Posting conversations and messages is limited per shopper, per seller account and per client address."""

import pytest

from pazar.conversations.tests.factories import ConversationFactory
from pazar.conversations.tests.support import user_body

MESSAGES = "/users/messages/"


def _message(conversation, text="hello"):
    user = conversation.user
    return {
        "conversation": conversation.pk,
        "message_content": text,
        "user_type": "registered",
        "content_type": "user",
        "content_id": user.pk,
    }


@pytest.fixture
def conversation(user):
    return ConversationFactory(user=user)


@pytest.mark.django_db
def test_a_shopper_over_the_per_minute_limit_gets_429_and_nothing_is_written(token_client, conversation, settings):
    # given a limit of 3 posts a minute
    settings.MESSAGE_POST_PER_USER_PER_MINUTE = 3
    for n in range(3):
        assert token_client.post(MESSAGES, _message(conversation, f"m{n}")).status_code == 201
    count = conversation.message_set.count()

    # when the shopper posts a fourth
    response = token_client.post(MESSAGES, _message(conversation, "one too many"))

    # then it is refused in DRF's format and not stored
    assert response.status_code == 429
    assert "detail" in response.json()
    assert conversation.message_set.count() == count


@pytest.mark.django_db
def test_the_limit_counts_new_conversations_too_and_is_per_shopper(
    token_client, conversation, other_user, datasource, settings
):
    # given a limit of 1 post a minute, used by the shopper's message
    settings.MESSAGE_POST_PER_USER_PER_MINUTE = 1
    assert token_client.post(MESSAGES, _message(conversation)).status_code == 201

    # when the same shopper opens a new conversation
    response = token_client.post("/users/conversations/", user_body(conversation.user, datasource))

    # then it is refused too
    assert response.status_code == 429


@pytest.mark.django_db
def test_another_shopper_is_not_slowed_by_the_first(token_client, conversation, other_user, settings):
    # given a shopper who used up the limit
    from rest_framework.test import APIClient

    from pazar.accounts.services import token_for

    settings.MESSAGE_POST_PER_USER_PER_MINUTE = 1
    assert token_client.post(MESSAGES, _message(conversation)).status_code == 201
    assert token_client.post(MESSAGES, _message(conversation)).status_code == 429

    # when another shopper posts in their own conversation from the same address
    theirs = ConversationFactory(user=other_user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user=other_user)}")
    response = client.post(MESSAGES, _message(theirs))

    # then it goes through
    assert response.status_code == 201


@pytest.mark.django_db
def test_the_per_address_limit_applies_to_everyone_behind_it(token_client, conversation, settings):
    # given an address allowed 2 posts a minute, whatever the account
    settings.MESSAGE_POST_PER_IP_PER_MINUTE = 2
    for n in range(2):
        assert token_client.post(MESSAGES, _message(conversation, f"m{n}")).status_code == 201

    # when a third post comes from that address
    response = token_client.post(MESSAGES, _message(conversation, "third"))

    # then it is refused
    assert response.status_code == 429
