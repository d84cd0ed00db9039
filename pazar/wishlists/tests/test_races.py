"""Races on PostgreSQL: duplicates decided by the unique constraints, restocks by the product's row lock."""

import time

import pytest
from django.db import connection

from pazar.catalog.services import product_stock_set
from pazar.catalog.tests.factories import ProductFactory
from pazar.core.exceptions import DomainError
from pazar.core.testing import run_each, run_together
from pazar.notifications.models import Notification
from pazar.wishlists import services
from pazar.wishlists.models import FavouriteProduct, ProductAlert
from pazar.wishlists.services import BACK_IN_STOCK_EVENT
from pazar.wishlists.tests.factories import ProductAlertFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_the_same_favourite_at_once_is_one_row_and_406s(user):
    product = ProductFactory()

    results = run_together(lambda _i: services.favourite_product_add(user=user, product=product), 8)

    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 7, results
    assert {r.error_code for r in refused} == {"favourite_product_100"}
    assert FavouriteProduct.objects.filter(user=user, product=product).count() == 1


def test_the_same_alert_at_once_is_one_row_and_406s(user):
    product = ProductFactory()

    results = run_together(lambda _i: services.product_alert_create(user=user, product=product), 8)

    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 7, results
    assert {r.error_code for r in refused} == {"product_alert_100_1"}
    assert ProductAlert.objects.filter(user=user, product=product).count() == 1


def test_two_restocks_at_once_send_one_email_per_alert(monkeypatch):
    # Each email a little slower to queue, so the two restocks overlap whatever the machine's speed.
    queue = services.notification_enqueue

    def slow_enqueue(**kwargs):
        time.sleep(0.05)
        return queue(**kwargs)

    monkeypatch.setattr(services, "notification_enqueue", slow_enqueue)
    for _round in range(3):
        product = ProductFactory()
        alerts = ProductAlertFactory.create_batch(4, product=product)

        results = run_each(
            lambda p=product: product_stock_set(product_id=p.pk, stock=5),
            lambda p=product: product_stock_set(product_id=p.pk, stock=8),
        )

        assert not [r for r in results if isinstance(r, Exception)], results
        sent = Notification.objects.filter(event=BACK_IN_STOCK_EVENT, to__in=[a.user.email for a in alerts])
        assert sorted(sent.values_list("to", flat=True)) == sorted(a.user.email for a in alerts)
        assert not ProductAlert.objects.filter(product=product, is_open=True).exists()


def test_an_alert_asked_during_a_restock_is_answered_or_refused(user):
    for _round in range(5):
        product = ProductFactory()
        ProductAlert.objects.filter(user=user).delete()
        Notification.objects.filter(to=user.email).delete()

        results = run_each(
            lambda p=product: product_stock_set(product_id=p.pk, stock=1),
            lambda p=product: services.product_alert_create(user=user, product=p),
        )

        alert = results[1]
        if isinstance(alert, DomainError):
            assert alert.error_code == "product_alert_100_2"
            assert not Notification.objects.filter(to=user.email).exists()
        else:
            assert not isinstance(alert, Exception), alert
            alert.refresh_from_db()
            assert not alert.is_open
            assert Notification.objects.filter(to=user.email, event=BACK_IN_STOCK_EVENT).count() == 1
