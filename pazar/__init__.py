"""pazar: customer-account and marketplace-conversation API."""

from .celery import app as celery_app

__all__ = ("celery_app",)
