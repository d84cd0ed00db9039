"""Countries, cities, townships, districts and users' addresses."""

from django.apps import AppConfig


class AddressesConfig(AppConfig):
    name = "pazar.addresses"
    label = "addresses"
