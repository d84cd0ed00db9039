"""The orders' declarations hold seed 003's fields, and name what pazar adds (orders/tests/seed_shapes.py).

The seed's key lists are the contract; the response serializers are the one declaration every
response is checked against (`assert_matches_declaration`). This is where the two meet: each
declaration is the seed's fields plus the extras pazar documents, no more.
"""

import pytest

from pazar.catalog.serializers import ProductSerializer
from pazar.orders import serializers
from pazar.orders.tests import seed_shapes as seed


@pytest.mark.parametrize(
    ("declaration", "seed_keys", "extra"),
    [
        (serializers.OrderSerializer, seed.ORDER_KEYS, set()),
        (serializers.OrderItemSerializer, seed.ORDER_ITEM_KEYS, seed.ORDER_ITEM_EXTRA_KEYS),
        (ProductSerializer, seed.PRODUCT_KEYS, seed.PRODUCT_EXTRA_KEYS),
        (serializers.DiscountItemSerializer, seed.DISCOUNT_KEYS, set()),
        (serializers.PaymentOptionSerializer, seed.PAYMENT_OPTION_KEYS, set()),
        (serializers.BankSerializer, seed.BANK_KEYS, set()),
        (serializers.CancellationRequestSerializer, seed.CANCELLATION_REQUEST_KEYS, set()),
        (serializers.EasyReturnSerializer, seed.EASY_RETURN_KEYS, set()),
        (serializers.EasyReturnShippingCompanySerializer, seed.EASY_RETURN_COMPANY_KEYS, set()),
        (serializers.CancellationReasonSerializer, seed.CANCELLATION_REASON_KEYS, set()),
        (serializers.OldOrderSerializer, seed.OLD_ORDER_KEYS, set()),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_the_declaration_is_the_seeds_fields_and_the_named_extras(declaration, seed_keys, extra):
    declared = set(declaration.Meta.fields) if hasattr(declaration, "Meta") else set(declaration().fields)

    assert seed_keys <= declared, f"the seed's {seed_keys - declared} are not declared"
    assert declared - seed_keys == extra
