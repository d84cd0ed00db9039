"""Reads of loyalty money: the user's card balance and transactions, from the loyalty-card service."""

from decimal import Decimal

from pazar.loyalty.clients import LoyaltyTransaction, loyalty_client
from pazar.loyalty.models import LoyaltyAccount


def _card_number(user) -> str | None:
    return LoyaltyAccount.objects.filter(user=user).values_list("card_number", flat=True).first()


def loyalty_balance(*, user) -> Decimal:
    """The card's balance; 0 without a card (nothing asked). The service down raises LoyaltyServiceError."""
    card_number = _card_number(user)
    if not card_number:
        return Decimal("0.00")
    return loyalty_client().balance(card_number=card_number)


def loyalty_transactions(*, user, offset: int, limit: int) -> tuple[int, list[LoyaltyTransaction]]:
    """A page of the card's transactions, newest first; none without a card."""
    card_number = _card_number(user)
    if not card_number:
        return 0, []
    return loyalty_client().transactions(card_number=card_number, offset=offset, limit=limit)
