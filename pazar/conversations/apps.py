"""Conversations and messages between shoppers and sellers."""

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "pazar.conversations"
    label = "conversations"

    def ready(self):
        from django.db.models.signals import post_migrate

        from pazar.conversations import inbox_counts, versions
        from pazar.core.list_versions import installer

        post_migrate.connect(inbox_counts.install, sender=self, dispatch_uid="conversations-inbox-counts")
        # The list versions' triggers (versions.py, pazar/core/list_versions.py).
        post_migrate.connect(
            installer(versions.bumps, "conversations-list-versions"),
            sender=self,
            dispatch_uid="conversations-list-versions",
            weak=False,
        )

        from pazar.conversations.selectors import seller_webhook_secret
        from pazar.notifications.webhooks import webhook_secret_resolver_register

        # The outbox signs a seller's webhooks with the secret its settings hold now.
        webhook_secret_resolver_register(lambda datasource_id: seller_webhook_secret(datasource_id=datasource_id))
