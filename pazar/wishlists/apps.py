"""A shopper's favourite products and back-in-stock alerts (/wishlists/...)."""

from django.apps import AppConfig


class WishlistsConfig(AppConfig):
    name = "pazar.wishlists"
    label = "wishlists"
    verbose_name = "Wishlists"
