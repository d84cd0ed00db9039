"""A newsletter subscription: one row per address (any case), with the consent that made it."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from pazar.core.models import BaseModel


class SubscriptionStatus(models.TextChoices):
    """Where an address stands: waiting for its confirmation (double opt-in), subscribed, or not any more."""

    PENDING = "pending", _("waiting for confirmation")
    SUBSCRIBED = "subscribed", _("subscribed")
    UNSUBSCRIBED = "unsubscribed", _("unsubscribed")


class ConsentSource(models.TextChoices):
    """Where the consent was given."""

    FORM = "form", _("newsletter form")
    PROFILE = "profile", _("profile (email permission)")


class EmailSubscription(BaseModel):
    """An address on the shop's newsletter list and the consent behind it.

    The consent fields record the latest request that gave it: where (the newsletter form, or the
    account's email permission in its profile), when, from which client address and browser, which
    version of the consent text (NEWSLETTER_CONSENT_VERSION), and who asked (the logged-in shopper,
    or nobody for a visitor). With double opt-in the address counts as subscribed
    only once `confirmed_at` is set by the emailed link; only the SHA-256 of that link's token is kept.
    """

    email = models.EmailField(_("email address"), max_length=254)
    status = models.CharField(max_length=16, choices=SubscriptionStatus.choices, default=SubscriptionStatus.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The logged-in shopper who asked (empty: a visitor)."),
    )
    consent_source = models.CharField(max_length=16, choices=ConsentSource.choices, default=ConsentSource.FORM)
    consent_text_version = models.CharField(_("consent text version"), max_length=64)
    consented_at = models.DateTimeField(_("consent given at"))
    consent_ip = models.CharField(_("consent client address"), max_length=64, blank=True, default="")
    consent_user_agent = models.CharField(_("consent browser"), max_length=512, blank=True, default="")
    language = models.CharField(max_length=10, blank=True, default="")
    confirmed_at = models.DateTimeField(_("subscribed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    notification_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            # One row per address whatever its case: two requests at once cannot make two.
            models.UniqueConstraint(Lower("email"), name="preferences_subscription_email_ci_unique"),
        ]

    def __str__(self):
        return f"{self.email} ({self.status})"
