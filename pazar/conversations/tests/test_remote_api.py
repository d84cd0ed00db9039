"""`/api/v1/remote/<channel_id>/conversations/` and `/messages/`: the sellers' side (Omnitron, seed 001)."""

import pytest

from pazar.accounts.tests.factories import UserFactory
from pazar.catalog.tests.factories import ChannelFactory, PriceListFactory, ProductFactory, StockListFactory
from pazar.conversations.models import Conversation, ConversationType, Message, SenderType
from pazar.conversations.serializers import SellerConversationSerializer
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.conversations.tests.support import (
    CREATED_KEYS,
    DATASOURCE_KEYS,
    MESSAGE_CREATED_KEYS,
    PAGE_KEYS,
    USER_KEYS,
    buy_from,
    filter_pair,
    ids,
    seller_body,
)
from pazar.core.testing import assert_matches_declaration
from pazar.orders.tests.factories import OrderFactory, OrderItemFactory

REVIEW_REPLY = {"non_field_errors": ["DataSource can't reply to a review."]}


def reply_body(conversation, **overrides) -> dict:
    """The seller's answer through `/messages/`, as its datasource."""
    body = {
        "conversation": str(conversation.pk),
        "message_content": "Your question has been answered by the seller.",
        "user_type": "registered",
        "content_type": "datasource",
        "content_id": str(conversation.datasource_id),
    }
    body.update(overrides)
    return body


@pytest.fixture
def inbox(user, datasource, other_seller):
    """A question to the seller's store (which has price and stock lists) and a message to another store."""
    datasource.price_list, datasource.stock_list = PriceListFactory(), StockListFactory()
    datasource.save(update_fields=["price_list", "stock_list"])
    mine = ConversationFactory(user=user, datasource=datasource, question=True)
    MessageFactory(conversation=mine)
    theirs = ConversationFactory(user=user, datasource=other_seller.datasource, subject="other store's")
    MessageFactory(conversation=theirs, message_content="for the other store only")
    return mine, theirs


# --- access ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_is_refused(api_client, remote, inbox):
    responses = [
        api_client.get(remote.conversations),
        api_client.get(remote.messages),
        api_client.post(remote.conversations, {}),
        api_client.post(remote.messages, {}),
    ]

    assert [r.status_code for r in responses] == [403] * 4


@pytest.mark.django_db
def test_a_plain_shopper_is_refused(token_client, user, datasource, remote, inbox):
    mine, _theirs = inbox

    responses = [
        token_client.get(remote.conversations),
        token_client.get(remote.messages),
        token_client.post(remote.conversations, seller_body(user, datasource)),
        token_client.post(remote.messages, reply_body(mine)),
    ]

    assert [r.status_code for r in responses] == [403] * 4
    assert all("detail" in r.json() for r in responses)
    assert Message.objects.count() == 2


@pytest.mark.django_db
def test_an_unknown_or_inactive_channel_is_a_404(seller_client, user, channel, inbox):
    mine, _theirs = inbox
    unknown, inactive = channel.pk + 1000, ChannelFactory(is_active=False).pk

    responses = [
        seller_client.get(f"/api/v1/remote/{unknown}/conversations/"),
        seller_client.get(f"/api/v1/remote/{inactive}/conversations/"),
        seller_client.get(f"/api/v1/remote/{unknown}/messages/"),
        seller_client.post(f"/api/v1/remote/{unknown}/messages/", reply_body(mine)),
    ]

    assert [r.status_code for r in responses] == [404] * 4
    assert Message.objects.count() == 2


# --- lists -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_seller_lists_only_its_stores_conversations(seller_client, user, datasource, remote, inbox):
    mine, _theirs = inbox

    response = seller_client.get(remote.conversations)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == PAGE_KEYS
    assert ids(response) == [mine.pk]
    result = body["results"][0]
    assert_matches_declaration(result, SellerConversationSerializer)  # the seed's keys and reply_needed_since
    assert set(result["user"]) == USER_KEYS
    assert result["user"]["id"] == user.pk
    assert set(result["datasource"]) == DATASOURCE_KEYS
    assert result["datasource"]["pk"] == datasource.pk
    assert (result["datasource"]["price_list"], result["datasource"]["stock_list"]) == (
        datasource.price_list_id,
        datasource.stock_list_id,
    )
    assert "other store" not in response.content.decode()


@pytest.mark.django_db
def test_filtering_by_another_store_shows_the_seller_nothing(seller_client, remote, inbox):
    _mine, theirs = inbox

    by_id = seller_client.get(remote.conversations, {"data_source_id": theirs.datasource_id})
    by_slug = seller_client.get(remote.conversations, {"data_source": theirs.datasource.slug})

    assert ids(by_id) == ids(by_slug) == []


@pytest.mark.django_db
def test_the_seller_lists_only_its_stores_messages(seller_client, remote, inbox):
    mine, theirs = inbox
    reply = MessageFactory(conversation=mine, from_datasource=True)

    response = seller_client.get(remote.messages)
    filtered = seller_client.get(remote.messages, {"conversation": theirs.pk})

    assert response.status_code == 200
    assert ids(response) == [reply.pk, mine.message_set.earliest("created_date").pk]
    assert response.json()["results"][0]["content_object"]["pk"] == mine.datasource_id
    assert ids(filtered) == []
    assert "for the other store only" not in response.content.decode()


@pytest.mark.django_db
def test_staff_list_every_stores_conversations(staff_client, remote, inbox):
    mine, theirs = inbox

    response = staff_client.get(remote.conversations)
    messages = staff_client.get(remote.messages)

    assert sorted(ids(response)) == sorted([mine.pk, theirs.pk])
    assert messages.json()["count"] == 2


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
        "conversation_type",
        "is_answered",
        "is_answered_false",
    ],
)
def test_filters(staff_client, remote, user, other_user, name):
    # given two conversations of two shoppers with two stores that differ in everything
    pair = filter_pair(first_user=user, second_user=other_user)
    params, expected = pair.cases()[name]

    # when the back office filters the inbox
    response = staff_client.get(remote.conversations, params)

    # then only the matching one is left
    assert response.status_code == 200
    assert ids(response) == [expected.pk]


# --- a seller writes -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_seller_opens_a_conversation_with_a_shopper(seller_client, user, datasource, remote):
    # when the seller informs a shopper about their order item
    item = OrderItemFactory(order=OrderFactory(user=user), product=ProductFactory(data_source=datasource))
    response = seller_client.post(
        remote.conversations, seller_body(user, datasource, item_content="orderitem", item_id=str(item.pk))
    )

    # then the conversation is the store's, answered, in the seed's flat shape
    assert response.status_code == 201
    assert set(response.json()) == CREATED_KEYS
    conversation = Conversation.objects.get()
    assert response.json() == {
        "id": conversation.pk,
        "datasource": datasource.pk,
        "user": user.pk,
        "subject": None,
        "item_content": "orderitem",
        "is_public": False,
        "item_id": item.pk,
        "conversation_type": "message",
        "message_content": "Your order leaves tomorrow.",
        "user_type": "registered",
        "content_id": datasource.pk,
        "content_type": "datasource",
    }
    assert conversation.is_answered is True
    assert Message.objects.get().sender_datasource == datasource


@pytest.mark.django_db
def test_the_seller_replies_through_messages(seller_client, user, remote, inbox):
    mine, _theirs = inbox

    response = seller_client.post(remote.messages, reply_body(mine))

    assert response.status_code == 201
    assert set(response.json()) == MESSAGE_CREATED_KEYS
    assert response.json() == {
        "conversation": mine.pk,
        "message_content": "Your question has been answered by the seller.",
        "user_type": "registered",
        "content_id": mine.datasource_id,
        "content_type": "datasource",
    }
    mine.refresh_from_db()
    assert mine.is_answered is True


@pytest.mark.django_db
def test_the_seller_replies_through_conversations(seller_client, user, datasource, remote, inbox):
    mine, _theirs = inbox

    response = seller_client.post(remote.conversations, seller_body(user, datasource, conversation=str(mine.pk)))

    assert response.status_code == 201
    assert response.json()["id"] == mine.pk
    assert mine.message_set.count() == 2
    assert Conversation.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (lambda other_ds: {"datasource": str(other_ds.pk), "content_id": str(other_ds.pk)}, "datasource"),
        (lambda other_ds: {"content_id": str(other_ds.pk)}, "content_id"),
    ],
    ids=["datasource", "content_id"],
)
def test_a_seller_cannot_open_a_conversation_as_another_store(
    seller_client, user, datasource, other_seller, remote, overrides, field
):
    buy_from(user, datasource)
    buy_from(user, other_seller.datasource)

    response = seller_client.post(
        remote.conversations, seller_body(user, datasource, **overrides(other_seller.datasource))
    )

    assert response.status_code == 400
    assert field in response.json()
    assert not Conversation.objects.exists()
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_a_seller_cannot_reply_as_another_store(seller_client, other_seller, remote, inbox):
    mine, _theirs = inbox

    response = seller_client.post(remote.messages, reply_body(mine, content_id=str(other_seller.datasource_id)))

    assert response.status_code == 400
    assert "content_id" in response.json()
    assert mine.message_set.count() == 1


@pytest.mark.django_db
def test_a_seller_cannot_write_as_the_shopper(seller_client, user, remote, inbox):
    mine, _theirs = inbox

    response = seller_client.post(remote.messages, reply_body(mine, content_type="user", content_id=str(user.pk)))

    assert response.status_code == 400
    assert "content_type" in response.json()
    assert mine.message_set.count() == 1


@pytest.mark.django_db
def test_a_seller_cannot_post_to_another_stores_conversation(seller_client, user, datasource, remote, inbox):
    _mine, theirs = inbox

    through_messages = seller_client.post(remote.messages, reply_body(theirs, content_id=str(datasource.pk)))
    through_conversations = seller_client.post(
        remote.conversations, seller_body(user, datasource, conversation=str(theirs.pk))
    )

    assert through_messages.status_code == 404
    assert through_conversations.status_code == 404
    assert theirs.message_set.count() == 1
    assert "for the other store only" not in through_messages.content.decode()


@pytest.mark.django_db
def test_a_store_cannot_reply_to_a_review(seller_client, user, datasource, remote):
    review = ConversationFactory(user=user, datasource=datasource, review=True)
    MessageFactory(conversation=review)

    through_messages = seller_client.post(remote.messages, reply_body(review))
    through_conversations = seller_client.post(
        remote.conversations, seller_body(user, datasource, conversation_type="review", conversation=str(review.pk))
    )

    assert (through_messages.status_code, through_messages.json()) == (400, REVIEW_REPLY)
    assert (through_conversations.status_code, through_conversations.json()) == (400, REVIEW_REPLY)
    assert review.message_set.count() == 1
    review.refresh_from_db()
    assert review.is_answered is False


@pytest.mark.django_db
def test_a_store_cannot_open_a_review(seller_client, user, datasource, remote):
    buy_from(user, datasource)

    response = seller_client.post(remote.conversations, seller_body(user, datasource, conversation_type="review"))

    assert (response.status_code, response.json()) == (400, REVIEW_REPLY)
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_an_unknown_shopper_is_refused(seller_client, datasource, remote):
    ghost = UserFactory.build(pk=999_999)

    response = seller_client.post(remote.conversations, seller_body(ghost, datasource))

    assert response.status_code == 400
    assert "user" in response.json()
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_a_seller_cannot_name_another_shoppers_order_item(seller_client, user, other_user, datasource, remote):
    theirs = OrderItemFactory(order=OrderFactory(user=other_user), product=ProductFactory(data_source=datasource))
    buy_from(user, datasource)

    response = seller_client.post(
        remote.conversations, seller_body(user, datasource, item_content="orderitem", item_id=str(theirs.pk))
    )

    assert response.status_code == 400
    assert "item_id" in response.json()
    assert not Conversation.objects.exists()


# --- staff act for anyone ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_reply_for_any_store(staff_client, remote, inbox):
    mine, theirs = inbox

    responses = [staff_client.post(remote.messages, reply_body(c)) for c in (mine, theirs)]

    assert [r.status_code for r in responses] == [201, 201]
    assert Message.objects.filter(content_type=SenderType.DATASOURCE).count() == 2


@pytest.mark.django_db
def test_staff_open_a_conversation_for_any_store(staff_client, user, other_seller, remote):
    elsewhere = other_seller.datasource

    response = staff_client.post(remote.conversations, seller_body(user, elsewhere))

    assert response.status_code == 201
    assert (response.json()["datasource"], response.json()["content_id"]) == (elsewhere.pk, elsewhere.pk)
    assert Conversation.objects.get().datasource == elsewhere


@pytest.mark.django_db
def test_staff_write_as_the_shopper(staff_client, user, datasource, remote):
    # when the back office opens a question for a shopper, written as the shopper (the seed's example)
    product = ProductFactory(data_source=datasource)
    response = staff_client.post(
        remote.conversations,
        seller_body(
            user,
            datasource,
            conversation_type="question",
            content_type="user",
            content_id=str(user.pk),
            user_type="guest",
            item_content="product",
            item_id=str(product.pk),
        ),
    )

    assert response.status_code == 201
    assert (response.json()["content_type"], response.json()["content_id"]) == ("user", user.pk)
    assert response.json()["user_type"] == "guest"
    conversation = Conversation.objects.get()
    assert (conversation.user, conversation.conversation_type, conversation.is_answered) == (
        user,
        ConversationType.QUESTION,
        False,
    )


@pytest.mark.django_db
def test_staff_still_write_only_as_the_conversations_parties(staff_client, user, other_user, remote, inbox):
    mine, _theirs = inbox

    as_stranger = staff_client.post(remote.messages, reply_body(mine, content_type="user", content_id=other_user.pk))
    as_other_store = staff_client.post(remote.messages, reply_body(mine, content_id=mine.datasource_id + 1000))

    assert (as_stranger.status_code, as_other_store.status_code) == (400, 400)
    assert "content_id" in as_stranger.json()
    assert "content_id" in as_other_store.json()
    assert mine.message_set.count() == 1
