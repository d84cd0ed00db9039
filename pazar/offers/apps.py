"""The account's offers pages: basket offers (pazar owns no promotions) and the discounts of past orders."""

from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "pazar.offers"
    label = "offers"
