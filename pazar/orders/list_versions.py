"""A shopper's order list's version ("orders", user id), bumped by triggers on what the order JSON shows.

The order list (pazar/orders/builders.py) shows the orders, their items, the items'
cancellation requests and easy returns, trade-in offers, discounts, the shipping and billing
addresses (with their country, city, township, district and user), payment options, banks and the
easy-return companies. A change of any of those rows adds one to the version of the shopper whose
list shows it, or, for the shared tables, to the global "catalog" version, so `If-None-Match` can be
answered from one indexed row (pazar/core/revalidation.py). The order item trigger keeps the latest
delivery as the version's `mark`: `is_refundable` changes when a return window closes, with no row
changing (ORDER_LIST adds the clock to the ETag while a window may be open). The orders are the
list's members: the same trigger keeps its total, which the unfiltered page reads with its version.
"""

import datetime
from datetime import timedelta

from django.conf import settings as django_settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from pazar.core.list_versions import Bump, Members
from pazar.core.revalidation import Revalidation

# A shopper's orders are the members of their list: its total is kept with its version
# (core.ListVersion.members), and the unfiltered page takes its count from there.
LISTS = (Members("orders", "user_id"),)
VIA_ORDER = """SELECT 'orders' AS scope, o.user_id AS "key" FROM orders_order o WHERE o.id = {row}.order_id"""
VIA_ITEM = (
    """SELECT 'orders' AS scope, o.user_id AS "key" FROM orders_orderitem i """
    """JOIN orders_order o ON o.id = i.order_id WHERE i.id = {row}.order_item_id"""
)
VIA_REQUEST = (
    """SELECT 'orders' AS scope, o.user_id AS "key" FROM orders_cancellationrequest r """
    """JOIN orders_orderitem i ON i.id = r.order_item_id JOIN orders_order o ON o.id = i.order_id """
    """WHERE r.easy_return_id = {row}.id"""
)
# An address shows in the orders that name it (normally its user's own).
VIA_ADDRESS = (
    """SELECT 'orders' AS scope, o.user_id AS "key" FROM orders_order o WHERE o.shipping_address_id = {row}.id """
    """UNION SELECT 'orders' AS scope, o.user_id AS "key" FROM orders_order o WHERE o.billing_address_id = {row}.id"""
)
# The address's user (AddressUserSerializer: names, contact, last_login, modified_date...): orders
# name their user's addresses (models.Order), so a change of the user is a change of their list.
USER = """SELECT 'orders' AS scope, {row}.id AS "key" """
CATALOG = """SELECT 'catalog' AS scope, 0 AS "key" WHERE {row}.id IS NOT NULL"""
CHANGED = ("UPDATE", "DELETE")


def bumps() -> list[Bump]:
    return [
        Bump("orders_order", "orders_order", members=LISTS),
        Bump("orders_orderitem", "orders_orderitem", VIA_ORDER, mark="NEW.delivered_date"),
        Bump("orders_discountitem", "orders_discountitem", VIA_ORDER),
        Bump("orders_cancellationrequest", "orders_cancellationrequest", VIA_ITEM),
        Bump("orders_tradeinoffer", "orders_tradeinoffer", VIA_ITEM),
        Bump("orders_easyreturn", "orders_easyreturn", VIA_REQUEST),
        Bump("addresses_address", "addresses_address", VIA_ADDRESS, events=CHANGED),
        Bump("orders_user", "accounts_user", USER, events=("UPDATE",)),
        # Shared rows every order may show.
        Bump("orders_paymentoption", "orders_paymentoption", CATALOG, events=CHANGED),
        Bump("orders_bank", "orders_bank", CATALOG, events=CHANGED),
        Bump("orders_easyreturnco", "orders_easyreturnshippingcompany", CATALOG),
        Bump(
            "orders_easyreturnco_ds",
            "orders_easyreturnshippingcompany_datasources",
            CATALOG,
            events=("INSERT", "DELETE"),
        ),
        *(Bump(f"addresses_{name}", f"addresses_{name}", CATALOG, events=CHANGED) for name in LOCATIONS),
    ]


LOCATIONS = ("country", "city", "township", "district")


class OrderListRevalidation(Revalidation):
    """`GET /users/orders/`: the shopper's version and the catalog's; the return window's setting.

    `is_refundable` turns false when an item's return window closes, with no row changing: while
    the latest delivery (the version's mark) is inside the window, the ETag also names the current
    minute (REVALIDATION_CLOCK_SECONDS), so a closing window shows within that time.
    """

    scopes = 2
    settings = ("ORDER_RETURN_WINDOW_DAYS",)

    def keys(self, view, request):
        return (("orders", request.user.pk), ("catalog", 0))

    def clock(self, request, versions, values):
        latest = versions[("orders", request.user.pk)].mark
        if latest is None:
            return None
        if isinstance(latest, str):  # SQLite gives the stored text
            latest = parse_datetime(latest)
        if timezone.is_naive(latest):
            latest = timezone.make_aware(latest, datetime.UTC)
        now = timezone.now()
        if now > latest + timedelta(days=self.setting(values, "ORDER_RETURN_WINDOW_DAYS")):
            return None  # every window has closed: the answer no longer moves with the clock
        return int(now.timestamp()) // django_settings.REVALIDATION_CLOCK_SECONDS

    def total(self, view, request, versions):
        return versions[("orders", request.user.pk)].members


ORDER_LIST = OrderListRevalidation()
