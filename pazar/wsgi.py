"""WSGI entry point (gunicorn pazar.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pazar.settings")

application = get_wsgi_application()
