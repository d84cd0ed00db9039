"""The conversation lists' totals kept by triggers (core.ListVersion.members, pazar/core/list_versions.py).

Every way a conversation joins or leaves a list (create, delete, approval, rejection, a move to
another shopper or product, a bulk update, raw SQL) keeps each list's total equal to a COUNT of
its rows; the unfiltered pages answer that total without counting.
"""

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from pazar.accounts.tests.factories import UserFactory
from pazar.catalog.tests.factories import ProductFactory
from pazar.conversations import list_versions as versions
from pazar.conversations.models import Conversation, ConversationType
from pazar.conversations.tests.factories import ConversationFactory
from pazar.core import list_versions
from pazar.core.models import ListVersion
from pazar.core.testing import run_together


def _kept() -> dict:
    """Every non-zero kept total of the conversation lists."""
    rows = ListVersion.objects.filter(scope__in=["conversations", "public-question", "public-review", "public-message"])
    return {(row.scope, row.key): row.members for row in rows if row.members}


def _counted() -> dict:
    """The same totals, counted from the rows."""
    totals = {}
    for row in Conversation.objects.values("user_id").annotate(n=Count("id")).order_by():
        totals[("conversations", row["user_id"])] = row["n"]
    public = Conversation.objects.filter(is_public=True, is_approved=True)
    for row in public.values("conversation_type", "product_id").annotate(n=Count("id")).order_by():
        if row["product_id"] is not None:
            totals[(f"public-{row['conversation_type']}", row["product_id"])] = row["n"]
    for row in public.values("conversation_type").annotate(n=Count("id")).order_by():
        totals[(f"public-{row['conversation_type']}", 0)] = row["n"]
    return totals


@pytest.mark.django_db
def test_the_totals_follow_every_way_a_conversation_joins_or_leaves_a_list():
    shopper, other = UserFactory(), UserFactory()
    product, another = ProductFactory(), ProductFactory()

    # created: private, public, a public review awaiting approval
    private = ConversationFactory(user=shopper)
    question = ConversationFactory(user=shopper, product=product, is_public=True, question=True)
    review = ConversationFactory(user=other, product=product, is_public=True, review=True, is_approved=False)
    ConversationFactory(user=other, product=another, is_public=True, review=True)
    assert _kept() == _counted()
    assert _kept()[("conversations", shopper.pk)] == 2
    assert ("public-review", product.pk) not in _kept()  # not approved yet

    # approved, moved to another product, to another shopper, made private, retyped
    review.is_approved = True
    review.save()
    assert _kept()[("public-review", product.pk)] == 1
    assert _kept() == _counted()
    Conversation.objects.filter(pk=question.pk).update(product=another)
    assert _kept() == _counted()
    Conversation.objects.filter(pk=private.pk).update(user=other)
    assert _kept()[("conversations", shopper.pk)] == 1
    assert _kept() == _counted()
    Conversation.objects.filter(pk=question.pk).update(conversation_type=ConversationType.REVIEW)
    assert _kept() == _counted()
    Conversation.objects.filter(pk=review.pk).update(is_public=False)
    assert _kept() == _counted()

    # raw SQL and deletes count the same
    with connection.cursor() as cursor:
        cursor.execute("UPDATE conversations_conversation SET is_approved = %s", [False])
    assert _kept() == _counted()
    Conversation.objects.filter(user=other).delete()
    assert _kept() == _counted()
    assert ("conversations", other.pk) not in _kept()


@pytest.mark.django_db
def test_a_recount_sets_totals_that_went_wrong_and_leaves_the_versions():
    # given totals broken behind the triggers' back (as a load with triggers off leaves them)
    shopper = UserFactory()
    ConversationFactory.create_batch(3, user=shopper, product=ProductFactory(), is_public=True, question=True)
    ListVersion.objects.filter(scope="conversations").update(members=99)
    ListVersion.objects.create(scope="public-message", key=0, members=5)
    before = dict(ListVersion.objects.values_list("id", "version"))

    # when counted again
    list_versions.recount(versions.bumps())

    # then the totals are the rows' again, and no version moved
    assert _kept() == _counted()
    assert _kept()[("conversations", shopper.pk)] == 3
    assert dict(ListVersion.objects.values_list("id", "version")) == before


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/users/conversations/", "/public-questions/"])
def test_an_unfiltered_page_answers_the_kept_total_without_a_count(token_client, user, url):
    product = ProductFactory()
    ConversationFactory.create_batch(3, user=user, product=product, is_public=True, question=True)
    ConversationFactory(product=product, is_public=True, question=True, is_approved=False)  # not shown

    with CaptureQueriesContext(connection) as captured:
        body = token_client.get(url, {"limit": 2}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"] is not None
    assert not [q for q in captured if "COUNT(" in q["sql"].upper()]
    # the product's own list too
    if url == "/public-questions/":
        assert token_client.get(url, {"product": product.pk}).json()["count"] == 3


@pytest.mark.django_db
@pytest.mark.parametrize("product", ["1234567890123456789", "0", "00", "9223372036854775807"])
def test_a_product_without_a_kept_total_counts_its_rows(api_client, product):
    # given public questions of some product (every product's list has a total of 2)
    ConversationFactory.create_batch(2, product=ProductFactory(), is_public=True, question=True)

    # when a page names a product no version row keys
    response = api_client.get("/public-questions/", {"product": product})

    # then it is that product's page (none), never every product's total
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["count"] == 0


@pytest.mark.django_db
def test_a_filtered_page_still_counts_its_rows(token_client, user):
    ConversationFactory.create_batch(2, user=user, is_answered=True)
    ConversationFactory(user=user, is_answered=False)

    body = token_client.get("/users/conversations/", {"is_answered": "false"}).json()

    assert body["count"] == 1
    assert len(body["results"]) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_conversations_never_lose_a_member_nor_deadlock():
    if connection.vendor != "postgresql":
        pytest.skip("races need PostgreSQL")
    shoppers = UserFactory.create_batch(2)
    products = ProductFactory.create_batch(16)

    # when 16 connections at once, four times, add public questions: two shoppers, one product each
    # (every insert touches its shopper's list, its product's and every product's)
    def write(index):
        with transaction.atomic():
            ConversationFactory(user=shoppers[index % 2], product=products[index], is_public=True, question=True)

    results = []
    for _ in range(4):
        results += run_together(write, 16)
        Conversation.objects.all().delete()
        assert ("public-question", 0) not in _kept()

    # then none failed, and every one counted
    assert not [r for r in results if isinstance(r, Exception)]
    results = run_together(write, 16)
    assert not [r for r in results if isinstance(r, Exception)]
    assert _kept()[("conversations", shoppers[0].pk)] == 8
    assert _kept()[("public-question", 0)] == 16
    assert _kept() == _counted()
