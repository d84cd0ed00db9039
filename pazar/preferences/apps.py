"""The shopper's preferences outside the profile: the newsletter subscription and the active currency."""

from django.apps import AppConfig


class PreferencesConfig(AppConfig):
    name = "pazar.preferences"
    label = "preferences"

    def ready(self):
        from pazar.accounts.signals import email_permission_changed
        from pazar.core.erasure import erasure_step_register
        from pazar.preferences import services

        # The account's erasure (KVKK) runs this app's part too.
        erasure_step_register(
            self.label, lambda person: services.subscriptions_erase(email=person.email, user=person.user)
        )
        # The login address's subscription follows the profile's email permission.
        email_permission_changed.connect(
            lambda sender, user, allowed, **kwargs: services.subscription_from_profile(user=user, allowed=allowed),
            weak=False,
            dispatch_uid="preferences-subscription-from-profile",
        )
