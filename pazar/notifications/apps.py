"""Outbox of emails and SMS, templates per event, backends, delivery."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "pazar.notifications"
    label = "notifications"
