"""Conversations and messages between shoppers and sellers."""

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "pazar.conversations"
    label = "conversations"
