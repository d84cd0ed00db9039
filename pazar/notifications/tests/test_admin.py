"""The outbox in the admin: filters, search, the retry action; template overrides are checked."""

import pytest
from django.core import mail
from django.urls import reverse

from pazar.notifications.models import NotificationStatus, NotificationTemplate
from pazar.notifications.services import notification_enqueue
from pazar.notifications.tests.factories import NotificationFactory

CHANGELIST = "admin:notifications_notification_changelist"


@pytest.mark.django_db
def test_the_outbox_lists_filters_and_searches(admin_client):
    NotificationFactory(to="ayse@example.com", status=NotificationStatus.FAILED, last_error="boom")
    NotificationFactory(to="john@example.com")

    response = admin_client.get(
        reverse(CHANGELIST), {"status__exact": "failed", "kind__exact": "email", "event": "test_message", "q": "ayse"}
    )

    assert response.status_code == 200
    assert "ayse@example.com" in response.content.decode()
    assert "john@example.com" not in response.content.decode()


@pytest.mark.django_db
def test_a_notification_page_shows_the_error(admin_client):
    notification = NotificationFactory(status=NotificationStatus.FAILED, last_error="SMTP said no")

    response = admin_client.get(reverse("admin:notifications_notification_change", args=[notification.pk]))

    assert response.status_code == 200
    assert "SMTP said no" in response.content.decode()


@pytest.mark.django_db
def test_the_retry_action_sends_a_failed_notification_again_but_not_a_sent_one(admin_client, after_commit):
    # given a failed email and a sent one
    failed = NotificationFactory(status=NotificationStatus.FAILED, attempts=5, last_error="down", next_attempt_at=None)
    sent = NotificationFactory(status=NotificationStatus.SENT, attempts=1)

    # when staff retry both
    with after_commit():
        response = admin_client.post(
            reverse(CHANGELIST), {"action": "retry", "_selected_action": [failed.pk, sent.pk]}, follow=True
        )

    # then the failed one is sent with a fresh count, and the sent one is not sent again
    assert response.status_code == 200
    assert "1 notification queued again." in response.content.decode()
    assert [m.to for m in mail.outbox] == [[failed.to]]
    failed.refresh_from_db()
    assert failed.status == NotificationStatus.SENT
    assert failed.attempts == 1


@pytest.mark.django_db
def test_a_template_override_with_a_syntax_error_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:notifications_notificationtemplate_add"),
        {
            "event": "test_message",
            "channel": "email",
            "language": "tr",
            "subject": "Merhaba",
            "body_text": "{% if %}",
            "body_html": "",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert not NotificationTemplate.objects.exists()


@pytest.mark.django_db
def test_a_template_override_saved_in_the_admin_is_used(admin_client):
    response = admin_client.post(
        reverse("admin:notifications_notificationtemplate_add"),
        {
            "event": "test_message",
            "channel": "email",
            "language": "tr",
            "subject": "Yeni konu",
            "body_text": "Selam {{ name }}",
            "body_html": "",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    notification = notification_enqueue(
        kind="email", event="test_message", to="a@example.com", context={"name": "Ayşe"}, language="tr"
    )
    assert (notification.subject, notification.body_text) == ("Yeni konu", "Selam Ayşe")
