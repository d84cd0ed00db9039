"""Signed links: each answer to a trade-in offer needs the token its email link carries, for that offer only.

The token is what a cross-site request cannot know, so a forged navigation to an answer path changes nothing.
Approve and reject tokens have their own salts: one link cannot be turned into the other answer.
"""

from constance import config
from django.core import signing

TRADEIN_REJECT_SALT = "pazar.orders.tradein.reject"
TRADEIN_APPROVE_SALT = "pazar.orders.tradein.approve"


def _salt(approve: bool) -> str:
    return TRADEIN_APPROVE_SALT if approve else TRADEIN_REJECT_SALT


def tradein_answer_token(*, order_item_id: int, offer_id: int, approve: bool) -> str:
    return signing.dumps({"item": order_item_id, "offer": offer_id}, salt=_salt(approve))


def tradein_reject_token(*, order_item_id: int, offer_id: int) -> str:
    return tradein_answer_token(order_item_id=order_item_id, offer_id=offer_id, approve=False)


def tradein_approve_token(*, order_item_id: int, offer_id: int) -> str:
    return tradein_answer_token(order_item_id=order_item_id, offer_id=offer_id, approve=True)


def tradein_answer_token_offer(*, token: str, order_item_id: int, approve: bool) -> int | None:
    """The offer id the token was made for, when it is genuine, unexpired, for this item and this answer."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=_salt(approve), max_age=config.TRADEIN_LINK_MAX_AGE_DAYS * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("item") != order_item_id or not isinstance(data.get("offer"), int):
        return None
    return data["offer"]
