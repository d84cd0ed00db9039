"""The conversations' declarations hold seeds 000 and 001's fields, in their order, and name what pazar adds.

The seed's shapes (seed_shapes.py) are the contract; the response serializers are the one
declaration every response is checked against (`assert_matches_declaration`). This is where the
two meet: each declaration is the seed's fields plus the extras named here, no more.
"""

import pytest

from pazar.accounts.serializers import UserSummarySerializer
from pazar.catalog.serializers import DataSourceSerializer, ProductImageSerializer, ProductSummarySerializer
from pazar.conversations import serializers
from pazar.conversations.tests import seed_shapes as seed


@pytest.mark.parametrize(
    ("declaration", "seed_keys", "extra"),
    [
        (serializers.ConversationSerializer, list(seed.CONVERSATION), []),
        # the seller's inbox adds how long the shopper has waited for an answer
        (serializers.SellerConversationSerializer, list(seed.CONVERSATION), ["reply_needed_since"]),
        (serializers.PublicConversationSerializer, list(seed.PUBLIC_CONVERSATION), []),
        (serializers.MessageSerializer, list(seed.MESSAGE), []),
        (serializers.PublicMessageSerializer, list(seed.PUBLIC_MESSAGE), []),
        (serializers.MessageListSerializer, list(seed.MESSAGE_ITEM), []),
        (serializers.OrderItemObjectSerializer, list(seed.ORDER_ITEM), []),
        (UserSummarySerializer, list(seed.USER), []),
        (DataSourceSerializer, list(seed.DATASOURCE), []),
        (ProductSummarySerializer, list(seed.PRODUCT), []),
        (ProductImageSerializer, list(seed.IMAGE), []),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_the_declaration_is_the_seeds_fields_and_the_named_extras(declaration, seed_keys, extra):
    declared = declaration.Meta.fields if hasattr(declaration, "Meta") else list(declaration().fields)
    assert declared == [*seed_keys, *extra]


@pytest.mark.parametrize(
    ("declaration", "seed_keys"),
    [
        (serializers.ConversationCreatedSerializer, seed.CREATED_KEYS),
        (serializers.MessageCreatedSerializer, seed.MESSAGE_CREATED_KEYS),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_the_writes_declarations_are_the_seeds_fields(declaration, seed_keys):
    assert set(declaration().fields) == seed_keys
