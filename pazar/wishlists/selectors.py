"""Reads of the wishlists app: a shopper's favourites and open stock alerts, as lists (pazar/core/lists.py)."""

from pazar.core.lists import ListOf, Scoped
from pazar.wishlists.models import FavouriteProduct, ProductAlert

NEWEST_FIRST = ("-pk",)

FAVOURITES = ListOf(FavouriteProduct, key="user", order_by=NEWEST_FIRST)
# An answered (emailed) or cancelled alert leaves the shopper's list.
OPEN_ALERTS = ListOf(ProductAlert, key="user", where={"is_open": True}, order_by=NEWEST_FIRST)


def favourite_list(*, user) -> Scoped:
    """The shopper's favourites, newest first."""
    return FAVOURITES.of(user.pk)


def product_alert_list(*, user) -> Scoped:
    """The shopper's open stock alerts, newest first."""
    return OPEN_ALERTS.of(user.pk)
