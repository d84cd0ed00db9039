"""Celery tasks every deployment runs: the worker heartbeat that `/health/ready/` reads."""

from celery import shared_task

from pazar.core.readiness import record_worker_heartbeat


@shared_task(ignore_result=True)
def worker_heartbeat_task() -> None:
    """Periodic (beat): proves a worker takes tasks from the broker."""
    record_worker_heartbeat()
