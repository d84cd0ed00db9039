"""Conversations and messages between shoppers and sellers."""

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "pazar.conversations"
    label = "conversations"

    def ready(self):
        from django.db.models.signals import post_migrate

        from pazar.conversations import inbox_counts
        from pazar.conversations import list_versions as versions
        from pazar.core import list_versions

        post_migrate.connect(inbox_counts.install, sender=self, dispatch_uid="conversations-inbox-counts")
        # The list versions' triggers, installed by this app's migrations (pazar/core/list_versions.py).
        list_versions.register(self.label, versions.bumps)

        from pazar.conversations.selectors import seller_webhook_secret
        from pazar.notifications.webhooks import webhook_secret_resolver_register

        # The outbox signs a seller's webhooks with the secret its settings hold now.
        webhook_secret_resolver_register(lambda datasource_id: seller_webhook_secret(datasource_id=datasource_id))
