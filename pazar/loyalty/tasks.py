"""Background synchronisation of loyalty accounts."""

from celery import shared_task

from pazar.loyalty.services import loyalty_sync, loyalty_sync_due


@shared_task(ignore_result=True)
def loyalty_sync_task(account_id: int) -> None:
    """Try one account now; failures are retried by `loyalty_sync_due_task`."""
    loyalty_sync(account_id=account_id)


@shared_task(ignore_result=True)
def loyalty_sync_due_task() -> None:
    """Periodic: push every account whose retry time has come."""
    loyalty_sync_due()
