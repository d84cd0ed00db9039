"""Loyalty-card service clients (sandbox and HTTP)."""

from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    name = "pazar.loyalty"
    label = "loyalty"

    def ready(self):
        from pazar.core.erasure import erasure_step_register
        from pazar.loyalty import services, tasks  # noqa: F401  (tasks: registered by name)

        # The account's erasure (KVKK) runs this app's part too.
        erasure_step_register(self.label, lambda person: services.loyalty_account_erase(user=person.user))
