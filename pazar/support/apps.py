"""Contact-us subjects and submissions."""

from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "pazar.support"
    label = "support"
