"""Orders, items, cancellation and refund requests, easy return, old orders, trade-in."""

from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "pazar.orders"
    label = "orders"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from pazar.core import list_versions
        from pazar.orders import list_versions as versions
        from pazar.orders.builders import Companies
        from pazar.orders.models import EasyReturnShippingCompany

        # The list versions' triggers, installed by this app's migrations (pazar/core/list_versions.py).
        list_versions.register(self.label, versions.bumps)
        # Cache invalidation only: the order pages keep the easy-return companies in the cache.
        post_save.connect(Companies.changed, sender=EasyReturnShippingCompany, dispatch_uid="companies-saved")
        post_delete.connect(Companies.changed, sender=EasyReturnShippingCompany, dispatch_uid="companies-deleted")
        m2m_changed.connect(
            Companies.changed, sender=EasyReturnShippingCompany.datasources.through, dispatch_uid="companies-sellers"
        )

        from pazar.core.erasure import erasure_step_register
        from pazar.orders import services

        # The account's erasure (KVKK) runs this app's part too.
        erasure_step_register(self.label, lambda person: services.orders_erase(user=person.user))
