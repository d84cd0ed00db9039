"""Schema declarations of the offers pages (Akinon's Account → Basket Offers and Discounts pages).

They describe the answers in `/api/schema/`; pazar/offers/builders.py and views.py build them
(`@schema_only`, pazar/core/builders.py). The discount item is the orders' own declaration
(`DiscountItemSerializer`, the `discountitem_set` entry of an order).
"""

from rest_framework import serializers

from pazar.core.builders import schema_only


@schema_only
class ChoiceSerializer(serializers.Serializer):
    """A choice as `{"value", "label"}`."""

    value = serializers.CharField()
    label = serializers.CharField()


@schema_only
class OfferConditionSerializer(serializers.Serializer):
    """What the basket must reach for the offer to apply: `{"type": "Amount", "value": 90}`."""

    type = serializers.CharField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=False, allow_null=True)


@schema_only
class BasketOfferSerializer(serializers.Serializer):
    """A promotion assigned to the shopper: a fixed amount, a percentage or free shipping."""

    label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=False, allow_null=True)
    percentage = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False, allow_null=True)
    end_datetime = serializers.DateTimeField(allow_null=True)
    start_datetime = serializers.DateTimeField(allow_null=True)
    currency = ChoiceSerializer()
    voucher_code = serializers.CharField(allow_null=True)
    status = ChoiceSerializer()
    offer_type = ChoiceSerializer()
    condition = OfferConditionSerializer()
    benefit_type = ChoiceSerializer(help_text="`fixed`, `percentage` or `shipping_free`.")


@schema_only
class BasketOffersSerializer(serializers.Serializer):
    """`GET /account/basket-offers/`: the active offers; `total_discount` sums the fixed ones."""

    total_discount = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=False)
    discounts = BasketOfferSerializer(many=True, help_text="The fixed-amount offers.")
    all_discounts = BasketOfferSerializer(many=True, help_text="Every offer (fixed, percentage, free shipping).")
