"""Celery tasks of the outbox: deliver one row, and the periodic sweep."""

from celery import shared_task

from pazar.notifications.services import notification_deliver, notifications_sweep


@shared_task(ignore_result=True)
def notification_deliver_task(notification_id: int) -> None:
    """Deliver one notification; failures are recorded on the row and retried by the sweep."""
    notification_deliver(notification_id=notification_id)


@shared_task(ignore_result=True)
def notifications_sweep_task() -> None:
    """Periodic: deliver rows whose task was lost or whose retry is due; mask expired secrets."""
    notifications_sweep()
