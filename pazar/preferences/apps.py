"""The shopper's preferences outside the profile: the newsletter subscription and the active currency."""

from django.apps import AppConfig


class PreferencesConfig(AppConfig):
    name = "pazar.preferences"
    label = "preferences"

    def ready(self):
        from pazar.core.erasure import erasure_step_register
        from pazar.preferences import services

        # The account's erasure (KVKK) runs this app's part too.
        erasure_step_register(
            self.label, lambda person: services.subscriptions_erase(email=person.email, user=person.user)
        )
