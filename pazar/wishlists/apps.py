"""A shopper's favourite products and back-in-stock alerts (/wishlists/...)."""

from django.apps import AppConfig


class WishlistsConfig(AppConfig):
    name = "pazar.wishlists"
    label = "wishlists"
    verbose_name = "Wishlists"

    def ready(self):
        from pazar.catalog.signals import product_back_in_stock
        from pazar.wishlists import services

        # Open stock alerts are answered when their product comes back (catalog.services.product_stock_set).
        product_back_in_stock.connect(
            lambda sender, product, **kwargs: services.product_alerts_answer(product=product),
            weak=False,
            dispatch_uid="wishlists-alerts-answer",
        )
