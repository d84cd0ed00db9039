"""Each conversation list's default filters and key, declared once in selectors.py, hold on its fast
path (a page no query filter narrows) and on its ORM path (a filtered page) alike."""

import pytest

from pazar.accounts.tests.factories import UserFactory
from pazar.catalog.tests.factories import ProductFactory
from pazar.conversations.models import ConversationType
from pazar.conversations.tests.factories import ConversationFactory
from pazar.conversations.tests.support import ids

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("path", "kind"), [("/public-reviews/", "review"), ("/public-questions/", "question")])
def test_a_hidden_public_conversation_is_on_neither_path(api_client, path, kind):
    product = ProductFactory()
    shown = [ConversationFactory(product=product, conversation_type=kind, is_public=True) for _ in range(2)]
    ConversationFactory(product=product, conversation_type=kind, is_public=True, is_approved=False)
    ConversationFactory(product=product, conversation_type=kind, is_public=False)
    other_kind = ConversationType.QUESTION if kind == ConversationType.REVIEW else ConversationType.REVIEW
    ConversationFactory(product=product, conversation_type=other_kind, is_public=True)
    expected = sorted((c.pk for c in shown), reverse=True)

    fast = api_client.get(path, {"product": product.pk})
    every = api_client.get(path)
    filtered = api_client.get(path, {"product": product.pk, "conversation_type": kind})

    assert ids(fast) == ids(every) == ids(filtered) == expected
    assert fast.json()["count"] == filtered.json()["count"] == 2


def test_another_shoppers_conversation_is_on_neither_path(token_client, user):
    mine = [ConversationFactory(user=user) for _ in range(2)]
    ConversationFactory(user=UserFactory())
    expected = sorted((c.pk for c in mine), reverse=True)

    fast = token_client.get("/users/conversations/")
    filtered = token_client.get("/users/conversations/", {"conversation_type": ConversationType.MESSAGE})

    assert ids(fast) == ids(filtered) == expected


def test_another_sellers_conversation_is_on_no_path_of_the_inbox(seller_client, seller, remote):
    mine = [ConversationFactory(datasource=seller.datasource) for _ in range(2)]
    ConversationFactory()
    expected = sorted((c.pk for c in mine), reverse=True)

    pages = [
        seller_client.get(remote.conversations),
        seller_client.get(remote.conversations, {"is_answered": "false"}),
        seller_client.get(remote.conversations, {"data_source": seller.datasource.slug}),
    ]

    assert [ids(page) for page in pages] == [expected] * 3
