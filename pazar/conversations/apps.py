"""Conversations and messages between shoppers and sellers."""

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "pazar.conversations"
    label = "conversations"

    def ready(self):
        from django.db.models.signals import post_migrate

        from pazar.conversations import inbox_counts

        post_migrate.connect(inbox_counts.install, sender=self, dispatch_uid="conversations-inbox-counts")
