"""The guard of pazar/core/builders.py: a response serializer marked `@schema_only` never builds a response."""

import pytest
from rest_framework import serializers

from pazar.core.builders import SCHEMA_ONLY
from pazar.orders.serializers import OrderSerializer


def test_a_schema_declaration_that_builds_a_response_fails_the_test():
    # given a response serializer the order builder replaced
    assert OrderSerializer in SCHEMA_ONLY

    # when something serializes with it, then the suite's guard (conftest.py) refuses
    with pytest.raises(AssertionError, match="schema declaration"):
        OrderSerializer(instance=object()).data  # noqa: B018


def test_every_hot_resource_is_declared_schema_only():
    # the hot responses: order, item, request, easy return, old order, conversation,
    # public conversation, message, address, profile
    names = {cls.__name__ for cls in SCHEMA_ONLY}
    for name in (
        "OrderSerializer",
        "OrderItemSerializer",
        "CancellationRequestSerializer",
        "EasyReturnSerializer",
        "OldOrderSerializer",
        "ConversationSerializer",
        "PublicConversationSerializer",
        "MessageListSerializer",
        "AddressSerializer",
        "ProfileSerializer",
    ):
        assert name in names, name


def test_an_unmarked_serializer_still_runs():
    class Plain(serializers.Serializer):
        name = serializers.CharField()

    assert Plain({"name": "x"}).data == {"name": "x"}
