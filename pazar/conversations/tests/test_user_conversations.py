"""`/users/conversations/` and `/users/conversations/<id>/`: a shopper's conversations (seeds 000, 001)."""

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.utils.dateparse import parse_datetime

from pazar.catalog.tests.factories import DataSourceFactory, ProductFactory, ProductImageFactory
from pazar.conversations.models import Conversation, ConversationType, Message, SenderType
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.conversations.tests.support import (
    CONVERSATION_KEYS,
    CREATED_KEYS,
    DATASOURCE_KEYS,
    MESSAGE_KEYS,
    ORDER_ITEM_OBJECT_KEYS,
    PAGE_KEYS,
    PRODUCT_IMAGE_KEYS,
    PRODUCT_ITEM_KEYS,
    USER_KEYS,
    filter_pair,
    ids,
    user_body,
)
from pazar.orders.tests.factories import OrderFactory, OrderItemFactory

URL = "/users/conversations/"
FORBIDDEN = "You do not have permission to perform this action."
FORBIDDEN_TR = "Bu işlemi yapmak için izniniz bulunmuyor."


def detail_url(pk: int) -> str:
    return f"{URL}{pk}/"


# --- list and detail ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_lists_the_shoppers_conversations_in_the_seed_shape(token_client, user, other_user, datasource):
    # given a conversation about a product with an image, a question and the store's answer
    product = ProductFactory(data_source=datasource, name="Oversized Sweatshirt", sku="4455002")
    image = ProductImageFactory(product=product)
    conversation = ConversationFactory(user=user, datasource=datasource, product=product, subject="subject-1")
    question = MessageFactory(conversation=conversation, message_content="Does it shrink?")
    answer = MessageFactory(conversation=conversation, from_datasource=True, message_content="No.")
    # and a conversation of another shopper
    ConversationFactory(user=other_user, datasource=datasource)

    # when the shopper lists their conversations
    response = token_client.get(URL)

    # then only theirs is there, in the seed's shape
    assert response.status_code == 200
    body = response.json()
    assert set(body) == PAGE_KEYS
    assert body["count"] == 1
    result = body["results"][0]
    assert set(result) == CONVERSATION_KEYS
    assert result["id"] == conversation.pk
    assert result["conversation_type"] == "message"
    assert result["subject"] == "subject-1"
    assert result["is_answered"] is False
    assert result["is_public"] is False
    assert result["item_content"] == "product"
    assert parse_datetime(result["last_message_date"]) == conversation.last_message_date
    assert result["user"] == {
        "id": user.pk,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": None,
        "gender": None,
    }
    assert set(result["datasource"]) == DATASOURCE_KEYS
    assert result["datasource"]["pk"] == datasource.pk
    assert result["datasource"]["slug"] == datasource.slug
    assert result["datasource"]["extras"] == {}
    assert result["item_object"] == {
        "pk": product.pk,
        "name": "Oversized Sweatshirt",
        "sku": "4455002",
        "absolute_url": product.absolute_url,
        "product_images": [
            {"pk": image.pk, "product": product.pk, "image": image.image.name, "order": 0, "height": 80, "width": 100}
        ],
    }
    assert set(result["item_object"]["product_images"][0]) == PRODUCT_IMAGE_KEYS
    # messages oldest first, each with its author
    assert [m["id"] for m in result["message_set"]] == [question.pk, answer.pk]
    assert all(set(m) == MESSAGE_KEYS for m in result["message_set"])
    assert result["message_set"][0]["message_content"] == "Does it shrink?"
    assert result["message_set"][0]["user_type"] == "registered"
    assert set(result["message_set"][0]["content_object"]) == USER_KEYS
    assert result["message_set"][0]["content_object"]["id"] == user.pk
    assert set(result["message_set"][1]["content_object"]) == DATASOURCE_KEYS
    assert result["message_set"][1]["content_object"]["pk"] == datasource.pk


@pytest.mark.django_db
def test_item_object_of_an_order_item_names_the_order_and_the_product(token_client, user, datasource):
    # given a conversation about an item of the shopper's order
    item = OrderItemFactory(order=OrderFactory(user=user), product=ProductFactory(data_source=datasource))
    ConversationFactory(user=user, datasource=datasource, order_item=item)

    # when the shopper lists their conversations
    response = token_client.get(URL)

    # then the item object is the order item with its order and product
    item_object = response.json()["results"][0]["item_object"]
    assert set(item_object) == ORDER_ITEM_OBJECT_KEYS
    assert item_object["pk"] == item.pk
    assert item_object["order"] == item.order_id
    assert item_object["order_number"] == item.order.number
    assert set(item_object["product"]) == PRODUCT_ITEM_KEYS
    assert item_object["product"]["pk"] == item.product_id
    assert response.json()["results"][0]["item_content"] == "orderitem"


@pytest.mark.django_db
def test_a_conversation_without_an_item_has_no_item_object(token_client, user, datasource):
    ConversationFactory(user=user, datasource=datasource)

    response = token_client.get(URL)

    result = response.json()["results"][0]
    assert result["item_object"] is None
    assert result["item_content"] is None


@pytest.mark.django_db
def test_the_newest_activity_comes_first(token_client, user, datasource):
    # given three conversations whose last messages came in another order than their creation
    first, second, third = (ConversationFactory(user=user, datasource=DataSourceFactory()) for _ in range(3))
    token_client.post(URL, user_body(user, second.datasource, conversation=second.pk))
    token_client.post(URL, user_body(user, first.datasource, conversation=first.pk))

    # when the shopper lists their conversations
    response = token_client.get(URL)

    # then the one written to last is first
    assert ids(response) == [first.pk, second.pk, third.pk]


@pytest.mark.django_db
def test_detail_in_the_seed_shape(token_client, user, datasource):
    conversation = ConversationFactory(user=user, datasource=datasource, subject="subject-1")
    message = MessageFactory(conversation=conversation)

    response = token_client.get(detail_url(conversation.pk))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == CONVERSATION_KEYS
    assert body["id"] == conversation.pk
    assert [m["id"] for m in body["message_set"]] == [message.pk]
    assert set(body["user"]) == USER_KEYS
    assert set(body["datasource"]) == DATASOURCE_KEYS


@pytest.mark.django_db
def test_another_shoppers_conversation_is_forbidden_like_a_missing_one(token_client, other_user, datasource):
    # given another shopper's conversation, and an id that does not exist
    theirs = ConversationFactory(user=other_user, datasource=datasource, subject="secret subject")
    MessageFactory(conversation=theirs, message_content="secret message")
    missing = theirs.pk + 1000

    # when the shopper reads both
    response = token_client.get(detail_url(theirs.pk))
    missing_response = token_client.get(detail_url(missing))

    # then both are the same 403 and nothing of theirs shows
    assert response.status_code == 403
    assert response.json() == {"detail": FORBIDDEN}
    assert (missing_response.status_code, missing_response.json()) == (403, {"detail": FORBIDDEN})
    assert "secret" not in response.content.decode()


@pytest.mark.django_db
def test_the_refusal_speaks_turkish_when_asked(token_client, other_user, datasource):
    theirs = ConversationFactory(user=other_user, datasource=datasource)

    response = token_client.get(detail_url(theirs.pk), HTTP_ACCEPT_LANGUAGE="tr")

    assert response.status_code == 403
    assert response.json() == {"detail": FORBIDDEN_TR}


@pytest.mark.django_db
def test_conversations_cannot_be_changed_or_deleted(token_client, user, datasource):
    # "Apart from these actions for conversations, there are no other actions such as deletion."
    conversation = ConversationFactory(user=user, datasource=datasource, subject="kept")

    responses = [
        token_client.delete(detail_url(conversation.pk)),
        token_client.put(detail_url(conversation.pk), {"subject": "changed"}),
        token_client.patch(detail_url(conversation.pk), {"subject": "changed"}),
        token_client.delete(URL),
    ]

    assert [r.status_code for r in responses] == [405] * 4
    conversation.refresh_from_db()
    assert conversation.subject == "kept"


@pytest.mark.django_db
def test_anonymous_is_refused(api_client, user, datasource):
    conversation = ConversationFactory(user=user, datasource=datasource)

    responses = [
        api_client.get(URL),
        api_client.get(detail_url(conversation.pk)),
        api_client.post(URL, user_body(user, datasource)),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert all("detail" in r.json() for r in responses)
    assert Conversation.objects.count() == 1


# --- create ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_creates_a_conversation_with_its_first_message(token_client, user, datasource):
    # when the shopper writes to the store without an item, as seed 000 does
    response = token_client.post(URL, user_body(user, datasource, subject="subject", is_public=False))

    # then the answer is the seed's flat body
    assert response.status_code == 201
    body = response.json()
    assert set(body) == CREATED_KEYS
    conversation = Conversation.objects.get()
    message = Message.objects.get()
    assert body == {
        "id": conversation.pk,
        "datasource": datasource.pk,
        "user": user.pk,
        "subject": "subject",
        "item_content": None,
        "is_public": False,
        "item_id": None,
        "conversation_type": "message",
        "message_content": "Hello, this is a message.",
        "user_type": "registered",
        "content_id": user.pk,
        "content_type": "user",
    }
    # and the conversation starts with that message
    assert (conversation.user, conversation.datasource, conversation.is_answered) == (user, datasource, False)
    assert (message.conversation, message.content_type, message.content_id) == (conversation, "user", user.pk)
    assert message.sender_user == user
    assert conversation.last_message_date == message.created_date


@pytest.mark.django_db
@pytest.mark.parametrize("conversation_type", ["message", "question"])
def test_creates_a_conversation_about_a_product(token_client, user, datasource, conversation_type):
    product = ProductFactory(data_source=datasource)

    response = token_client.post(
        URL,
        user_body(user, datasource, conversation_type=conversation_type, item_content="product", item_id=product.pk),
    )

    assert response.status_code == 201
    assert (response.json()["item_content"], response.json()["item_id"]) == ("product", product.pk)
    assert response.json()["conversation_type"] == conversation_type
    conversation = Conversation.objects.get()
    assert (conversation.product, conversation.order_item, conversation.item_id) == (product, None, product.pk)


@pytest.mark.django_db
def test_creates_a_conversation_about_an_item_of_the_shoppers_own_order(token_client, user, datasource):
    item = OrderItemFactory(order=OrderFactory(user=user), product=ProductFactory(data_source=datasource))

    response = token_client.post(URL, user_body(user, datasource, item_content="orderitem", item_id=item.pk))

    assert response.status_code == 201
    assert (response.json()["item_content"], response.json()["item_id"]) == ("orderitem", item.pk)
    conversation = Conversation.objects.get()
    assert (conversation.order_item, conversation.product) == (item, item.product)


@pytest.mark.django_db
def test_a_session_write_needs_csrf(auth_client, user, datasource):
    # when the logged-in shopper posts without the CSRF token
    refused = auth_client.post(URL, user_body(user, datasource))

    # then it is refused and nothing is written
    assert refused.status_code == 403
    assert not Conversation.objects.exists()

    # and with the cookie and the x-csrftoken header it goes through
    token = _get_new_csrf_string()
    auth_client.cookies["csrftoken"] = token
    accepted = auth_client.post(URL, user_body(user, datasource), HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201
    assert Conversation.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("item_content", "item"),
    [(None, None), ("product", "product"), ("orderitem", "order_item")],
)
def test_a_second_conversation_about_the_same_item_is_refused(token_client, user, datasource, item_content, item):
    # given a conversation with the store about an item (or about nothing)
    order_item = OrderItemFactory(order=OrderFactory(user=user), product=ProductFactory(data_source=datasource))
    item_id = {None: None, "product": order_item.product_id, "order_item": order_item.pk}[item]
    extra = {"item_content": item_content, "item_id": item_id} if item_content else {}
    first = token_client.post(URL, user_body(user, datasource, **extra))
    assert first.status_code == 201

    # when the shopper opens the same conversation again
    response = token_client.post(URL, user_body(user, datasource, message_content="again", **extra))

    # then it is refused in the seed's shape and nothing is written
    assert response.status_code == 400
    assert response.json() == ["Conversation already exists"]
    assert Conversation.objects.count() == 1
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_another_type_or_another_item_is_another_conversation(token_client, user, datasource):
    product = ProductFactory(data_source=datasource)
    token_client.post(URL, user_body(user, datasource))

    responses = [
        token_client.post(URL, user_body(user, datasource, conversation_type="question")),
        token_client.post(URL, user_body(user, datasource, item_content="product", item_id=product.pk)),
        token_client.post(URL, user_body(user, DataSourceFactory())),
    ]

    assert [r.status_code for r in responses] == [201, 201, 201]
    assert Conversation.objects.count() == 4


@pytest.mark.django_db
def test_adds_a_message_to_the_shoppers_conversation(token_client, user, datasource):
    # given the shopper's conversation, answered by the store
    conversation = ConversationFactory(user=user, datasource=datasource, is_answered=True)
    MessageFactory(conversation=conversation)

    # when the shopper writes again through `conversation`
    response = token_client.post(
        URL, user_body(user, datasource, conversation=conversation.pk, message_content="This is the second message.")
    )

    # then the message is added to it and no conversation is opened
    assert response.status_code == 201
    assert response.json()["id"] == conversation.pk
    assert response.json()["message_content"] == "This is the second message."
    assert Conversation.objects.count() == 1
    assert conversation.message_set.count() == 2
    conversation.refresh_from_db()
    assert conversation.is_answered is False


@pytest.mark.django_db
def test_posting_to_another_shoppers_conversation_is_forbidden(token_client, user, other_user, datasource):
    # given another shopper's conversation and an id that does not exist
    theirs = ConversationFactory(user=other_user, datasource=datasource)

    # when the shopper posts a message to each through `conversation`
    response = token_client.post(URL, user_body(user, datasource, conversation=theirs.pk))
    missing = token_client.post(URL, user_body(user, datasource, conversation=theirs.pk + 1000))

    # then both get the same 403 and nothing is written
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    assert (missing.status_code, missing.json()) == (403, {"detail": FORBIDDEN})
    assert not Message.objects.exists()


# --- who may write -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (lambda other, ds: {"user": str(other.pk), "content_id": str(other.pk)}, "user"),
        (lambda other, ds: {"content_id": str(other.pk)}, "content_id"),
        (lambda other, ds: {"content_type": "datasource", "content_id": str(ds.pk)}, "content_type"),
        (lambda other, ds: {"user_type": "guest"}, "user_type"),
    ],
    ids=["user", "content_id", "content_type", "user_type"],
)
def test_a_shopper_writes_only_as_themself(token_client, user, other_user, datasource, overrides, field):
    # when the shopper tries to write as someone else
    response = token_client.post(URL, user_body(user, datasource, **overrides(other_user, datasource)))

    # then the field that lies is named and nothing is written
    assert response.status_code == 400
    assert field in response.json()
    assert not Conversation.objects.exists()
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_a_shopper_cannot_write_as_the_store_in_their_own_conversation(token_client, user, datasource):
    conversation = ConversationFactory(user=user, datasource=datasource)

    response = token_client.post(
        URL,
        user_body(user, datasource, conversation=conversation.pk, content_type="datasource", content_id=datasource.pk),
    )

    assert response.status_code == 400
    assert "content_type" in response.json()
    assert not Message.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"conversation_type": "gossip"}, "conversation_type"),
        ({"message_content": None}, "message_content"),
        ({"datasource": None}, "datasource"),
        ({"item_content": "product"}, "item_id"),
        ({"item_content": "basket", "item_id": 1}, "item_content"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(token_client, user, datasource, body, field):
    payload = {k: v for k, v in {**user_body(user, datasource), **body}.items() if v is not None}

    response = token_client.post(URL, payload)

    assert response.status_code == 400
    assert field in response.json()
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_an_unknown_or_inactive_store_is_refused(token_client, user, datasource):
    inactive = DataSourceFactory(is_active=False)

    responses = [
        token_client.post(URL, user_body(user, datasource, datasource=str(datasource.pk + 1000))),
        token_client.post(URL, user_body(user, inactive)),
    ]

    assert [r.status_code for r in responses] == [400, 400]
    assert all("datasource" in r.json() for r in responses)
    assert not Conversation.objects.exists()


# --- the item must exist and belong --------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unknown_product_is_refused(token_client, user, datasource):
    product = ProductFactory(data_source=datasource)

    response = token_client.post(URL, user_body(user, datasource, item_content="product", item_id=product.pk + 1000))

    assert response.status_code == 400
    assert "item_id" in response.json()
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_a_product_of_another_store_is_refused(token_client, user, datasource):
    elsewhere = ProductFactory(data_source=DataSourceFactory())

    response = token_client.post(URL, user_body(user, datasource, item_content="product", item_id=elsewhere.pk))

    assert response.status_code == 400
    assert "item_id" in response.json()
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_an_order_item_of_another_shopper_is_refused(token_client, user, other_user, datasource):
    theirs = OrderItemFactory(order=OrderFactory(user=other_user), product=ProductFactory(data_source=datasource))

    response = token_client.post(URL, user_body(user, datasource, item_content="orderitem", item_id=theirs.pk))

    assert response.status_code == 400
    assert "item_id" in response.json()
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_an_order_item_from_another_store_is_refused(token_client, user, datasource):
    elsewhere = OrderItemFactory(order=OrderFactory(user=user), product=ProductFactory(data_source=DataSourceFactory()))

    response = token_client.post(URL, user_body(user, datasource, item_content="orderitem", item_id=elsewhere.pk))

    assert response.status_code == 400
    assert "item_id" in response.json()
    assert not Conversation.objects.exists()


# --- filters -----------------------------------------------------------------------------------------

FILTERS = [
    "modified_date",
    "modified_date__gte",
    "modified_date__lte",
    "created_date",
    "created_date__gte",
    "created_date__lte",
    "product",
    "order_item",
    "item_type",
    "data_source_id",
    "data_source",
    "product_base_code",
    "conversation_type",
    "is_answered",
    "is_answered_false",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", FILTERS)
def test_filters(token_client, user, name):
    # given two conversations of the shopper that differ in everything
    pair = filter_pair(first_user=user, second_user=user)
    assert sorted(ids(token_client.get(URL))) == sorted([pair.first.pk, pair.second.pk])
    params, expected = pair.cases()[name]

    # when the list is filtered
    response = token_client.get(URL, params)

    # then only the matching one is left
    assert response.status_code == 200
    assert ids(response) == [expected.pk]


@pytest.mark.django_db
def test_the_user_id_filter_never_widens_the_shoppers_list(token_client, user, other_user):
    pair = filter_pair(first_user=user, second_user=user)
    ConversationFactory(user=other_user)

    mine = token_client.get(URL, {"user_id": user.pk})
    theirs = token_client.get(URL, {"user_id": other_user.pk})

    assert sorted(ids(mine)) == sorted([pair.first.pk, pair.second.pk])
    assert ids(theirs) == []


@pytest.mark.django_db
def test_filters_combine_as_in_the_seed(token_client, user, datasource):
    question = ConversationFactory(user=user, datasource=datasource, conversation_type=ConversationType.QUESTION)
    ConversationFactory(user=user, datasource=datasource)
    ConversationFactory(user=user, conversation_type=ConversationType.QUESTION)

    response = token_client.get(URL, {"data_source_id": datasource.pk, "conversation_type": "question"})

    assert ids(response) == [question.pk]


@pytest.mark.django_db
def test_message_set_shows_the_stores_reply_with_the_sender_type(token_client, user, datasource):
    conversation = ConversationFactory(user=user, datasource=datasource)
    MessageFactory(conversation=conversation, from_datasource=True)

    response = token_client.get(detail_url(conversation.pk))

    message = response.json()["message_set"][0]
    assert message["content_object"]["pk"] == datasource.pk
    assert Message.objects.get().content_type == SenderType.DATASOURCE
