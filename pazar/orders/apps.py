"""Orders, items, cancellation and refund requests, easy return, old orders, trade-in."""

from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "pazar.orders"
    label = "orders"

    def ready(self):
        from django.db.models.signals import post_migrate

        from pazar.core.list_versions import installer
        from pazar.orders import versions

        # The list versions' triggers (versions.py, pazar/core/list_versions.py).
        post_migrate.connect(
            installer(versions.bumps, "orders-list-versions"),
            sender=self,
            dispatch_uid="orders-list-versions",
            weak=False,
        )
