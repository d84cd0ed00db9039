"""Background jobs of the accounts app."""

from celery import shared_task

from pazar.accounts.lifecycle.services import password_reset_deferred_sweep, password_reset_send


@shared_task(ignore_result=True)
def password_reset_send_task(email: str) -> None:
    """Look the address up and email its reset link, away from the request (its time reveals nothing)."""
    password_reset_send(email=email)


@shared_task(ignore_result=True)
def password_reset_deferred_sweep_task() -> None:
    """Periodic: send the resets requested while the broker was unreachable."""
    password_reset_deferred_sweep()
