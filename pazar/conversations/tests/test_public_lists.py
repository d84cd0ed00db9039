"""`/public-questions/` and `/public-reviews/`: published content for everyone, without personal data."""

import pytest
from constance.test import override_config
from django.contrib.admin.sites import site
from django.test import RequestFactory

from pazar.accounts.tests.factories import StaffUserFactory, UserFactory
from pazar.catalog.tests.factories import DataSourceFactory, ProductFactory
from pazar.conversations.admin import ConversationAdmin
from pazar.conversations.models import Conversation, ConversationType
from pazar.conversations.services import Sender, conversation_approve, conversation_message_add
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.conversations.tests.support import (
    DATASOURCE_KEYS,
    MESSAGE_KEYS,
    PAGE_KEYS,
    PRODUCT_ITEM_KEYS,
    PUBLIC_CONVERSATION_KEYS,
    filter_pair,
    ids,
    user_body,
)

QUESTIONS = "/public-questions/"
REVIEWS = "/public-reviews/"
URLS = {ConversationType.QUESTION: QUESTIONS, ConversationType.REVIEW: REVIEWS}


@pytest.fixture
def ayse(db):
    """A shopper whose name, email and phone must never be published."""
    return UserFactory(
        first_name="Ayşe", last_name="Kaya", email="ayse.private@example.com", phone="05321234567", gender="female"
    )


def _conversations_of_every_kind(user):
    """One of each type, public and private; only the public questions and reviews may show."""
    made = {}
    for kind in ConversationType.values:
        for is_public in (True, False):
            conversation = ConversationFactory(user=user, conversation_type=kind, is_public=is_public)
            MessageFactory(conversation=conversation)
            made[kind, is_public] = conversation
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [ConversationType.QUESTION, ConversationType.REVIEW])
def test_lists_only_the_public_conversations_of_its_type_without_login(api_client, ayse, kind):
    # given conversations of every type, public and private, and one public one waiting for approval
    made = _conversations_of_every_kind(ayse)
    ConversationFactory(user=ayse, conversation_type=kind, is_public=True, is_approved=False)

    # when anyone lists the public ones of this type
    response = api_client.get(URLS[kind])

    # then only the approved public one of this type is there
    assert response.status_code == 200
    assert set(response.json()) == PAGE_KEYS
    assert ids(response) == [made[kind, True].pk]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [ConversationType.QUESTION, ConversationType.REVIEW])
def test_the_seed_shape_names_the_author_without_personal_data(api_client, ayse, datasource, kind):
    # given Ayşe Kaya's public conversation about a product
    product = ProductFactory(data_source=datasource, name="Linen shirt")
    conversation = ConversationFactory(
        user=ayse, datasource=datasource, product=product, conversation_type=kind, is_public=True
    )
    first = MessageFactory(conversation=conversation, message_content="first")
    second = MessageFactory(conversation=conversation, message_content="second")

    # when anyone lists them
    response = api_client.get(URLS[kind])

    # then the seed's shape: the user is an id, the author an id and "Ayşe K."
    result = response.json()["results"][0]
    assert set(result) == PUBLIC_CONVERSATION_KEYS
    assert result["user"] == ayse.pk
    assert result["conversation_type"] == kind
    assert set(result["datasource"]) == DATASOURCE_KEYS
    assert set(result["item_object"]) == PRODUCT_ITEM_KEYS
    assert [m["id"] for m in result["message_set"]] == [first.pk, second.pk]
    assert all(set(m) == MESSAGE_KEYS for m in result["message_set"])
    assert result["message_set"][0]["content_object"] == {"id": ayse.pk, "name": "Ayşe K."}
    # and nothing that identifies her further
    text = response.content.decode()
    assert "ayse.private@example.com" not in text
    assert "05321234567" not in text
    assert "Kaya" not in text
    assert "female" not in text


@pytest.mark.django_db
def test_a_stores_answer_is_signed_with_the_stores_name(api_client, ayse, datasource):
    conversation = ConversationFactory(user=ayse, datasource=datasource, question=True, is_public=True)
    MessageFactory(conversation=conversation)
    MessageFactory(conversation=conversation, from_datasource=True)

    response = api_client.get(QUESTIONS)

    answer = response.json()["results"][0]["message_set"][1]
    assert answer["content_object"] == {"id": datasource.pk, "name": datasource.title}


@pytest.mark.django_db
def test_a_shopper_without_a_surname_is_named_by_first_name_only(api_client, datasource):
    shopper = UserFactory(first_name="Can", last_name="")
    MessageFactory(conversation=ConversationFactory(user=shopper, datasource=datasource, question=True, is_public=True))

    response = api_client.get(QUESTIONS)

    assert response.json()["results"][0]["message_set"][0]["content_object"] == {"id": shopper.pk, "name": "Can"}


@pytest.mark.django_db
def test_a_bad_token_does_not_hide_the_public_lists(api_client, ayse, datasource):
    question = ConversationFactory(user=ayse, datasource=datasource, question=True, is_public=True)
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    response = api_client.get(QUESTIONS)

    assert response.status_code == 200
    assert ids(response) == [question.pk]


@pytest.mark.django_db
def test_the_newest_activity_comes_first(api_client, ayse):
    older, newer = (ConversationFactory(user=ayse, question=True, is_public=True) for _ in range(2))
    Conversation.objects.filter(pk=older.pk).update(last_message_date=newer.last_message_date.replace(year=2030))

    response = api_client.get(QUESTIONS)

    assert ids(response) == [older.pk, newer.pk]


# --- moderation --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_moderation_a_public_question_appears_at_once(api_client, token_client, user, datasource):
    with override_config(CONVERSATION_PUBLIC_MODERATION=False):
        response = token_client.post(
            "/users/conversations/", user_body(user, datasource, conversation_type="question", is_public=True)
        )

    assert response.status_code == 201
    assert ids(api_client.get(QUESTIONS)) == [response.json()["id"]]


@pytest.mark.django_db
def test_with_moderation_a_public_question_waits_for_approval(api_client, token_client, user, datasource):
    # given moderation is on, and a shopper asks a public question
    with override_config(CONVERSATION_PUBLIC_MODERATION=True):
        response = token_client.post(
            "/users/conversations/", user_body(user, datasource, conversation_type="question", is_public=True)
        )
        assert response.status_code == 201

        # then it does not show while it waits
        assert ids(api_client.get(QUESTIONS)) == []

        # when staff approve it
        conversation_approve(conversation=Conversation.objects.get(pk=response.json()["id"]))

        # then it shows with its message
        listed = api_client.get(QUESTIONS).json()["results"]
    assert [c["id"] for c in listed] == [response.json()["id"]]
    assert [m["message_content"] for m in listed[0]["message_set"]] == ["Hello, this is a message."]


@pytest.mark.django_db
def test_with_moderation_the_shopper_still_sees_their_waiting_question(token_client, user, datasource):
    with override_config(CONVERSATION_PUBLIC_MODERATION=True):
        created = token_client.post(
            "/users/conversations/", user_body(user, datasource, conversation_type="question", is_public=True)
        )

    mine = token_client.get("/users/conversations/")

    assert ids(mine) == [created.json()["id"]]
    assert len(mine.json()["results"][0]["message_set"]) == 1


@pytest.mark.django_db
def test_with_moderation_a_private_question_is_not_held(token_client, user, datasource):
    with override_config(CONVERSATION_PUBLIC_MODERATION=True):
        response = token_client.post(
            "/users/conversations/", user_body(user, datasource, conversation_type="question", is_public=False)
        )

    conversation = Conversation.objects.get(pk=response.json()["id"])
    assert conversation.is_approved is True
    assert conversation.message_set.get().is_approved is True


@pytest.mark.django_db
def test_the_admin_action_approves(api_client, token_client, user, datasource):
    # given two public questions held by moderation
    with override_config(CONVERSATION_PUBLIC_MODERATION=True):
        first = token_client.post(
            "/users/conversations/", user_body(user, datasource, conversation_type="question", is_public=True)
        )
        second = token_client.post(
            "/users/conversations/", user_body(user, DataSourceFactory(), conversation_type="question", is_public=True)
        )
    assert ids(api_client.get(QUESTIONS)) == []

    # when staff approve both in the admin (and confirm)
    request = RequestFactory().post("/admin/conversations/conversation/", {"confirm": "yes"})
    request.user = StaffUserFactory(is_superuser=True)
    ConversationAdmin(Conversation, site).approve(request, Conversation.objects.all())

    # then both are published with their messages
    listed = api_client.get(QUESTIONS).json()["results"]
    assert sorted(c["id"] for c in listed) == sorted([first.json()["id"], second.json()["id"]])
    assert all(len(c["message_set"]) == 1 for c in listed)


@pytest.mark.django_db
def test_with_moderation_a_new_answer_waits_too(api_client, user, datasource):
    # given an approved public question
    conversation = ConversationFactory(user=user, datasource=datasource, question=True, is_public=True)
    question = MessageFactory(conversation=conversation)

    # when the store answers while moderation is on
    with override_config(CONVERSATION_PUBLIC_MODERATION=True):
        conversation_message_add(
            conversation=conversation, sender=Sender("datasource", datasource=datasource), message_content="Yes."
        )
        before = api_client.get(QUESTIONS).json()["results"][0]["message_set"]
        conversation_approve(conversation=conversation)
        after = api_client.get(QUESTIONS).json()["results"][0]["message_set"]

    # then the answer shows only once approved
    assert [m["id"] for m in before] == [question.pk]
    assert [m["message_content"] for m in after] == [question.message_content, "Yes."]


# --- filters -----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "modified_date",
        "modified_date__gte",
        "modified_date__lte",
        "created_date",
        "created_date__gte",
        "created_date__lte",
        "user_id",
        "product",
        "order_item",
        "item_type",
        "data_source_id",
        "data_source",
        "product_base_code",
        "is_answered",
        "is_answered_false",
    ],
)
def test_filters(api_client, user, other_user, name):
    # given two public questions that differ in everything
    pair = filter_pair(first_user=user, second_user=other_user, second_type=ConversationType.QUESTION, is_public=True)
    assert sorted(ids(api_client.get(QUESTIONS))) == sorted([pair.first.pk, pair.second.pk])
    params, expected = pair.cases()[name]

    # when anyone filters them
    response = api_client.get(QUESTIONS, params)

    # then only the matching one is left
    assert response.status_code == 200
    assert ids(response) == [expected.pk]


@pytest.mark.django_db
def test_a_public_review_of_an_order_item_shows_the_product_not_the_order(api_client, ayse):
    # given a published review of an item of Ayşe's order
    from pazar.orders.tests.factories import OrderFactory, OrderItemFactory

    item = OrderItemFactory(order=OrderFactory(user=ayse))
    review = ConversationFactory(user=ayse, review=True, is_public=True, order_item=item)
    MessageFactory(conversation=review)

    # when anyone lists the public reviews
    response = api_client.get(REVIEWS)

    # then the review shows the product it is about, and neither the order's id nor its number
    assert response.status_code == 200
    [shown] = response.json()["results"]
    assert set(shown["item_object"]) == PRODUCT_ITEM_KEYS
    assert shown["item_object"]["pk"] == item.product_id
    assert item.order.number not in response.content.decode()
