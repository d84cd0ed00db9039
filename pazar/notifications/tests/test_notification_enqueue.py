"""notification_enqueue: a row in the caller's transaction, delivered only after it commits."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from pazar.notifications.models import Notification, NotificationStatus
from pazar.notifications.rendering import UnknownNotificationEvent
from pazar.notifications.services import notification_enqueue


class Rollback(Exception):
    """The caller's change failed after the notification was queued."""


@pytest.mark.django_db(transaction=True)
def test_a_notification_rolled_back_with_its_transaction_is_never_sent():
    # given a change that queues an email and then fails
    with pytest.raises(Rollback), transaction.atomic():
        notification_enqueue(kind="email", event="test_message", to="ayse@example.com", context={"name": "Ayşe"})
        raise Rollback

    # then there is no row and nothing was sent
    assert not Notification.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_notification_is_sent_after_commit_not_before():
    # given a change that queues an email
    with transaction.atomic():
        notification = notification_enqueue(
            kind="email", event="test_message", to="ayse@example.com", context={"name": "Ayşe"}
        )
        # then nothing leaves before the commit
        assert mail.outbox == []

    # and the email leaves once the transaction commits
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ayse@example.com"]
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 1
    assert notification.sent_at is not None
    assert notification.next_attempt_at is None


@pytest.mark.django_db(transaction=True)
def test_enqueue_outside_a_transaction_sends_at_once(sms_outbox):
    # when an SMS is queued with no transaction open
    notification = notification_enqueue(kind="sms", event="test_message", to="+905551112233", context={})

    # then it is written and sent
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert [(m.to, m.text) for m in sms_outbox] == [("+905551112233", "pazar test message")]


@pytest.mark.django_db
def test_enqueue_writes_the_rendered_row_for_the_sweeper_to_find(settings):
    # given
    before = timezone.now()

    # when an email is queued and its transaction has not committed yet
    notification = notification_enqueue(
        kind="email", event="test_message", to="john@example.com", context={"name": "John", "message": "Hi!"}
    )

    # then the row holds the rendered content and waits for its task, then for the sweeper
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert notification.subject == "Test message from pazar"
    assert notification.body_text == "Hello John,\n\nThis is a test message from pazar.\n\nHi!"
    assert "<p>Hi!</p>" in notification.body_html
    assert notification.language == "en"
    assert notification.attempts == 0
    assert before + settings.NOTIFICATIONS_STALE_AFTER <= notification.next_attempt_at
    assert notification.next_attempt_at <= timezone.now() + settings.NOTIFICATIONS_STALE_AFTER
    assert notification.masked_content is None
    assert mail.outbox == []


@pytest.mark.django_db
def test_enqueue_links_the_user(user):
    notification = notification_enqueue(kind="email", event="test_message", to=user.email, context={}, user=user)

    assert Notification.objects.get(pk=notification.pk).user == user


@pytest.mark.django_db
def test_an_unknown_event_is_refused_and_writes_nothing():
    with pytest.raises(UnknownNotificationEvent):
        notification_enqueue(kind="email", event="no_such_event", to="a@example.com", context={})

    assert not Notification.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "fax", "to": "a@example.com"}, "kind"),
        ({"kind": "email", "to": ""}, "recipient"),
        ({"kind": "sms", "to": "+905551112233", "attachments": [("a.txt", b"a", "text/plain")]}, "attachments"),
    ],
)
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        notification_enqueue(event="test_message", context={}, **kwargs)

    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_secrets_expire_at_is_ignored_without_secrets():
    notification = notification_enqueue(
        kind="sms",
        event="test_message",
        to="+905551112233",
        context={},
        secrets_expire_at=timezone.now() + timedelta(minutes=3),
    )

    assert notification.secrets_expire_at is None


@pytest.mark.django_db
def test_an_email_names_its_outbox_row_in_a_header(after_commit):
    # when an email is queued and the transaction commits
    with after_commit():
        notification = notification_enqueue(kind="email", event="test_message", to="a@example.com", context={})

    # then the message carries the row's id, so a provider log or a duplicate can be traced to it
    assert mail.outbox[0].extra_headers["X-Pazar-Notification"] == str(notification.pk)
