"""A shopper's order list total kept by triggers (core.ListVersion.members, orders/list_versions.py).

Every way an order joins or leaves a shopper's list (create, delete, a move to another shopper, a
bulk update, raw SQL) keeps the total equal to a COUNT of the rows; the unfiltered page answers that
total, and its ids, without an ORM query; a filtered page still counts its rows.
"""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from pazar.accounts.tests.factories import UserFactory
from pazar.core import list_versions
from pazar.core.models import ListVersion
from pazar.orders import list_versions as versions
from pazar.orders.models import Order, OrderStatus
from pazar.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

URL = "/users/orders/"


def _kept() -> dict:
    return {row.key: row.members for row in ListVersion.objects.filter(scope="orders") if row.members}


def _counted() -> dict:
    rows = Order.objects.values("user_id").annotate(n=Count("id")).order_by()
    return {row["user_id"]: row["n"] for row in rows}


def test_the_total_follows_every_way_an_order_joins_or_leaves_a_list():
    shopper, other = UserFactory(), UserFactory()
    first, second = OrderFactory(user=shopper), OrderFactory(user=shopper)
    OrderFactory(user=other)
    assert _kept() == _counted() == {shopper.pk: 2, other.pk: 1}

    Order.objects.filter(pk=first.pk).update(user=other)
    assert _kept() == _counted() == {shopper.pk: 1, other.pk: 2}
    Order.objects.filter(pk=second.pk).update(status=OrderStatus.CANCELLED)  # stays in the list
    assert _kept() == _counted()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE orders_order SET user_id = %s", [shopper.pk])
    assert _kept() == _counted() == {shopper.pk: 3}
    Order.objects.filter(pk=first.pk).delete()
    assert _kept() == _counted() == {shopper.pk: 2}


def test_a_recount_repairs_a_total_a_load_left_wrong():
    shopper = UserFactory()
    OrderFactory.create_batch(3, user=shopper)
    ListVersion.objects.filter(scope="orders").update(members=99)

    list_versions.recount(versions.bumps())

    assert _kept() == {shopper.pk: 3}


def test_the_unfiltered_page_takes_the_kept_total_and_pages_its_ids_in_order(auth_client, user):
    orders = OrderFactory.create_batch(5, user=user)
    OrderFactory(user=UserFactory())  # another shopper's: never counted nor shown
    newest_first = list(
        Order.objects.filter(user=user).order_by("-created_date", "-pk").values_list("number", flat=True)
    )
    assert len(newest_first) == len(orders)

    seen = []
    for page in (1, 2, 3):
        with CaptureQueriesContext(connection) as captured:
            body = auth_client.get(f"{URL}?limit=2&page={page}").json()
        assert body["count"] == 5
        assert not [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
        seen += [order["number"] for order in body["results"]]
    assert seen == newest_first
    assert auth_client.get(f"{URL}?limit=2&page=4").status_code == 404


def test_a_filtered_page_counts_its_rows(auth_client, user):
    OrderFactory.create_batch(2, user=user, status=OrderStatus.CANCELLED)
    OrderFactory(user=user)

    with CaptureQueriesContext(connection) as captured:
        body = auth_client.get(URL, {"status": OrderStatus.CANCELLED.value}).json()

    assert body["count"] == 2
    assert [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]


def test_a_kept_total_that_went_wrong_shows_until_recounted(auth_client, user):
    """The page trusts the kept total (that is what makes it cheap): a wrong one shows in `count`,
    the rows themselves are still the shopper's own, and `recount` mends it."""
    OrderFactory.create_batch(2, user=user)
    ListVersion.objects.filter(scope="orders", key=user.pk).update(members=7)
    assert auth_client.get(URL).json()["count"] == 7
    assert len(auth_client.get(URL).json()["results"]) == 2

    list_versions.recount(versions.bumps())

    assert auth_client.get(URL).json()["count"] == 2
