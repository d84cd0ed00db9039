"""A user's loyalty-card account and its pending synchronisation (an outbox of its own)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pazar.core.models import BaseModel


class LoyaltyStatus(models.TextChoices):
    """Where the card stands with the loyalty-card service."""

    PENDING = "pending", _("pending")
    ACTIVE = "active", _("active")
    FAILED = "failed", _("failed")


class LoyaltyAccount(BaseModel):
    """The link between a user and a card; `pending_sync` holds changes the service has not seen yet."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="loyalty_account")
    card_number = models.CharField(max_length=64, null=True, blank=True, unique=True)
    status = models.CharField(max_length=16, choices=LoyaltyStatus.choices, default=LoyaltyStatus.PENDING)
    pending_sync = models.JSONField(default=dict, blank=True)
    needs_card = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.TextField(blank=True, default="")
    last_synced_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.user} ({self.card_number or self.status})"


class LoyaltyCredit(BaseModel):
    """Loyalty money owed to a card (a refund taken as loyalty money): an outbox row, pushed after
    commit and retried until the service has it; `reference` makes the push safe to repeat."""

    account = models.ForeignKey(LoyaltyAccount, on_delete=models.CASCADE, related_name="credits")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    order_number = models.CharField(max_length=64, blank=True, default="")
    reference = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.TextField(blank=True, default="")

    def __str__(self):
        return f"{self.amount} to {self.account} ({self.reference})"


class SandboxLoyaltyTransaction(BaseModel):
    """The sandbox service's own ledger (the demo and tests): what it holds per card."""

    card_number = models.CharField(max_length=64, db_index=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    order_number = models.CharField(max_length=64, blank=True, default="")
    reference = models.CharField(max_length=64, unique=True)

    def __str__(self):
        return f"{self.amount} on {self.card_number}"
