"""Every conversation list answers a full page in a few queries, the same number as for a short page."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pazar.catalog.tests.factories import ProductFactory, ProductImageFactory
from pazar.conversations.models import ConversationType
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.orders.tests.factories import OrderFactory, OrderItemFactory

# Measured: token + count + page (user, datasource and product joined) + messages + order items
# (products joined) + images (pazar/conversations/builders.py; the sellers' API adds the channel; the
# public lists have no authentication).
# Each list reads CONVERSATION_MASK_CONTACT_INFO once: a query without Redis, a cache hit with it.
SETTING_READ = 0 if settings.CONSTANCE_DATABASE_CACHE_BACKEND else 1
# The revalidated lists read their ETag's versions first, with the settings their JSON depends on
# and the list's kept total (one statement, core/revalidation.py): no other read of the masking
# setting, and no count.
VERSION_READ = 1
KEPT_COUNT = -1
USER_LIST_QUERIES = 6 + VERSION_READ + KEPT_COUNT
# The inbox unfiltered, unanswered (`?is_answered=`) or the longest wait first: the same, each page
# by a statement of its own (builders.inbox_page).
REMOTE_LIST_QUERIES = 7 + SETTING_READ
# With another filter, the page's ids first, then their rows: one query more.
REMOTE_FILTERED_LIST_QUERIES = REMOTE_LIST_QUERIES + 1
PUBLIC_LIST_QUERIES = 5 + VERSION_READ + KEPT_COUNT
MESSAGE_LIST_QUERIES = 3 + SETTING_READ  # token + count + page (senders joined)
REMOTE_MESSAGE_LIST_QUERIES = 4 + SETTING_READ


@pytest.fixture(autouse=True)
def _masking_setting_stored(db):
    """The first read of a setting stores its default (once per deployment), as in a running shop."""
    from constance import config

    assert config.CONVERSATION_MASK_CONTACT_INFO is False


def _fill(count, *, user, datasource, kind=ConversationType.MESSAGE, is_public=False):
    """`count` conversations of 10 messages from both sides; half about products with images,
    half about order items."""
    for index in range(count):
        product = ProductFactory(data_source=datasource)
        ProductImageFactory(product=product)
        ProductImageFactory(product=product, order=1)
        if index % 2:
            item = OrderItemFactory(order=OrderFactory(user=user), product=product)
            conversation = ConversationFactory(
                user=user, datasource=datasource, order_item=item, conversation_type=kind, is_public=is_public
            )
        else:
            conversation = ConversationFactory(
                user=user, datasource=datasource, product=product, conversation_type=kind, is_public=is_public
            )
        for message in range(10):
            MessageFactory(conversation=conversation, from_datasource=bool(message % 2))


def _queries(client, url) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.json()


def _assert_constant(client, url, fill, expected, django_assert_max_num_queries):
    fill(2)
    client.get(url)  # warm the caches (content types, translations)
    short_page, body = _queries(client, url)
    assert body["count"] == 2

    fill(18)
    with django_assert_max_num_queries(expected):
        response = client.get(url)
    results = response.json()["results"]
    assert len(results) == 20
    assert all(len(r["message_set"]) == 10 for r in results)
    assert all(r["item_object"] is not None for r in results)
    full_page, _body = _queries(client, url)
    assert full_page == short_page == expected


@pytest.mark.django_db
def test_user_conversations(token_client, user, datasource, django_assert_max_num_queries):
    _assert_constant(
        token_client,
        "/users/conversations/",
        lambda count: _fill(count, user=user, datasource=datasource),
        USER_LIST_QUERIES,
        django_assert_max_num_queries,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", REMOTE_LIST_QUERIES),
        ("?is_answered=false", REMOTE_LIST_QUERIES),
        ("?ordering=reply_needed_since", REMOTE_LIST_QUERIES),
        ("?is_answered=false&ordering=-last_message_date", REMOTE_LIST_QUERIES),
        ("?conversation_type=message", REMOTE_FILTERED_LIST_QUERIES),
        ("?is_answered=false&ordering=reply_needed_since", REMOTE_FILTERED_LIST_QUERIES),
    ],
)
def test_remote_conversations(seller_client, user, datasource, remote, query, expected, django_assert_max_num_queries):
    _assert_constant(
        seller_client,
        remote.conversations + query,
        lambda count: _fill(count, user=user, datasource=datasource),
        expected,
        django_assert_max_num_queries,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "kind"),
    [("/public-questions/", ConversationType.QUESTION), ("/public-reviews/", ConversationType.REVIEW)],
)
def test_public_lists(api_client, user, datasource, url, kind, django_assert_max_num_queries):
    _assert_constant(
        api_client,
        url,
        lambda count: _fill(count, user=user, datasource=datasource, kind=kind, is_public=True),
        PUBLIC_LIST_QUERIES,
        django_assert_max_num_queries,
    )


@pytest.mark.django_db
def test_message_lists(token_client, seller_client, user, datasource, remote, django_assert_max_num_queries):
    # given a full page of messages from both sides
    _fill(3, user=user, datasource=datasource)

    # when the shopper and the seller list them
    with django_assert_max_num_queries(MESSAGE_LIST_QUERIES):
        mine = token_client.get("/users/messages/")
    with django_assert_max_num_queries(REMOTE_MESSAGE_LIST_QUERIES):
        theirs = seller_client.get(remote.messages)

    # then each page is full and names every sender
    assert len(mine.json()["results"]) == len(theirs.json()["results"]) == 20
    assert all(m["content_object"] for m in mine.json()["results"] + theirs.json()["results"])
