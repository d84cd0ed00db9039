"""Conversations and messages between shoppers and sellers."""

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "pazar.conversations"
    label = "conversations"

    def ready(self):
        from django.db.models.signals import post_migrate

        from pazar.conversations import inbox_counts, versions
        from pazar.core import list_versions

        post_migrate.connect(inbox_counts.install, sender=self, dispatch_uid="conversations-inbox-counts")
        # The list versions' triggers, installed by this app's migrations (pazar/core/list_versions.py).
        list_versions.register(self.label, versions.bumps)
