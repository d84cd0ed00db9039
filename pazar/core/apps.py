"""What every endpoint shares."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pazar.core"
    label = "core"

    def ready(self):
        from pazar.core import lookups, schema  # noqa: F401  (schema registers the OpenAPI auth extensions)
        from pazar.core.observability import connect_celery_signals

        connect_celery_signals()
        lookups.register()
