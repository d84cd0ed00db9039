"""Celery application: a broker when REDIS_URL is set, inline execution otherwise."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pazar.settings")

app = Celery("pazar")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
