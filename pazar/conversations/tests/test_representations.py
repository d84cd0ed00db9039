"""The lists' read path answers exactly what the serializers answer, field for field and in order."""

import json

import pytest

from pazar.accounts.tests.factories import UserFactory
from pazar.catalog.tests.factories import DataSourceFactory, ProductFactory, ProductImageFactory
from pazar.conversations import selectors
from pazar.conversations.models import Conversation, ConversationType, ItemContent
from pazar.conversations.builders import ConversationBuilder, PublicConversationBuilder, page_rows
from pazar.conversations.serializers import ConversationSerializer, PublicConversationSerializer
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.orders.tests.factories import OrderFactory, OrderItemFactory


def _same(fast, slow):
    # Compared as JSON text: values, types and the order of the keys must all agree.
    assert json.dumps(fast, ensure_ascii=False) == json.dumps(slow, ensure_ascii=False)


@pytest.fixture
def every_kind(db):
    """Conversations of every shape the lists can meet."""
    user = UserFactory(first_name="Ayşe", last_name="Kaya", phone="+905551112233")
    seller = DataSourceFactory(title="")  # a public author falls back to the name
    product = ProductFactory(data_source=seller)
    ProductImageFactory(product=product, order=1)
    ProductImageFactory(product=product, order=0)
    bare = ProductFactory(data_source=seller)  # no image
    item = OrderItemFactory(order=OrderFactory(user=user), product=product)

    about_product = ConversationFactory(user=user, datasource=seller, product=product, review=True, is_public=True)
    MessageFactory(conversation=about_product)
    MessageFactory(conversation=about_product, from_datasource=True)
    MessageFactory(conversation=about_product, is_approved=False)  # hidden from the public
    about_item = ConversationFactory(user=user, datasource=seller, order_item=item, review=True, is_public=True)
    MessageFactory(conversation=about_item)
    no_item = ConversationFactory(user=user, datasource=seller, subject="Kargo")
    MessageFactory(conversation=no_item)
    gone = ConversationFactory(user=user, datasource=seller, product=bare, question=True, is_public=True)
    MessageFactory(conversation=gone, sender_user=None)  # the author's account was deleted
    MessageFactory(conversation=gone, from_datasource=True, sender_datasource=None)
    deleted_product = ConversationFactory(user=user, datasource=seller, question=True, is_public=True)
    Conversation.objects.filter(pk=deleted_product.pk).update(item_content=ItemContent.PRODUCT, product=None)
    deleted_item = ConversationFactory(user=UserFactory(last_name=""), datasource=seller, review=True, is_public=True)
    Conversation.objects.filter(pk=deleted_item.pk).update(item_content=ItemContent.ORDERITEM, order_item=None)
    MessageFactory(conversation=deleted_item)
    ConversationFactory(user=user, datasource=DataSourceFactory())  # no message at all
    return user


def test_private_lists_match_the_serializer(every_kind):
    queryset = selectors.conversations_of_user(user=every_kind)
    assert queryset.count() == 6

    fast = ConversationBuilder().build(list(page_rows(queryset)))

    _same(fast, ConversationSerializer(queryset, many=True).data)


@pytest.mark.django_db
def test_a_sellers_inbox_matches_the_serializer(every_kind):
    staff = UserFactory(is_staff=True)
    queryset = selectors.conversations_of_seller(caller=staff)

    _same(ConversationBuilder().build(list(page_rows(queryset))), ConversationSerializer(queryset, many=True).data)


@pytest.mark.parametrize("kind", [ConversationType.QUESTION, ConversationType.REVIEW])
def test_public_lists_match_the_serializer(every_kind, kind):
    queryset = selectors.public_conversations(conversation_type=kind)
    assert queryset.exists()

    fast = PublicConversationBuilder().build(list(page_rows(queryset)))

    _same(fast, PublicConversationSerializer(queryset, many=True).data)
    assert "Kaya" not in json.dumps(fast, ensure_ascii=False)  # the surname is an initial only


@pytest.mark.django_db
def test_an_empty_page_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert ConversationBuilder().build([]) == []
