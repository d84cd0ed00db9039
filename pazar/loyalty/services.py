"""Writes for loyalty accounts: open a card, queue field changes, synchronise with retries."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from pazar.core.jobs import job_enqueue_on_commit
from pazar.loyalty.clients import LoyaltyServiceError, loyalty_client
from pazar.loyalty.models import LoyaltyAccount, LoyaltyCredit, LoyaltyStatus

SYNC_FIELDS = ("first_name", "last_name", "email", "phone", "date_of_birth", "gender", "email_allowed", "sms_allowed")
SYNC_TASK = "pazar.loyalty.tasks.loyalty_sync_task"
CREDIT_TASK = "pazar.loyalty.tasks.loyalty_credit_task"
RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 3600


def _card_fields(user) -> dict:
    return {name: getattr(user, name) for name in SYNC_FIELDS}


def _schedule_sync(account_id: int) -> None:
    # With the broker down the change is still saved; the periodic job syncs it later.
    job_enqueue_on_commit(SYNC_TASK, account_id)


def loyalty_account_open(*, user) -> LoyaltyAccount:
    """Ask for a card for `user`: saved now, created with the service after commit (retried if down)."""
    # next_attempt_at = now: if the task after commit is lost (broker down), the periodic job finds it.
    now = timezone.now()
    account, _created = LoyaltyAccount.objects.get_or_create(
        user=user, defaults={"needs_card": True, "next_attempt_at": now}
    )
    if account.card_number is None and not account.needs_card:
        account.needs_card = True
        account.next_attempt_at = now
        account.save(update_fields=["needs_card", "next_attempt_at", "modified_date"])
    _schedule_sync(account.pk)
    return account


def loyalty_changes_enqueue(*, user, fields: list[str]) -> LoyaltyAccount | None:
    """Queue the changed profile fields for the user's card, if they have one."""
    account = LoyaltyAccount.objects.select_for_update().filter(user=user).first()
    if account is None:
        return None
    values = {name: getattr(user, name) for name in fields if name in SYNC_FIELDS}
    if not values:
        return account
    account.pending_sync = {**account.pending_sync, **{k: _jsonable(v) for k, v in values.items()}}
    account.next_attempt_at = timezone.now()
    account.save(update_fields=["pending_sync", "next_attempt_at", "modified_date"])
    _schedule_sync(account.pk)
    return account


def _jsonable(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def loyalty_sync(*, account_id: int) -> bool:
    """Create the card and/or push pending changes; on failure, back off and leave it pending."""
    with transaction.atomic():
        account = (
            LoyaltyAccount.objects.select_for_update(skip_locked=True)
            .select_related("user")
            .filter(pk=account_id)
            .first()
        )
        if account is None or (not account.needs_card and not account.pending_sync):
            return False
        try:
            client = loyalty_client()
            if account.needs_card:
                account.card_number = client.create_card(user=account.user, fields=_jsonable_dict(account.user))
                account.needs_card = False
                account.pending_sync = {}
            if account.pending_sync:
                client.update_card(card_number=account.card_number, fields=account.pending_sync)
                account.pending_sync = {}
        except LoyaltyServiceError as exc:
            account.attempts += 1
            delay = min(RETRY_BASE_SECONDS * 2 ** (account.attempts - 1), RETRY_MAX_SECONDS)
            account.next_attempt_at = timezone.now() + timedelta(seconds=delay)
            account.last_error = str(exc)[:2000]
            account.save(
                update_fields=[
                    "card_number",
                    "needs_card",
                    "pending_sync",
                    "attempts",
                    "next_attempt_at",
                    "last_error",
                    "modified_date",
                ]
            )
            return False
        account.status = LoyaltyStatus.ACTIVE
        account.attempts = 0
        account.next_attempt_at = None
        account.last_error = ""
        account.last_synced_at = timezone.now()
        account.save(
            update_fields=[
                "card_number",
                "needs_card",
                "pending_sync",
                "status",
                "attempts",
                "next_attempt_at",
                "last_error",
                "last_synced_at",
                "modified_date",
            ]
        )
        return True


def _jsonable_dict(user) -> dict:
    return {k: _jsonable(v) for k, v in _card_fields(user).items()}


def loyalty_sync_due(*, limit: int = 500) -> int:
    """Retry every account whose next attempt is due (the periodic job); returns how many synced."""
    due = LoyaltyAccount.objects.filter(next_attempt_at__lte=timezone.now()).values_list("pk", flat=True)[:limit]
    return sum(1 for pk in list(due) if loyalty_sync(account_id=pk))


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(RETRY_BASE_SECONDS * 2 ** (attempts - 1), RETRY_MAX_SECONDS))


def loyalty_credit_enqueue(*, user, amount, order_number: str, reference: str) -> LoyaltyCredit | None:
    """Owe `amount` of loyalty money to the user's card (in the caller's transaction), pushed after commit.

    None when the user has no loyalty account: there is no card to credit. The same `reference`
    twice is one credit."""
    account = LoyaltyAccount.objects.filter(user=user).first()
    if account is None or amount <= 0:
        return None
    credit, created = LoyaltyCredit.objects.get_or_create(
        reference=reference,
        defaults={
            "account": account,
            "amount": amount,
            "order_number": order_number,
            "next_attempt_at": timezone.now(),
        },
    )
    if created:
        job_enqueue_on_commit(CREDIT_TASK, credit.pk)
    return credit


def loyalty_credit_push(*, credit_id: int) -> bool:
    """Send one owed credit to the service (once the card exists); on failure, back off and keep it."""
    with transaction.atomic():
        credit = (
            LoyaltyCredit.objects.select_for_update(skip_locked=True)
            .select_related("account")
            .filter(pk=credit_id, sent_at__isnull=True)
            .first()
        )
        if credit is None:
            return False
        try:
            if not credit.account.card_number:
                raise LoyaltyServiceError("the card does not exist yet")
            loyalty_client().credit(
                card_number=credit.account.card_number,
                amount=credit.amount,
                order_number=credit.order_number,
                reference=credit.reference,
            )
        except LoyaltyServiceError as exc:
            credit.attempts += 1
            credit.next_attempt_at = timezone.now() + _backoff(credit.attempts)
            credit.last_error = str(exc)[:2000]
            credit.save(update_fields=["attempts", "next_attempt_at", "last_error", "modified_date"])
            return False
        credit.sent_at = timezone.now()
        credit.next_attempt_at = None
        credit.last_error = ""
        credit.save(update_fields=["sent_at", "next_attempt_at", "last_error", "modified_date"])
        return True


def loyalty_credits_due(*, limit: int = 500) -> int:
    """Retry every owed credit whose next attempt is due (the periodic job); returns how many were sent."""
    due = LoyaltyCredit.objects.filter(sent_at__isnull=True, next_attempt_at__lte=timezone.now())
    return sum(1 for pk in list(due.values_list("pk", flat=True)[:limit]) if loyalty_credit_push(credit_id=pk))


def loyalty_account_erase(*, user) -> None:
    """The account's erasure (KVKK): its loyalty account goes."""
    LoyaltyAccount.objects.filter(user=user).delete()
