"""Trade-in offers: staff offer to take a delivered item back; its owner approves or rejects, once.

The offer's statuses and allowed moves are in pazar/orders/statuses.py (TRADEIN_MOVES).
"""

from datetime import timedelta
from decimal import Decimal

from constance import config
from django.db import transaction
from django.utils import timezone

from pazar.notifications.services import notification_enqueue
from pazar.orders import error_codes, statuses
from pazar.orders.models import OrderItem, TradeInOffer
from pazar.orders.tradein.tokens import tradein_approve_token, tradein_reject_token


def _tradein_links(offer: TradeInOffer) -> tuple[str, str]:
    base = config.TRADEIN_LINK_BASE_URL.rstrip("/")
    path = f"/users/order_item/{offer.order_item_id}"
    approve = tradein_approve_token(order_item_id=offer.order_item_id, offer_id=offer.pk)
    reject = tradein_reject_token(order_item_id=offer.order_item_id, offer_id=offer.pk)
    return f"{base}{path}/tradein_approved/?token={approve}", f"{base}{path}/tradein_rejected/?token={reject}"


@transaction.atomic
def tradein_offer_make(*, order_item: OrderItem, amount: Decimal, note: str = "") -> TradeInOffer:
    """Staff offer to take an item back in trade; the owner gets an email with approve and reject links."""
    item = (
        OrderItem.objects.select_for_update(of=("self",)).select_related("order__user", "product").get(pk=order_item.pk)
    )
    if TradeInOffer.objects.filter(order_item=item).exists():
        raise error_codes.TRADEIN_OFFER_EXISTS.error()
    offer = TradeInOffer.objects.create(order_item=item, amount=amount, currency=item.price_currency, note=note)
    approve_url, reject_url = _tradein_links(offer)
    user = item.order.user
    notification_enqueue(
        kind="email",
        event="tradein_offer",
        to=user.email,
        user=user,
        language=user.language_code or None,
        context={
            "first_name": user.first_name,
            "order_number": item.order.number,
            "product_name": item.product.name,
            "amount": str(offer.amount),
            "currency": offer.currency.upper(),
            "note": note,
        },
        secrets={"approve_url": approve_url, "reject_url": reject_url},
        secrets_expire_at=timezone.now() + timedelta(days=config.TRADEIN_LINK_MAX_AGE_DAYS),
    )
    return offer


@transaction.atomic
def tradein_offer_answer(*, order_item_id: int, approve: bool, offer_id: int | None = None) -> TradeInOffer:
    """Approve or reject an item's pending offer, once; `offer_id` pins the offer a reject link was made for."""
    offers = TradeInOffer.objects.select_for_update().filter(order_item_id=order_item_id)
    if offer_id is not None:
        offers = offers.filter(pk=offer_id)
    offer = offers.first()
    if offer is None:
        raise error_codes.TRADEIN_NO_OFFER.error()
    status = statuses.tradein_answer_status(approve=approve)
    statuses.tradein_check_move(offer.status, status)
    offer.status = status
    offer.answered_at = timezone.now()
    offer.save(update_fields=["status", "answered_at", "modified_date"])
    return offer
