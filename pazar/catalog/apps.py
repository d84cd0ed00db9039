"""Datasources (sellers), channels, products, images, price and stock lists."""

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "pazar.catalog"
    label = "catalog"

    def ready(self):
        from django.db.models.signals import post_migrate

        from pazar.catalog import versions
        from pazar.core.list_versions import installer

        # The list versions' triggers (versions.py, pazar/core/list_versions.py).
        post_migrate.connect(
            installer(versions.bumps, "catalog-list-versions"),
            sender=self,
            dispatch_uid="catalog-list-versions",
            weak=False,
        )
