"""The builders answer their declarations, and the seeds' shapes (seed 000 and 001, seed_shapes.py): keys,
their order and value types, for every kind of conversation, private and public, masked and not, in both
languages."""

import pytest
from constance.test import override_config
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from rest_framework import serializers

from pazar.accounts.tests.factories import UserFactory
from pazar.catalog.tests.factories import DataSourceFactory, ProductFactory, ProductImageFactory
from pazar.conversations import builders, selectors
from pazar.conversations.masking import SELLER, SHOPPER, STAFF
from pazar.conversations.models import Conversation, ConversationType, ItemContent
from pazar.conversations.serializers import (
    ConversationCreatedSerializer,
    ConversationSerializer,
    MessageCreatedSerializer,
    MessageListSerializer,
    PublicConversationSerializer,
    SellerConversationSerializer,
)
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.conversations.tests.seed_shapes import (
    CONVERSATION,
    CREATED_KEYS,
    DATETIME,
    MESSAGE_CREATED_KEYS,
    MESSAGE_ITEM,
    ORDER_ITEM,
    PRODUCT,
    PUBLIC_CONVERSATION,
    assert_shape,
)
from pazar.core.field_plans import Plan
from pazar.core.rows import RowsBy
from pazar.core.testing import assert_matches_declaration
from pazar.orders.tests.factories import OrderFactory, OrderItemFactory


@pytest.fixture
def every_kind(db):
    """Conversations of every shape the lists can meet."""
    user = UserFactory(first_name="Ayşe", last_name="Kaya", phone="+905551112233", email="ayse@example.com")
    seller = DataSourceFactory(title="")  # a public author falls back to the name
    product = ProductFactory(data_source=seller)
    ProductImageFactory(product=product, order=1)
    ProductImageFactory(product=product, order=0)
    bare = ProductFactory(data_source=seller)  # no image
    item = OrderItemFactory(order=OrderFactory(user=user), product=product)

    about_product = ConversationFactory(user=user, datasource=seller, product=product, review=True, is_public=True)
    MessageFactory(conversation=about_product, message_content="write to ayse@example.com")
    MessageFactory(conversation=about_product, from_datasource=True, message_content="call +90 555 111 22 33")
    MessageFactory(conversation=about_product, is_approved=False)  # hidden from the public
    about_item = ConversationFactory(user=user, datasource=seller, order_item=item, review=True, is_public=True)
    MessageFactory(conversation=about_item)
    no_item = ConversationFactory(user=user, datasource=seller, subject="Kargo")
    MessageFactory(conversation=no_item)
    gone = ConversationFactory(user=user, datasource=seller, product=bare, question=True, is_public=True)
    MessageFactory(conversation=gone, sender_user=None)  # the author's account was deleted
    MessageFactory(conversation=gone, from_datasource=True, sender_datasource=None)
    other_author = ConversationFactory(
        user=user, datasource=seller, product=ProductFactory(data_source=seller), question=True, is_public=True
    )
    MessageFactory(conversation=other_author, sender_user=UserFactory(last_name="Demir"))  # not the page's user
    MessageFactory(conversation=other_author, from_datasource=True, sender_datasource=DataSourceFactory())
    deleted_product = ConversationFactory(user=user, datasource=seller, question=True, is_public=True)
    Conversation.objects.filter(pk=deleted_product.pk).update(item_content=ItemContent.PRODUCT, product=None)
    deleted_item = ConversationFactory(user=UserFactory(last_name=""), datasource=seller, review=True, is_public=True)
    Conversation.objects.filter(pk=deleted_item.pk).update(item_content=ItemContent.ORDERITEM, order_item=None)
    MessageFactory(conversation=deleted_item)
    ConversationFactory(user=user, datasource=DataSourceFactory())  # no message at all
    return user


def _page(queryset, builder) -> list[dict]:
    return builder.build(list(builders.page_rows(queryset)))


@pytest.mark.parametrize("language", ["en", "tr"])
@pytest.mark.parametrize("masked", [False, True])
def test_a_shoppers_conversations_have_the_seed_shape(every_kind, language, masked):
    queryset = selectors.conversations_of_user(user=every_kind)
    with override_config(CONVERSATION_MASK_CONTACT_INFO=masked), translation.override(language):
        built = _page(queryset, builders.ConversationBuilder(viewer=SHOPPER))

    assert len(built) == queryset.count() == 7
    for conversation in built:
        assert_shape(conversation, CONVERSATION)
        assert_matches_declaration(conversation, ConversationSerializer)
    kinds = {(c["conversation_type"], c["item_content"]) for c in built}
    assert {("review", "product"), ("review", "orderitem"), ("question", "product"), ("message", None)} <= kinds
    texts = [m["message_content"] for c in built for m in c["message_set"]]
    assert ("call +90 555 111 22 33" in texts) is not masked  # the seller's words, masked for the shopper
    assert "write to ayse@example.com" in texts  # the shopper's own words


def test_an_item_object_is_a_product_or_an_order_item(every_kind):
    every_seller = selectors.conversations_of_seller(caller=UserFactory(is_staff=True))
    built = _page(every_seller, builders.ConversationBuilder())
    by_content = {}
    for conversation in built:
        by_content.setdefault(conversation["item_content"], []).append(conversation["item_object"])

    assert any(item and list(item) == list(ORDER_ITEM) for item in by_content["orderitem"])
    assert None in by_content["orderitem"]  # the order item was deleted
    products = [item for item in by_content["product"] if item]
    assert products and all(list(p) == list(PRODUCT) for p in products)
    assert [i["order"] for p in products for i in p["product_images"]][:2] == [0, 1]  # images in order
    assert None in by_content["product"]  # the product was deleted
    assert by_content[None] == [None, None]


def test_authors_other_than_the_conversations_own_are_read_too(every_kind):
    built = _page(selectors.conversations_of_user(user=every_kind), builders.ConversationBuilder())
    authors = [m["content_object"] for c in built for m in c["message_set"]]

    assert any(a and a.get("last_name") == "Demir" for a in authors)
    assert sum(1 for a in authors if a and "pk" in a) == 2  # two datasources wrote (one of another seller)
    assert None in authors  # a deleted account or datasource


@pytest.mark.parametrize("masked", [False, True])
def test_the_sellers_inbox_has_the_seed_shape_and_reply_needed_since(every_kind, masked):
    queryset = selectors.conversations_of_seller(caller=UserFactory(is_staff=True))
    with override_config(CONVERSATION_MASK_CONTACT_INFO=masked):
        seller_view = _page(queryset, builders.ConversationBuilder(seller=True, viewer=SELLER))
        staff_view = _page(queryset, builders.ConversationBuilder(seller=True, viewer=STAFF))

    for conversation in seller_view + staff_view:
        assert_matches_declaration(conversation, SellerConversationSerializer)
        assert_shape({key: conversation[key] for key in CONVERSATION}, CONVERSATION)
        since = conversation["reply_needed_since"]
        assert since is None or DATETIME.match(since)
    seller_texts = [m["message_content"] for c in seller_view for m in c["message_set"]]
    staff_texts = [m["message_content"] for c in staff_view for m in c["message_set"]]
    assert ("write to ayse@example.com" in seller_texts) is not masked
    assert "write to ayse@example.com" in staff_texts  # staff read the original


@pytest.mark.parametrize("kind", [ConversationType.QUESTION, ConversationType.REVIEW])
@pytest.mark.parametrize("language", ["en", "tr"])
def test_public_lists_have_the_seed_shape_and_no_personal_data(every_kind, kind, language):
    queryset = selectors.public_conversations(conversation_type=kind)
    with translation.override(language):
        built = _page(queryset, builders.PublicConversationBuilder())

    assert built
    for conversation in built:
        assert_shape(conversation, PUBLIC_CONVERSATION)
        assert_matches_declaration(conversation, PublicConversationSerializer)
    authors = repr([m["content_object"] for c in built for m in c["message_set"]])
    assert "Kaya" not in repr(built) and "ayse@example.com" not in authors  # the surname is an initial only
    names = {m["content_object"]["name"] for c in built for m in c["message_set"]}
    assert "Ayşe K." in names or kind == ConversationType.QUESTION


def test_a_public_review_of_an_order_item_shows_the_product_only(every_kind):
    built = _page(
        selectors.public_conversations(conversation_type=ConversationType.REVIEW), builders.PublicConversationBuilder()
    )
    items = [c["item_object"] for c in built if c["item_object"]]

    assert len(items) == 2 and all(list(item) == list(PRODUCT) for item in items)


def test_public_lists_leave_unapproved_messages_out(every_kind):
    built = _page(
        selectors.public_conversations(conversation_type=ConversationType.REVIEW), builders.PublicConversationBuilder()
    )
    private = _page(
        selectors.public_conversations(conversation_type=ConversationType.REVIEW), builders.ConversationBuilder()
    )

    assert sum(len(c["message_set"]) for c in built) == sum(len(c["message_set"]) for c in private) - 1


@pytest.mark.parametrize("viewer", [SHOPPER, SELLER, STAFF])
@pytest.mark.parametrize("masked", [False, True])
def test_messages_have_the_seed_shape(every_kind, viewer, masked):
    queryset = selectors.messages_of_user(user=every_kind)
    with override_config(CONVERSATION_MASK_CONTACT_INFO=masked):
        built = builders.MessageBuilder(viewer=viewer).build(list(builders.message_page_rows(queryset)))

    assert len(built) == queryset.count() > 5
    for message in built:
        assert_shape(message, MESSAGE_ITEM)
        assert_matches_declaration(message, MessageListSerializer)
    texts = [m["message_content"] for m in built]
    assert ("write to ayse@example.com" in texts) is not (masked and viewer == SELLER)


COLUMNS = {"columns": builders.OWN_COLUMNS, "related": builders.JOINED}


def _read(source, offset: int, limit: int) -> list:
    return source.rows(offset, limit)


def test_the_keyed_pages_answer_the_selectors_rows(every_kind):
    """The fixed page statements are the selectors' lists, unfiltered (same rows, same order)."""
    mine = selectors.conversations_of_user(user=every_kind)
    keyed = selectors.conversation_list_of_user(user=every_kind).source(**COLUMNS)
    assert keyed.count() == mine.count()
    assert _read(keyed, 0, 20) == list(builders.page_rows(mine))
    assert _read(keyed, 2, 2) == list(builders.page_rows(mine)[2:4])

    seller = mine.first().datasource
    seller_user = UserFactory(datasource=seller)
    inbox = selectors.conversation_list_of_seller(caller=seller_user).source(**COLUMNS)
    theirs = selectors.conversations_of_seller(caller=seller_user)
    assert _read(inbox, 0, 20) == list(builders.page_rows(theirs)) and inbox.count() == theirs.count()

    for kind in (ConversationType.QUESTION, ConversationType.REVIEW):
        public = selectors.public_conversations(conversation_type=kind)
        for product in {c.product_id for c in public if c.product_id}:
            page = selectors.public_conversation_list(conversation_type=kind, product=product).source(**COLUMNS)
            assert _read(page, 0, 20) == list(builders.page_rows(public.filter(product_id=product)))
            assert page.count() == public.filter(product_id=product).count()


def test_a_filtered_page_reads_its_ids_then_their_rows(every_kind):
    listed = selectors.conversation_list_of_user(user=every_kind)
    filtered = listed.queryset().filter(conversation_type=ConversationType.REVIEW)
    page = listed.source(**COLUMNS, filtered=filtered)

    assert page.count() == filtered.count() == 2
    assert _read(page, 0, 20) == list(builders.page_rows(filtered))
    assert _read(page, 1, 1) == list(builders.page_rows(filtered)[1:2])


def test_the_writes_bodies(every_kind):
    conversation = Conversation.objects.filter(user=every_kind).exclude(message_set__isnull=True).first()
    message = conversation.message_set.first()

    created = builders.conversation_created(conversation, message)
    posted = builders.message_created(message)

    assert_matches_declaration(created, ConversationCreatedSerializer)
    assert_matches_declaration(posted, MessageCreatedSerializer)
    assert set(created) == CREATED_KEYS and set(posted) == MESSAGE_CREATED_KEYS
    assert created["datasource"] == conversation.datasource_id and created["user"] == conversation.user_id
    assert created["message_content"] == posted["message_content"] == message.message_content
    assert posted["conversation"] == created["id"] == conversation.pk


@pytest.mark.django_db
def test_an_empty_page_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert builders.ConversationBuilder().build([]) == []
        assert builders.PublicConversationBuilder().build([]) == []


def test_a_field_added_to_the_declaration_is_answered(every_kind):
    """The builder renders through the declaration: a new declared column is read and answered."""

    class WithApproval(SellerConversationSerializer):
        class Meta(SellerConversationSerializer.Meta):
            fields = [*SellerConversationSerializer.Meta.fields, "is_approved"]

    plan = Plan(WithApproval, reads=builders.CONVERSATION_READS)
    builder = builders.ConversationBuilder(seller=True)
    builder.plan = plan
    rows = RowsBy(Conversation, plan.columns, related=builders.JOINED)(
        list(Conversation.objects.values_list("pk", flat=True))
    )

    built = builder.build(rows)

    assert built and all(list(c) == WithApproval.Meta.fields for c in built)
    assert {c["is_approved"] for c in built} <= {True, False}


def test_a_computed_field_the_builder_does_not_read_fails_by_name():
    class WithFlag(SellerConversationSerializer):
        is_new = serializers.SerializerMethodField()

        class Meta(SellerConversationSerializer.Meta):
            fields = [*SellerConversationSerializer.Meta.fields, "is_new"]

    with pytest.raises(ImproperlyConfigured, match="is_new"):
        Plan(WithFlag, reads=builders.CONVERSATION_READS)
