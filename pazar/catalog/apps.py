"""Datasources (sellers), channels, products, images, price and stock lists."""

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "pazar.catalog"
    label = "catalog"

    def ready(self):
        from pazar.catalog import list_versions as versions
        from pazar.core import list_versions

        # The list versions' triggers, installed by this app's migrations (pazar/core/list_versions.py).
        list_versions.register(self.label, versions.bumps)
