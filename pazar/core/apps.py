"""What every endpoint shares."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pazar.core"
    label = "core"

    def ready(self):
        from django.db.models.signals import post_migrate

        from pazar.core import list_versions, lookups, openapi  # noqa: F401  (schema registers the OpenAPI auth extensions)
        from pazar.core.observability import connect_celery_signals

        connect_celery_signals()
        lookups.register()
        # Fills in the list versions' triggers a database made without migrations lacks
        # (pazar/core/list_versions.py: the apps' migrations install them).
        post_migrate.connect(list_versions.ensure, sender=self, dispatch_uid="list-versions-ensure")
