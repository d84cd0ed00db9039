"""Outbox of emails and SMS, templates per event, backends, delivery."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "pazar.notifications"
    label = "notifications"

    def ready(self):
        from pazar.core.erasure import erasure_step_register
        from pazar.notifications import services, tasks  # noqa: F401  (tasks: registered by name)

        # The account's erasure (KVKK) runs this app's part too.
        erasure_step_register(
            self.label,
            lambda person: services.notifications_erase(
                user=person.user, old_email=person.email, old_phone=person.phone
            ),
        )
