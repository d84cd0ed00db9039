"""Loyalty-card service clients (sandbox and HTTP)."""

from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    name = "pazar.loyalty"
    label = "loyalty"

    def ready(self):
        # Registers the app's tasks by name in every process: its services queue them by name.
        from pazar.loyalty import tasks  # noqa: F401
