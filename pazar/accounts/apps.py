"""Users, login, registration, sessions and tokens."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pazar.accounts"
    label = "accounts"

    def ready(self):
        # Registers the app's tasks by name in every process: its services queue them by name.
        from pazar.accounts import tasks  # noqa: F401
