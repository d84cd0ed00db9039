"""The shopper's preferences outside the profile: the newsletter subscription and the active currency."""

from django.apps import AppConfig


class PreferencesConfig(AppConfig):
    name = "pazar.preferences"
    label = "preferences"
