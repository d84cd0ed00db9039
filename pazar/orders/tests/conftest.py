"""Fixtures of the orders tests: reasons, an order of the logged-in user, another user's order."""

import pytest

from pazar.orders.models import CancellationType
from pazar.orders.tests.factories import (
    CancellationReasonFactory,
    OrderFactory,
    OrderItemFactory,
)


@pytest.fixture(autouse=True)
def _fast_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def cancel_reason(db):
    return CancellationReasonFactory(cancellation_type=CancellationType.CANCEL)


@pytest.fixture
def refund_reason(db):
    return CancellationReasonFactory(cancellation_type=CancellationType.REFUND)


@pytest.fixture
def order(user):
    return OrderFactory(user=user)


@pytest.fixture
def item(order):
    """A waiting (cancellable) item of the logged-in user's order."""
    return OrderItemFactory(order=order)


@pytest.fixture
def delivered_item(order):
    """An item of the logged-in user delivered just now (refundable)."""
    return OrderItemFactory(order=order, delivered=True)


@pytest.fixture
def other_item(other_user):
    return OrderItemFactory(order=OrderFactory(user=other_user))
