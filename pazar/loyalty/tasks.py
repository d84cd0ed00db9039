"""Background synchronisation of loyalty accounts."""

from celery import shared_task

from pazar.loyalty.services import loyalty_credit_push, loyalty_credits_due, loyalty_sync, loyalty_sync_due


@shared_task(ignore_result=True)
def loyalty_sync_task(account_id: int) -> None:
    """Try one account now; failures are retried by `loyalty_sync_due_task`."""
    loyalty_sync(account_id=account_id)


@shared_task(ignore_result=True)
def loyalty_sync_due_task() -> None:
    """Periodic: push every account, and every owed credit, whose retry time has come."""
    loyalty_sync_due()
    loyalty_credits_due()


@shared_task(ignore_result=True)
def loyalty_credit_task(credit_id: int) -> None:
    """Push one owed credit now; failures are retried by `loyalty_sync_due_task`."""
    loyalty_credit_push(credit_id=credit_id)
