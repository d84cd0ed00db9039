"""Loyalty money as the storefront reads it (`data/client/account.ts`: getLoyaltyBalance, getLoyaltyTransactions)."""

from rest_framework import serializers


class LoyaltyBalanceSerializer(serializers.Serializer):
    """`{"balance": 12.5}`: a JSON number, as the client's type says (the renderer writes decimals as text)."""

    balance = serializers.FloatField()


class LoyaltyTransactionDetailSerializer(serializers.Serializer):
    created_date = serializers.DateTimeField(source="transaction.created_date")
    order = serializers.CharField(source="transaction.order_number", allow_null=True)


class LoyaltyTransactionSerializer(serializers.Serializer):
    """One movement of the card: `amount` a decimal string, `transaction.order` the order number (or null)."""

    amount = serializers.DecimalField(max_digits=14, decimal_places=2, source="transaction.amount")
    created_date = serializers.DateTimeField(source="transaction.created_date")
    transaction = LoyaltyTransactionDetailSerializer(source="*")
