"""Signed links: a trade-in offer's reject link works without login, for that offer only."""

from constance import config
from django.core import signing

TRADEIN_REJECT_SALT = "pazar.orders.tradein.reject"


def tradein_reject_token(*, order_item_id: int, offer_id: int) -> str:
    return signing.dumps({"item": order_item_id, "offer": offer_id}, salt=TRADEIN_REJECT_SALT)


def tradein_reject_token_offer(*, token: str, order_item_id: int) -> int | None:
    """The offer id the token was made for, when it is genuine, unexpired and for this item."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=TRADEIN_REJECT_SALT, max_age=config.TRADEIN_LINK_MAX_AGE_DAYS * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("item") != order_item_id or not isinstance(data.get("offer"), int):
        return None
    return data["offer"]
