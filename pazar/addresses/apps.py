"""Countries, cities, townships, districts and users' addresses."""

from django.apps import AppConfig


class AddressesConfig(AppConfig):
    name = "pazar.addresses"
    label = "addresses"

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from pazar.addresses import selectors
        from pazar.addresses.models import City, Country, District, Township

        # Cache invalidation only: a changed place drops the cached location pages, now and again once
        # committed (a page read meanwhile, before the commit, would have cached the old rows).
        def changed(sender, **kwargs):
            selectors.locations_changed()
            transaction.on_commit(selectors.locations_changed)

        for model in (Country, City, Township, District):
            post_save.connect(changed, sender=model, dispatch_uid=f"locations-changed-{model.__name__}")
            post_delete.connect(changed, sender=model, dispatch_uid=f"locations-deleted-{model.__name__}")

        from pazar.addresses import services
        from pazar.core.erasure import erasure_step_register

        # The account's erasure (KVKK) runs this app's part too.
        erasure_step_register(self.label, lambda person: services.addresses_erase(user=person.user))
