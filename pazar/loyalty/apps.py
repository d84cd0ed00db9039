"""Loyalty-card service clients (sandbox and HTTP)."""

from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    name = "pazar.loyalty"
    label = "loyalty"
