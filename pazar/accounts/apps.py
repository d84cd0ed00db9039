"""Users, login, registration, sessions and tokens."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pazar.accounts"
    label = "accounts"
