"""Concurrent cancellation requests on PostgreSQL: the item row lock decides them one after the other."""

import threading
import time

import pytest
from django.db import connection, transaction

from pazar.core.testing import run_each
from pazar.orders.cancellations import services
from pazar.orders.models import CancellationRequest, CancellationRequestStatus, OrderItem
from pazar.orders.tests.factories import (
    CancellationReasonFactory,
    CancellationRequestFactory,
    OrderFactory,
    OrderItemFactory,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def _input(item, reason, quantity=1):
    return services.CancellationInput(
        order_item_id=item.pk, reason_id=reason.pk, cancellation_type="cancel", quantity=quantity
    )


def test_two_requests_for_the_last_unit_never_both_succeed(user):
    # given 2 units, one of them already cancelled (approved): one unit left
    item = OrderItemFactory(order=OrderFactory(user=user), quantity=2)
    reason = CancellationReasonFactory()
    CancellationRequestFactory(order_item=item, quantity=1, status=CancellationRequestStatus.APPROVED)

    # when two requests for it run at the same moment, several times over
    for _round in range(5):
        CancellationRequest.objects.filter(status=CancellationRequestStatus.OPEN).delete()
        results = run_each(
            lambda: services.cancellation_request_create(user=user, data=_input(item, reason)),
            lambda: services.cancellation_request_create(user=user, data=_input(item, reason)),
        )

        # then exactly one is created, the other refused with a clear error
        created = [r for r in results if isinstance(r, CancellationRequest)]
        refused = [r for r in results if not isinstance(r, CancellationRequest)]
        assert len(created) == 1, results
        assert getattr(refused[0], "error_code", None) == "cancellation_request_100_1", refused
        assert CancellationRequest.objects.filter(status=CancellationRequestStatus.OPEN).count() == 1


def test_a_request_waits_for_the_item_row_lock(user):
    # given a transaction that holds the item's row lock for a while
    item = OrderItemFactory(order=OrderFactory(user=user))
    reason = CancellationReasonFactory()
    locked = threading.Event()
    hold = 0.5

    def holder():
        with transaction.atomic():
            OrderItem.objects.select_for_update().get(pk=item.pk)
            locked.set()
            time.sleep(hold)
        return time.monotonic()

    def requester():
        locked.wait(5)
        services.cancellation_request_create(user=user, data=_input(item, reason))
        return time.monotonic()

    # when a request arrives meanwhile
    released_at, created_at = run_each(holder, requester)

    # then it is decided only after the lock is released
    assert isinstance(created_at, float), created_at
    assert created_at >= released_at
    assert CancellationRequest.objects.count() == 1


def test_bulk_requests_in_opposite_orders_do_not_deadlock(user):
    # given two items and two bulk requests naming them in opposite orders
    order = OrderFactory(user=user)
    first, second = OrderItemFactory(order=order), OrderItemFactory(order=order)
    reason = CancellationReasonFactory()

    results = run_each(
        lambda: services.cancellation_requests_bulk_create(
            user=user, entries=[_input(first, reason), _input(second, reason)]
        ),
        lambda: services.cancellation_requests_bulk_create(
            user=user, entries=[_input(second, reason), _input(first, reason)]
        ),
    )

    # then one wins both items, the other gets none (no deadlock error, no half-written bulk)
    won = [r for r in results if isinstance(r, list)]
    lost = [r for r in results if isinstance(r, services.BulkEntryError)]
    assert len(won) == 1 and len(lost) == 1, results
    assert lost[0].error.error_code == "cancellation_request_100_1"
    assert CancellationRequest.objects.count() == 2
    assert {r.order_item_id for r in CancellationRequest.objects.all()} == {first.pk, second.pk}


def test_32_requests_at_once_never_reserve_more_than_the_quantity(user):
    # given 3 units, one already cancelled: two left
    item = OrderItemFactory(order=OrderFactory(user=user), quantity=3)
    reason = CancellationReasonFactory()
    CancellationRequestFactory(order_item=item, quantity=1, status=CancellationRequestStatus.APPROVED)

    # when 32 requests for one or two units run at the same moment
    results = run_each(
        *[
            (lambda q: lambda: services.cancellation_request_create(user=user, data=_input(item, reason, quantity=q)))(
                1 + n % 2
            )
            for n in range(32)
        ]
    )

    # then one is created, every other is refused cleanly, and the units held never exceed the quantity
    created = [r for r in results if isinstance(r, CancellationRequest)]
    assert len(created) == 1, results
    assert all(getattr(r, "error_code", None) == "cancellation_request_100_1" for r in results if r not in created)
    held = sum(r.quantity for r in CancellationRequest.objects.filter(order_item=item))
    assert held <= item.quantity
