"""Fixtures for the outbox tests: a clean SMS outbox, running after-commit callbacks, due rows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pazar.notifications import sms
from pazar.notifications.models import Notification


@pytest.fixture(autouse=True)
def sms_outbox():
    """The SMS the locmem backend sent during the test."""
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """A block whose on_commit callbacks (delivery tasks) run when it ends, as after a real commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def make_due():
    """Move a row's next look by the sweeper into the past, as if time had passed."""

    def _make_due(notification: Notification) -> None:
        Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))

    return _make_due
