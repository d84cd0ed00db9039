"""Reads for notifications: the outbox listing and the active template overrides."""

from django.db.models import QuerySet

from pazar.notifications.models import Notification, NotificationTemplate


def notification_list(
    *, kind: str | None = None, to: str | None = None, status: str | None = None
) -> QuerySet[Notification]:
    """The outbox, newest first, optionally for one channel, one recipient (any case) and one status."""
    notifications = Notification.objects.order_by("-created_date", "-id")
    if status:
        notifications = notifications.filter(status=status)
    if kind:
        notifications = notifications.filter(kind=kind)
    if to:
        notifications = notifications.filter(to__iexact=to)
    return notifications


def notification_template_override(*, event: str, channel: str, language: str) -> NotificationTemplate | None:
    """The staff's active override of an event's template for a channel and language, if any."""
    return NotificationTemplate.objects.filter(event=event, channel=channel, language=language, is_active=True).first()
