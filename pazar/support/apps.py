"""Contact-us subjects and submissions."""

from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "pazar.support"
    label = "support"

    def ready(self):
        from pazar.core.erasure import erasure_step_register
        from pazar.support import services

        # The account's erasure (KVKK) runs this app's part too.
        erasure_step_register(
            self.label, lambda person: services.contact_messages_erase(user=person.user, old_email=person.email)
        )
