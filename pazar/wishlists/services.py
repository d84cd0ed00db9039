"""Writes of favourites and stock alerts, and the back-in-stock emails."""

from urllib.parse import urljoin

from constance import config
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from pazar.accounts.models import User
from pazar.catalog.models import Product
from pazar.notifications.models import NotificationKind
from pazar.notifications.services import notification_enqueue
from pazar.wishlists import error_codes
from pazar.wishlists.models import FavouriteProduct, ProductAlert

BACK_IN_STOCK_EVENT = "product_back_in_stock"


@transaction.atomic
def favourite_product_add(*, user: User, product: Product) -> FavouriteProduct:
    """Add `product` to the user's favourites; twice is a 406 (the unique constraint decides a race)."""
    try:
        with transaction.atomic():
            return FavouriteProduct.objects.create(user=user, product=product)
    except IntegrityError:
        if FavouriteProduct.objects.filter(user=user, product=product).exists():
            raise error_codes.FAVOURITE_EXISTS.error() from None
        raise


@transaction.atomic
def favourite_product_remove(*, user: User, pk: int) -> None:
    """Remove one of the user's favourites; anyone else's, or none, is a 404."""
    deleted, _ = FavouriteProduct.objects.filter(pk=pk, user=user).delete()
    if not deleted:
        raise Http404


@transaction.atomic
def product_alert_create(*, user: User, product: Product) -> ProductAlert:
    """Ask to be emailed, at the account's address, when `product` is back in stock.

    The product's row is locked as `catalog.services.product_stock_set` locks it, so an alert is
    either written before a restock (and answered by it) or refused after it (in stock); none
    is left waiting for a restock that already happened.
    """
    if not user.email:
        raise error_codes.ALERT_NO_EMAIL.error()
    in_stock = Product.objects.select_for_update().filter(pk=product.pk).values_list("in_stock", flat=True).first()
    if in_stock is None:
        raise Http404
    if in_stock:
        raise error_codes.ALERT_IN_STOCK.error()
    try:
        with transaction.atomic():
            return ProductAlert.objects.create(user=user, product=product)
    except IntegrityError:
        if ProductAlert.objects.filter(user=user, product=product, is_open=True).exists():
            raise error_codes.ALERT_EXISTS.error() from None
        raise


@transaction.atomic
def product_alert_remove(*, user: User, pk: int) -> None:
    """Cancel one of the user's alerts; anyone else's, or none, is a 404."""
    deleted, _ = ProductAlert.objects.filter(pk=pk, user=user).delete()
    if not deleted:
        raise Http404


def product_alerts_answer(*, product: Product) -> int:
    """Queue one back-in-stock email per open alert of `product` and close them; how many were sent.

    Called through `catalog.signals.product_back_in_stock` by `catalog.services.product_stock_set`
    in its transaction, with the product's row locked, when the product goes back in stock: the
    emails and the closing commit or roll back with the stock change, and only alerts still open
    are answered (each exactly once).
    """
    alerts = list(
        ProductAlert.objects.select_for_update(of=("self",))
        .filter(product=product, is_open=True)
        .select_related("user")
        .order_by("pk")
    )
    if not alerts:
        return 0
    now = timezone.now()
    closed = ProductAlert.objects.filter(pk__in=[a.pk for a in alerts], is_open=True).update(
        is_open=False, notified_date=now, modified_date=now
    )
    if closed != len(alerts):
        # Only under the product's lock are these alerts ours to answer; anything else is a bug.
        raise RuntimeError("Stock alerts were answered outside the product's lock.")
    url = urljoin(config.STOREFRONT_URL, product.absolute_url) if product.absolute_url else config.STOREFRONT_URL
    for alert in alerts:
        recipient = alert.user
        if not recipient.email:
            continue
        notification_enqueue(
            kind=NotificationKind.EMAIL,
            event=BACK_IN_STOCK_EVENT,
            to=recipient.email,
            user=recipient,
            language=recipient.language_code or None,
            context={"first_name": recipient.first_name, "product": product.name, "url": url},
        )
    return len(alerts)
