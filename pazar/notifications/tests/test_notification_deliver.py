"""notification_deliver: sent once, failures retried with backoff, then marked failed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from pazar.core.testing import run_together
from pazar.notifications.models import Notification, NotificationStatus
from pazar.notifications.services import notification_deliver, notification_enqueue, notifications_sweep
from pazar.notifications.tests.factories import NotificationFactory

BROKEN_SMS = "pazar.notifications.tests.backends.BrokenSmsBackend"
BROKEN_EMAIL = "pazar.notifications.tests.backends.BrokenEmailBackend"


def _assert_next_attempt_in(notification: Notification, *, seconds: int, after) -> None:
    delay = notification.next_attempt_at - after
    assert timedelta(seconds=seconds) <= delay <= timedelta(seconds=seconds + 5), delay


@pytest.mark.django_db
def test_a_provider_failure_is_retried_with_backoff_then_marked_failed(settings, after_commit, make_due, sms_outbox):
    # given an SMS gateway that is down, three attempts and a 10 s first delay
    settings.SMS_BACKEND = BROKEN_SMS
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 10

    # when an SMS is queued and committed
    before = timezone.now()
    with after_commit():
        notification = notification_enqueue(kind="sms", event="test_message", to="+905551112233", context={})

    # then the first attempt failed and the next one waits 10 s
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert notification.attempts == 1
    assert notification.last_error == "SmsDeliveryError: gateway down"
    _assert_next_attempt_in(notification, seconds=10, after=before)

    # when the retry comes due and the sweeper runs, the second failure waits twice as long
    make_due(notification)
    before = timezone.now()
    with after_commit():
        notifications_sweep()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert notification.attempts == 2
    _assert_next_attempt_in(notification, seconds=20, after=before)

    # and the third failure is the last one
    make_due(notification)
    with after_commit():
        notifications_sweep()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 3
    assert notification.next_attempt_at is None
    assert notification.last_error == "SmsDeliveryError: gateway down"

    # and a failed row is not picked up again
    with after_commit():
        notifications_sweep()
    notification.refresh_from_db()
    assert notification.attempts == 3
    assert sms_outbox == []


@pytest.mark.django_db
def test_an_email_server_failure_is_recorded_and_retried_once_it_is_back(settings, after_commit, make_due):
    # given an SMTP server that drops the connection
    settings.EMAIL_BACKEND = BROKEN_EMAIL
    with after_commit():
        notification = notification_enqueue(kind="email", event="test_message", to="a@example.com", context={})
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert notification.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"

    # when the server is back and the retry comes due
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_due(notification)
    with after_commit():
        notifications_sweep()

    # then the email is sent on the second attempt
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 2
    assert notification.last_error == ""
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_delivering_the_same_row_twice_sends_once():
    # given a queued email
    notification = NotificationFactory()

    # when two tasks deliver it one after the other
    first = notification_deliver(notification_id=notification.pk)
    second = notification_deliver(notification_id=notification.pk)

    # then only the first sent it
    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.attempts == 1


@pytest.mark.django_db
def test_a_missing_row_is_not_delivered():
    assert notification_deliver(notification_id=987654) is False


WORKERS = 32


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locking across connections")
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_delivering_the_same_row_send_once():
    # given a queued email whose task has not run
    notification = NotificationFactory()

    # when eight workers, each on its own connection, deliver it at the same moment
    results = run_together(lambda _index: notification_deliver(notification_id=notification.pk), WORKERS)

    # then exactly one of them sent it, once
    assert sorted(results) == [False] * (WORKERS - 1) + [True]
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 1
