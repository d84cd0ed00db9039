"""ETag / 304 on `/public-questions/`, `/public-reviews/` and `/users/conversations/` (docs/performance.md)."""

import pytest
from constance.test import override_config
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pazar.accounts.tests.factories import UserFactory
from pazar.catalog.tests.factories import ProductFactory
from pazar.conversations.models import ConversationType, ModerationStatus
from pazar.conversations.services import Sender, conversation_approve, conversation_message_add
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory

QUESTIONS = "/public-questions/"
REVIEWS = "/public-reviews/"
MINE = "/users/conversations/"


def _public(kind=ConversationType.QUESTION, n=3, **kwargs):
    made = []
    for _ in range(n):
        conversation = ConversationFactory(conversation_type=kind, is_public=True, **kwargs)
        MessageFactory(conversation=conversation)
        MessageFactory(conversation=conversation, from_datasource=True)
        made.append(conversation)
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("url", [QUESTIONS, REVIEWS])
def test_public_lists_answer_a_public_max_age_and_a_weak_etag(api_client, settings, url):
    _public(ConversationType.QUESTION if url == QUESTIONS else ConversationType.REVIEW)
    settings.PUBLIC_LIST_MAX_AGE = 90

    response = api_client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=90"
    assert response["ETag"].startswith('W/"')
    assert "Accept-Language" in response["Vary"]


@pytest.mark.django_db
def test_a_matching_if_none_match_is_a_304_in_one_query_without_the_page(api_client):
    # given a full page of public questions and its ETag
    _public(n=10)
    with CaptureQueriesContext(connection) as full:
        first = api_client.get(QUESTIONS)
    etag = first["ETag"]

    # when the client revalidates
    with CaptureQueriesContext(connection) as revalidation:
        response = api_client.get(QUESTIONS, HTTP_IF_NONE_MATCH=etag)

    # then 304, empty, the same headers, and the page was not built
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=60"
    assert len(full.captured_queries) > 3
    # one statement: the versions and the masking setting (no count, no page; no login)
    assert len(revalidation.captured_queries) == 1
    assert "core_listversion" in revalidation.captured_queries[0]["sql"]
    # a strong form of the same tag, or one among others, matches too (weak comparison); another does not
    assert api_client.get(QUESTIONS, HTTP_IF_NONE_MATCH=etag.removeprefix("W/")).status_code == 304
    assert api_client.get(QUESTIONS, HTTP_IF_NONE_MATCH=f'"x", {etag}').status_code == 304
    assert api_client.get(QUESTIONS, HTTP_IF_NONE_MATCH='W/"other"').status_code == 200


@pytest.mark.django_db
def test_a_new_message_changes_the_public_etag_at_once(api_client):
    conversation = _public(n=2)[0]
    etag = api_client.get(QUESTIONS)["ETag"]

    conversation_message_add(
        conversation=conversation,
        sender=Sender("datasource", datasource=conversation.datasource),
        message_content="Yes.",
    )

    response = api_client.get(QUESTIONS, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.django_db
def test_a_new_review_changes_the_public_etag_at_once(api_client):
    _public(ConversationType.REVIEW, n=2)
    etag = api_client.get(REVIEWS)["ETag"]

    _public(ConversationType.REVIEW, n=1)

    assert api_client.get(REVIEWS, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.django_db
def test_an_approval_changes_the_public_etag_at_once(api_client):
    _public(n=1)
    waiting = ConversationFactory(
        conversation_type=ConversationType.QUESTION,
        is_public=True,
        is_approved=False,
        moderation_status=ModerationStatus.PENDING,
    )
    MessageFactory(conversation=waiting, is_approved=False)
    etag = api_client.get(QUESTIONS)["ETag"]

    assert conversation_approve(conversation=waiting)

    response = api_client.get(QUESTIONS, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert waiting.pk in [row["id"] for row in response.json()["results"]]


@pytest.mark.django_db
def test_the_masking_setting_changes_the_public_etag(api_client):
    _public(n=1)
    etag = api_client.get(QUESTIONS)["ETag"]

    with override_config(CONVERSATION_MASK_CONTACT_INFO=True):
        assert api_client.get(QUESTIONS, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.django_db
def test_the_language_and_the_query_string_change_the_etag(api_client):
    _public(n=2)
    tags = {
        api_client.get(QUESTIONS)["ETag"],
        api_client.get(QUESTIONS, HTTP_ACCEPT_LANGUAGE="tr")["ETag"],
        api_client.get(QUESTIONS, {"page": 2, "limit": 1})["ETag"],
        api_client.get(QUESTIONS, {"limit": 1})["ETag"],
        api_client.get(QUESTIONS, {"is_answered": "true"})["ETag"],
    }
    assert len(tags) == 5
    # and the English ETag is no 304 in Turkish
    english = api_client.get(QUESTIONS)["ETag"]
    assert api_client.get(QUESTIONS, HTTP_ACCEPT_LANGUAGE="tr", HTTP_IF_NONE_MATCH=english).status_code == 200


@pytest.mark.django_db
def test_a_bad_filter_is_still_a_400_without_an_etag(api_client):
    response = api_client.get(QUESTIONS, {"product": "x"}, HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 400
    assert "ETag" not in response


@pytest.mark.django_db
def test_the_product_filter_reads_the_products_version(api_client):
    # given two products' questions, each list with its ETag
    first = _public(ConversationType.QUESTION, n=1, product=ProductFactory())[0]
    second = _public(ConversationType.QUESTION, n=1, product=ProductFactory())[0]
    tag_first = api_client.get(QUESTIONS, {"product": first.product_id})["ETag"]
    tag_second = api_client.get(QUESTIONS, {"product": second.product_id})["ETag"]
    tag_all = api_client.get(QUESTIONS)["ETag"]

    # when the first product gets a seller reply
    conversation_message_add(
        conversation=first, sender=Sender("datasource", datasource=first.datasource), message_content="In stock."
    )

    # then its list and the unfiltered one change, the other product's stays
    assert api_client.get(QUESTIONS, {"product": first.product_id}, HTTP_IF_NONE_MATCH=tag_first).status_code == 200
    assert api_client.get(QUESTIONS, HTTP_IF_NONE_MATCH=tag_all).status_code == 200
    assert api_client.get(QUESTIONS, {"product": second.product_id}, HTTP_IF_NONE_MATCH=tag_second).status_code == 304


@pytest.mark.django_db
def test_a_rejection_a_renamed_reviewer_and_a_renamed_product_change_the_public_etag(api_client):
    conversation = _public(ConversationType.REVIEW, n=1, product=ProductFactory())[0]

    def changes(change):
        etag = api_client.get(REVIEWS)["ETag"]
        change()
        assert api_client.get(REVIEWS, HTTP_IF_NONE_MATCH=etag).status_code == 200

    changes(lambda: type(conversation.user).objects.filter(pk=conversation.user_id).update(first_name="Zeynep"))
    changes(lambda: type(conversation.product).objects.filter(pk=conversation.product_id).update(name="Kettle 2"))
    changes(lambda: type(conversation).objects.filter(pk=conversation.pk).update(is_approved=False))


@pytest.mark.django_db
def test_a_private_conversation_leaves_the_public_etag_alone(api_client):
    _public(ConversationType.REVIEW, n=1)
    etag = api_client.get(REVIEWS)["ETag"]

    MessageFactory(conversation=ConversationFactory(conversation_type=ConversationType.REVIEW, is_public=False))

    assert api_client.get(REVIEWS, HTTP_IF_NONE_MATCH=etag).status_code == 304


# --- the shopper's own list: private ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_shoppers_list_answers_private_no_cache_with_an_etag(token_client, user):
    MessageFactory(conversation=ConversationFactory(user=user))

    response = token_client.get(MINE)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    assert response["ETag"].startswith('W/"')
    assert "Authorization" in response["Vary"]


@pytest.mark.django_db
def test_the_shoppers_304_is_the_token_and_one_statement(token_client, user):
    for _ in range(10):
        conversation = ConversationFactory(user=user)
        MessageFactory(conversation=conversation)
        MessageFactory(conversation=conversation, from_datasource=True)
    with CaptureQueriesContext(connection) as full:
        etag = token_client.get(MINE)["ETag"]

    with CaptureQueriesContext(connection) as revalidation:
        response = token_client.get(MINE, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["Cache-Control"] == "private, no-cache"
    assert len(full.captured_queries) > 4
    assert len(revalidation.captured_queries) == 2  # the token, the versions


@pytest.mark.django_db
def test_a_seller_reply_changes_the_shoppers_etag_at_once(token_client, user):
    conversation = ConversationFactory(user=user)
    MessageFactory(conversation=conversation)
    etag = token_client.get(MINE)["ETag"]

    conversation_message_add(
        conversation=conversation, sender=Sender("datasource", datasource=conversation.datasource), message_content="Hi"
    )

    assert token_client.get(MINE, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.django_db
def test_the_shoppers_new_message_and_new_conversation_change_the_etag_at_once(token_client, user):
    conversation = ConversationFactory(user=user)
    MessageFactory(conversation=conversation)
    etag = token_client.get(MINE)["ETag"]

    posted = token_client.post(
        "/users/messages/",
        {
            "conversation": conversation.pk,
            "message_content": "Any news?",
            "user_type": "registered",
            "content_type": "user",
            "content_id": user.pk,
        },
        format="json",
    )
    assert posted.status_code == 201, posted.content
    second = token_client.get(MINE)["ETag"]
    assert second != etag

    ConversationFactory(user=user)
    assert token_client.get(MINE, HTTP_IF_NONE_MATCH=second).status_code == 200


@pytest.mark.django_db
def test_another_shoppers_conversation_leaves_the_etag_alone(token_client, user, other_user):
    MessageFactory(conversation=ConversationFactory(user=user))
    etag = token_client.get(MINE)["ETag"]

    MessageFactory(conversation=ConversationFactory(user=other_user))

    assert token_client.get(MINE, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db
def test_another_users_etag_never_yields_a_304(api_client, token_client, user):
    # given two shoppers whose lists have the same shape (both empty, then one each at the same time)
    other = UserFactory()
    etag = token_client.get(MINE)["ETag"]

    # when the other shopper revalidates with the first one's ETag
    api_client.force_authenticate(other)
    response = api_client.get(MINE, HTTP_IF_NONE_MATCH=etag)

    # then the other shopper gets their own page, never a 304 standing for the first one's
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json()["count"] == 0


@pytest.mark.django_db
def test_anonymous_revalidation_of_the_private_list_is_still_refused(api_client):
    response = api_client.get(MINE, HTTP_IF_NONE_MATCH="*")
    assert response.status_code in (401, 403)
