"""`/users/messages/`: a shopper's messages, and a new message in one of their conversations."""

import pytest

from pazar.conversations.models import Message
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.conversations.tests.seed_shapes import MESSAGE_LIST_KEYS
from pazar.conversations.tests.support import MESSAGE_CREATED_KEYS, USER_KEYS, ids

URL = "/users/messages/"
FORBIDDEN = "You do not have permission to perform this action."
FORBIDDEN_TR = "Bu işlemi yapmak için izniniz bulunmuyor."


def message_body(user, conversation, /, **overrides) -> dict:
    """The seed's body for a message, written by the shopper."""
    body = {
        "conversation": str(conversation.pk),
        "message_content": "This is the second message.",
        "user_type": "registered",
        "content_type": "user",
        "content_id": str(user.pk),
    }
    body.update(overrides)
    return body


@pytest.fixture
def conversation(user, datasource):
    """The shopper's conversation with the store, which the store has answered."""
    conversation = ConversationFactory(user=user, datasource=datasource, is_answered=True)
    MessageFactory(conversation=conversation)
    MessageFactory(conversation=conversation, from_datasource=True)
    return conversation


@pytest.mark.django_db
def test_lists_only_the_shoppers_messages(token_client, user, other_user, conversation):
    # given another shopper's conversation
    theirs = MessageFactory(conversation=ConversationFactory(user=other_user))

    # when the shopper lists messages
    response = token_client.get(URL)

    # then they see their two messages, newest first, and not the other's
    assert response.status_code == 200
    mine = list(conversation.message_set.order_by("-created_date", "-pk"))
    assert ids(response) == [m.pk for m in mine]
    assert theirs.pk not in ids(response)
    result = response.json()["results"][-1]
    assert set(result) == MESSAGE_LIST_KEYS
    assert result["conversation"] == conversation.pk
    assert (result["content_type"], result["content_id"]) == ("user", user.pk)
    assert set(result["content_object"]) == USER_KEYS


@pytest.mark.django_db
def test_filters_by_conversation(token_client, user, conversation):
    other = MessageFactory(conversation=ConversationFactory(user=user))

    response = token_client.get(URL, {"conversation": conversation.pk})
    other_response = token_client.get(URL, {"conversation": other.conversation_id})

    assert sorted(ids(response)) == sorted(conversation.message_set.values_list("pk", flat=True))
    assert ids(other_response) == [other.pk]


@pytest.mark.django_db
def test_filtering_by_another_shoppers_conversation_shows_nothing(token_client, other_user):
    theirs = MessageFactory(conversation=ConversationFactory(user=other_user), message_content="secret")

    response = token_client.get(URL, {"conversation": theirs.conversation_id})

    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert "secret" not in response.content.decode()


@pytest.mark.django_db
def test_posts_a_message_in_the_seed_shape(token_client, user, conversation):
    before = conversation.last_message_date

    response = token_client.post(URL, message_body(user, conversation))

    assert response.status_code == 201
    assert set(response.json()) == MESSAGE_CREATED_KEYS
    assert response.json() == {
        "conversation": conversation.pk,
        "message_content": "This is the second message.",
        "user_type": "registered",
        "content_id": user.pk,
        "content_type": "user",
    }
    message = conversation.message_set.order_by("-pk").first()
    assert (message.message_content, message.sender_user) == ("This is the second message.", user)
    # the shopper's message waits for an answer again, and is the conversation's last
    conversation.refresh_from_db()
    assert conversation.is_answered is False
    assert conversation.last_message_date == message.created_date > before


@pytest.mark.django_db
def test_posting_to_another_shoppers_conversation_is_forbidden_like_a_missing_one(token_client, user, other_user):
    theirs = ConversationFactory(user=other_user)

    response = token_client.post(URL, message_body(user, theirs))
    missing = token_client.post(URL, message_body(user, theirs, conversation=str(theirs.pk + 1000)))
    turkish = token_client.post(URL, message_body(user, theirs), HTTP_ACCEPT_LANGUAGE="tr")

    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    assert (missing.status_code, missing.json()) == (403, {"detail": FORBIDDEN})
    assert (turkish.status_code, turkish.json()) == (403, {"detail": FORBIDDEN_TR})
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_writing_as_the_conversations_own_user_is_checked_against_the_caller(token_client, user, other_user):
    # given another shopper's conversation, written to as that shopper
    theirs = ConversationFactory(user=other_user)

    response = token_client.post(URL, message_body(other_user, theirs))

    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    assert not Message.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (lambda other, conversation: {"content_id": str(other.pk)}, "content_id"),
        (
            lambda other, conversation: {"content_type": "datasource", "content_id": str(conversation.datasource_id)},
            "content_type",
        ),
        (lambda other, conversation: {"message_content": "<p> </p>"}, "message_content"),
        (lambda other, conversation: {"conversation": "not-a-number"}, "conversation"),
    ],
    ids=["content_id", "content_type", "empty", "conversation"],
)
def test_bad_messages_are_refused(token_client, user, other_user, conversation, overrides, field):
    count = Message.objects.count()

    response = token_client.post(URL, message_body(user, conversation, **overrides(other_user, conversation)))

    assert response.status_code == 400
    assert field in response.json()
    assert Message.objects.count() == count


@pytest.mark.django_db
def test_a_message_needs_a_conversation(token_client, user, conversation):
    body = message_body(user, conversation)
    del body["conversation"]

    response = token_client.post(URL, body)

    assert response.status_code == 400
    assert "conversation" in response.json()


@pytest.mark.django_db
def test_anonymous_is_refused(api_client, user, conversation):
    count = Message.objects.count()

    responses = [api_client.get(URL), api_client.post(URL, message_body(user, conversation))]

    assert [r.status_code for r in responses] == [403, 403]
    assert Message.objects.count() == count
