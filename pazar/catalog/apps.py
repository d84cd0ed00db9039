"""Datasources (sellers), channels, products, images, price and stock lists."""

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "pazar.catalog"
    label = "catalog"
