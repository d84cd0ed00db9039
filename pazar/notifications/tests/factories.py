"""Factories for outbox rows and template overrides."""

import factory
from django.conf import settings
from django.utils import timezone

from pazar.notifications.models import Notification, NotificationKind, NotificationStatus, NotificationTemplate


class NotificationFactory(factory.django.DjangoModelFactory):
    """A queued email as `notification_enqueue` writes it, before its task has run."""

    class Meta:
        model = Notification

    kind = NotificationKind.EMAIL
    event = "test_message"
    to = factory.Sequence(lambda n: f"recipient{n}@example.com")
    language = "en"
    subject = "Test message from pazar"
    body_text = factory.Sequence(lambda n: f"Body number {n}")
    status = NotificationStatus.PENDING
    next_attempt_at = factory.LazyFunction(lambda: timezone.now() + settings.NOTIFICATIONS_STALE_AFTER)


class NotificationTemplateFactory(factory.django.DjangoModelFactory):
    """A staff override of the test event's email in English."""

    class Meta:
        model = NotificationTemplate

    event = "test_message"
    channel = NotificationKind.EMAIL
    language = "en"
    subject = "Overridden subject"
    body_text = "Overridden body for {{ name }}"
    body_html = "<p>Overridden body for {{ name }}</p>"
    is_active = True
