"""Outbox of emails and SMS, templates per event, backends, delivery."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "pazar.notifications"
    label = "notifications"

    def ready(self):
        # Registers the app's tasks by name in every process: its services queue them by name.
        from pazar.notifications import tasks  # noqa: F401
