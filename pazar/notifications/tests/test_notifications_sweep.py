"""The periodic sweep: nothing is lost when a task, a worker or the broker is."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from pazar.celery import app
from pazar.notifications.models import Notification, NotificationStatus
from pazar.notifications.services import notifications_sweep
from pazar.notifications.tests.factories import NotificationFactory


@pytest.mark.django_db
def test_a_pending_row_whose_task_was_lost_is_delivered_by_the_sweep(after_commit):
    # given a row queued three minutes ago whose task never ran (on_commit suppressed)
    queued_at = timezone.now() - timedelta(minutes=3)
    notification = NotificationFactory(next_attempt_at=queued_at + settings.NOTIFICATIONS_STALE_AFTER)
    Notification.objects.filter(pk=notification.pk).update(created_date=queued_at)

    # when the periodic job runs
    with after_commit():
        summary = notifications_sweep()

    # then it is delivered
    assert summary["queued"] == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [notification.to]
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT


@pytest.mark.django_db
def test_a_fresh_pending_row_is_left_to_its_own_task(after_commit):
    # given a row just queued, whose task may still be on its way
    notification = NotificationFactory()

    # when the periodic job runs
    with after_commit():
        summary = notifications_sweep()

    # then it leaves the row alone
    assert summary["queued"] == 0
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert notification.attempts == 0


@pytest.mark.django_db
def test_a_row_stuck_in_sending_is_taken_back_and_delivered(after_commit):
    # given a worker that claimed a row and died
    claimed_at = timezone.now() - settings.NOTIFICATIONS_SENDING_TIMEOUT - timedelta(seconds=5)
    notification = NotificationFactory(
        status=NotificationStatus.SENDING,
        attempts=1,
        claimed_at=claimed_at,
        next_attempt_at=claimed_at + settings.NOTIFICATIONS_SENDING_TIMEOUT,
    )

    # when the periodic job runs
    with after_commit():
        summary = notifications_sweep()

    # then the row is taken back and delivered
    assert summary["reclaimed"] == 1
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 2


@pytest.mark.django_db
def test_a_row_stuck_in_sending_without_attempts_left_is_marked_failed(settings, after_commit):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    notification = NotificationFactory(
        status=NotificationStatus.SENDING, attempts=2, next_attempt_at=timezone.now() - timedelta(seconds=1)
    )

    with after_commit():
        notifications_sweep()

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert "No worker finished" in notification.last_error
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_row_being_sent_right_now_is_left_alone(after_commit):
    now = timezone.now()
    notification = NotificationFactory(
        status=NotificationStatus.SENDING,
        attempts=1,
        claimed_at=now,
        next_attempt_at=now + settings.NOTIFICATIONS_SENDING_TIMEOUT,
    )

    with after_commit():
        summary = notifications_sweep()

    assert summary["reclaimed"] == 0
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENDING
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_queued_row_is_not_queued_again_by_the_next_sweep(django_capture_on_commit_callbacks):
    # given a lost row, and a sweep whose delivery task is itself still waiting in the broker
    notification = NotificationFactory(next_attempt_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=False):
        assert notifications_sweep()["queued"] == 1

    # when the next sweep runs
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        summary = notifications_sweep()

    # then it does not queue the row a second time
    assert summary["queued"] == 0
    assert callbacks == []
    notification.refresh_from_db()
    assert notification.next_attempt_at > timezone.now()


def test_the_sweep_is_scheduled_with_celery_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["notifications-sweep"]

    assert entry["task"] in app.tasks
    assert entry["schedule"] <= settings.NOTIFICATIONS_STALE_AFTER.total_seconds()
