"""The rules behind every endpoint: who may review, what a message may say, answers and reply emails."""

import pytest
from constance.test import override_config
from django.core import mail
from rest_framework.exceptions import ValidationError

from pazar.accounts.tests.factories import UserFactory
from pazar.catalog.tests.factories import DataSourceFactory, ProductFactory
from pazar.conversations.models import Conversation, Message, SenderType
from pazar.conversations.services import REPLY_EVENT, Sender, conversation_create, conversation_message_add
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.conversations.tests.support import buy_from, user_body
from pazar.notifications.models import Notification
from pazar.orders.tests.factories import OrderFactory, OrderItemFactory

URL = "/users/conversations/"
MESSAGES = "/users/messages/"
REVIEW_NEEDS_PURCHASE = "conversation_100_1"


def review_body(user, datasource, /, **overrides) -> dict:
    return user_body(user, datasource, conversation_type="review", message_content="Great product.", **overrides)


def product_review(user, product, /, **overrides) -> dict:
    return review_body(user, product.data_source, item_content="product", item_id=product.pk, **overrides)


def _bought(user, datasource, *, delivered=True, product=None):
    return OrderItemFactory(
        order=OrderFactory(user=user),
        product=product or ProductFactory(data_source=datasource),
        delivered=delivered,
    )


# --- reviews need a purchase -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_review_without_a_purchase_is_refused_with_the_error_code(token_client, user, datasource):
    product = ProductFactory(data_source=datasource)

    response = token_client.post(URL, product_review(user, product))

    assert response.status_code == 406
    body = response.json()
    assert set(body) == {"non_field_errors", "error_code"}
    assert body["error_code"] == REVIEW_NEEDS_PURCHASE
    assert isinstance(body["non_field_errors"], str) and body["non_field_errors"]
    assert not Conversation.objects.exists()
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_a_review_of_a_received_product_is_accepted(token_client, user, datasource):
    item = _bought(user, datasource)

    response = token_client.post(URL, product_review(user, item.product))

    assert response.status_code == 201
    assert response.json()["conversation_type"] == "review"
    assert Conversation.objects.get().product == item.product


@pytest.mark.django_db
def test_a_review_of_a_received_order_item_is_accepted(token_client, user, datasource):
    item = _bought(user, datasource)

    response = token_client.post(URL, review_body(user, datasource, item_content="orderitem", item_id=item.pk))

    assert response.status_code == 201
    assert Conversation.objects.get().order_item == item


@pytest.mark.django_db
def test_a_product_still_on_its_way_cannot_be_reviewed(token_client, user, datasource):
    item = _bought(user, datasource, delivered=False)

    by_product = token_client.post(URL, product_review(user, item.product))
    by_item = token_client.post(URL, review_body(user, datasource, item_content="orderitem", item_id=item.pk))

    assert (by_product.status_code, by_product.json()["error_code"]) == (406, REVIEW_NEEDS_PURCHASE)
    assert (by_item.status_code, by_item.json()["error_code"]) == (406, REVIEW_NEEDS_PURCHASE)
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_another_shoppers_purchase_does_not_count(token_client, user, other_user, datasource):
    item = _bought(other_user, datasource)

    response = token_client.post(URL, product_review(user, item.product))

    assert response.status_code == 406
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_receiving_another_product_does_not_allow_reviewing_this_one(token_client, user, datasource):
    _bought(user, datasource)
    product = ProductFactory(data_source=datasource)

    response = token_client.post(URL, product_review(user, product))

    assert response.status_code == 406


@pytest.mark.django_db
def test_a_store_review_needs_something_received_from_that_store(token_client, user, datasource):
    # given the shopper received something from another store only
    _bought(user, DataSourceFactory())
    refused = token_client.post(URL, review_body(user, datasource))
    assert (refused.status_code, refused.json()["error_code"]) == (406, REVIEW_NEEDS_PURCHASE)

    # when they receive something from this store too
    _bought(user, datasource)
    accepted = token_client.post(URL, review_body(user, datasource))

    # then they may review it
    assert accepted.status_code == 201
    assert Conversation.objects.get().item_content is None


@pytest.mark.django_db
def test_with_the_setting_off_anyone_may_review(token_client, user, datasource):
    product = ProductFactory(data_source=datasource)

    with override_config(CONVERSATION_REVIEW_REQUIRES_PURCHASE=False):
        store = token_client.post(URL, review_body(user, datasource))
        of_product = token_client.post(URL, product_review(user, product))

    assert (store.status_code, of_product.status_code) == (201, 201)
    assert Conversation.objects.count() == 2


@pytest.mark.django_db
def test_the_review_refusal_speaks_turkish(token_client, user, datasource):
    response = token_client.post(URL, review_body(user, datasource), HTTP_ACCEPT_LANGUAGE="tr")

    assert response.status_code == 406
    assert response.json()["error_code"] == REVIEW_NEEDS_PURCHASE
    english = token_client.post(URL, review_body(user, datasource)).json()["non_field_errors"]
    assert response.json()["non_field_errors"] != english


@pytest.mark.django_db
def test_the_shopper_may_add_to_their_own_review(token_client, user, datasource):
    review = ConversationFactory(user=user, datasource=datasource, review=True)

    response = token_client.post(
        MESSAGES,
        {
            "conversation": review.pk,
            "message_content": "Still great after a month.",
            "user_type": "registered",
            "content_type": "user",
            "content_id": user.pk,
        },
    )

    assert response.status_code == 201
    assert review.message_set.count() == 1


def test_the_service_refuses_a_datasource_review_before_writing(db, user, datasource):
    with pytest.raises(ValidationError) as raised:
        conversation_create(
            user=user,
            datasource=datasource,
            conversation_type="review",
            sender=Sender(SenderType.DATASOURCE, datasource=datasource),
            message_content="We love it.",
        )

    assert raised.value.detail == {"non_field_errors": ["DataSource can't reply to a review."]}
    assert not Conversation.objects.exists()


def test_the_service_refuses_a_duplicate(db, user, datasource):
    def create():
        return conversation_create(
            user=user,
            datasource=datasource,
            conversation_type="question",
            sender=Sender(SenderType.USER, user=user),
            message_content="Is it in stock?",
        )

    create()
    with pytest.raises(ValidationError) as raised:
        create()

    assert raised.value.detail == ["Conversation already exists"]
    assert (Conversation.objects.count(), Message.objects.count()) == (1, 1)


# --- message text ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_subject_is_cleaned_like_the_text(token_client, user, datasource):
    # when a conversation is opened with markup and control characters in its subject
    response = token_client.post(
        URL, user_body(user, datasource, subject='<img src=x onerror="alert(1)">Size\x07 <b>?</b>')
    )

    # then the subject is stored and answered as plain text
    assert response.status_code == 201
    assert response.json()["subject"] == "Size ?"
    assert Conversation.objects.get().subject == "Size ?"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("<b>hi</b>", "hi"),
        ('<script>alert("x")</script>Hello', 'alert("x")Hello'),
        ("a\x00b\x07c\x1bd\x7f", "abcd"),
        ("  line one\nline two\t ", "line one\nline two"),
        ("Merhaba, nasılsınız? 😊", "Merhaba, nasılsınız? 😊"),
    ],
    ids=["bold", "script", "control", "whitespace", "unicode"],
)
def test_message_text_is_cleaned(token_client, user, datasource, sent, stored):
    response = token_client.post(URL, user_body(user, datasource, message_content=sent))

    assert response.status_code == 201
    assert response.json()["message_content"] == stored
    assert Message.objects.get().message_content == stored


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sent",
    ["", "   ", "<p></p>", "<b> </b>", "\x00\x01", "x" * 2001, "<i>" + "y" * 2001 + "</i>"],
    ids=["empty", "spaces", "empty-tag", "blank-tag", "control-only", "2001", "2001-in-tags"],
)
def test_empty_or_too_long_text_is_refused(token_client, user, datasource, sent):
    response = token_client.post(URL, user_body(user, datasource, message_content=sent))

    assert response.status_code == 400
    assert "message_content" in response.json()
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_two_thousand_characters_are_enough(token_client, user, datasource):
    response = token_client.post(URL, user_body(user, datasource, message_content="<b>" + "z" * 2000 + "</b>"))

    assert response.status_code == 201
    assert Message.objects.get().message_content == "z" * 2000


@pytest.mark.django_db
def test_a_reply_is_cleaned_the_same_way(seller_client, user, datasource, remote):
    conversation = ConversationFactory(user=user, datasource=datasource)

    response = seller_client.post(
        remote.messages,
        {
            "conversation": conversation.pk,
            "message_content": "<a href='x'>Ships</a>\x0b today",
            "user_type": "registered",
            "content_type": "datasource",
            "content_id": datasource.pk,
        },
    )

    assert response.status_code == 201
    assert Message.objects.get().message_content == "Ships today"


# --- is_answered and last_message_date ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_store_answers_and_the_shopper_asks_again(token_client, seller_client, user, datasource, remote):
    # given the shopper's question
    created = token_client.post(URL, user_body(user, datasource, conversation_type="question"))
    conversation = Conversation.objects.get(pk=created.json()["id"])
    dates = [conversation.last_message_date]
    assert conversation.is_answered is False

    # when the store answers
    seller_client.post(
        remote.messages,
        {
            "conversation": conversation.pk,
            "message_content": "Yes.",
            "user_type": "registered",
            "content_type": "datasource",
            "content_id": datasource.pk,
        },
    )
    conversation.refresh_from_db()
    dates.append(conversation.last_message_date)

    # then it is answered
    assert conversation.is_answered is True

    # when the shopper writes again
    token_client.post(
        MESSAGES,
        {
            "conversation": conversation.pk,
            "message_content": "Thanks, one more thing.",
            "user_type": "registered",
            "content_type": "user",
            "content_id": user.pk,
        },
    )
    conversation.refresh_from_db()
    dates.append(conversation.last_message_date)

    # then it waits for an answer again, and the date moved with every message
    assert conversation.is_answered is False
    assert dates[0] < dates[1] < dates[2]
    assert dates == list(conversation.message_set.order_by("created_date").values_list("created_date", flat=True))
    listed = token_client.get(URL).json()["results"][0]
    assert listed["is_answered"] is False
    assert [m["message_content"] for m in listed["message_set"]] == [
        "Hello, this is a message.",
        "Yes.",
        "Thanks, one more thing.",
    ]


# --- the reply email ---------------------------------------------------------------------------------


def _reply(conversation, text="Your parcel left today."):
    return conversation_message_add(
        conversation=conversation,
        sender=Sender(SenderType.DATASOURCE, datasource=conversation.datasource),
        message_content=text,
    )


@pytest.mark.django_db
def test_a_stores_reply_emails_the_shopper_through_the_outbox(
    seller_client, user, datasource, remote, django_capture_on_commit_callbacks
):
    # given the shopper's conversation
    conversation = ConversationFactory(user=user, datasource=datasource, subject="Delivery")
    MessageFactory(conversation=conversation)

    # when the store replies, and the transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post(
            remote.messages,
            {
                "conversation": conversation.pk,
                "message_content": "Your parcel left today.",
                "user_type": "registered",
                "content_type": "datasource",
                "content_id": datasource.pk,
            },
        )
    assert response.status_code == 201

    # then the outbox has a reply row for the shopper, and the shopper got one email
    notification = Notification.objects.get()
    assert (notification.event, notification.to, notification.user) == (REPLY_EVENT, user.email, user)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert datasource.title in mail.outbox[0].subject
    assert "Delivery" in mail.outbox[0].subject
    assert "Your parcel left today." in mail.outbox[0].body


@pytest.mark.django_db
def test_the_reply_email_speaks_the_shoppers_language(datasource, django_capture_on_commit_callbacks):
    turkish = UserFactory(language_code="tr")
    english = UserFactory(language_code="en")

    with django_capture_on_commit_callbacks(execute=True):
        _reply(ConversationFactory(user=turkish, datasource=datasource))
        _reply(ConversationFactory(user=english, datasource=datasource))

    by_recipient = {email.to[0]: email.subject for email in mail.outbox}
    assert by_recipient[turkish.email] == f"{datasource.title} mesajınızı yanıtladı"
    assert by_recipient[english.email] == f"{datasource.title} replied to your message"
    assert Notification.objects.get(to=turkish.email).language == "tr"


@pytest.mark.django_db
def test_a_store_opening_a_conversation_emails_the_shopper(
    seller_client, user, datasource, remote, django_capture_on_commit_callbacks
):
    buy_from(user, datasource)
    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post(
            remote.conversations,
            {
                "conversation_type": "message",
                "user": user.pk,
                "user_type": "registered",
                "message_content": "An item of your order is out of stock.",
                "datasource": datasource.pk,
                "content_type": "datasource",
                "content_id": datasource.pk,
            },
        )

    assert response.status_code == 201
    assert [email.to for email in mail.outbox] == [[user.email]]


@pytest.mark.django_db
def test_the_shoppers_own_messages_send_no_email(token_client, user, datasource, django_capture_on_commit_callbacks):
    conversation = ConversationFactory(user=user, datasource=datasource)

    with django_capture_on_commit_callbacks(execute=True):
        token_client.post(URL, user_body(user, datasource, conversation_type="question"))
        token_client.post(
            MESSAGES,
            {
                "conversation": conversation.pk,
                "message_content": "Hello?",
                "user_type": "registered",
                "content_type": "user",
                "content_id": user.pk,
            },
        )

    assert Message.objects.count() == 2
    assert not Notification.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_refused_reply_sends_nothing(seller_client, user, datasource, remote, django_capture_on_commit_callbacks):
    review = ConversationFactory(user=user, datasource=datasource, review=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post(
            remote.messages,
            {
                "conversation": review.pk,
                "message_content": "Thanks!",
                "user_type": "registered",
                "content_type": "datasource",
                "content_id": datasource.pk,
            },
        )

    assert response.status_code == 400
    assert not Notification.objects.exists()
    assert mail.outbox == []
