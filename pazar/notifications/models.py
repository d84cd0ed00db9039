"""The outbox of emails and SMS, their attachments, and staff overrides of the templates."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pazar.core.models import BaseModel
from pazar.notifications.storage import private_storage


class NotificationKind(models.TextChoices):
    """The channel a notification travels on."""

    EMAIL = "email", _("email")
    SMS = "sms", _("SMS")
    WEBHOOK = "webhook", _("webhook")


class NotificationStatus(models.TextChoices):
    """Where a row is in delivery.

    pending → sending (claimed by one worker) → sent, or back to pending with a later
    `next_attempt_at` after a failure, or failed once the attempts run out. A row stuck in
    sending past its timeout is taken back to pending by the sweeper.
    """

    PENDING = "pending", _("pending")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class Notification(BaseModel):
    """One email or SMS, rendered when it was queued, written in the transaction that caused it."""

    kind = models.CharField(max_length=8, choices=NotificationKind.choices)
    event = models.CharField(max_length=64)
    to = models.CharField(_("recipient"), max_length=254)
    reply_to = models.EmailField(_("reply to"), blank=True, help_text=_("Email only: where a reply goes."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    language = models.CharField(max_length=10)
    subject = models.CharField(max_length=255, blank=True)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=NotificationStatus.choices, default=NotificationStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # When the sweeper should look at the row next: a pending row nobody delivered, a retry
    # whose backoff has passed, or a sending row whose worker vanished.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # One-time secrets (codes) in the body: the same content rendered with them masked waits here
    # until they expire or are used, then replaces the clear text. The raw values are kept nowhere else.
    masked_content = models.JSONField(null=True, blank=True, editable=False)
    secrets_expire_at = models.DateTimeField(null=True, blank=True)
    secrets_masked_at = models.DateTimeField(null=True, blank=True)
    # Webhooks: the seller whose secret signs each attempt (read at send time, never copied here).
    datasource = models.ForeignKey(
        "catalog.DataSource", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Grouped emails (a digest): rows of one group gather items while they wait; `payload` keeps
    # the context they are rendered from.
    group_key = models.CharField(max_length=64, blank=True, default="")
    payload = models.JSONField(null=True, blank=True, editable=False)
    # The X-Request-ID of the request (or task) that wrote the row: matches it with the JSON logs.
    request_id = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        indexes = [
            # The sweeper's query; sent and failed rows, the bulk of the table, stay out of it.
            models.Index(
                fields=["status", "next_attempt_at"],
                condition=Q(status__in=[NotificationStatus.PENDING, NotificationStatus.SENDING]),
                name="notif_sweep_idx",
            ),
            models.Index(fields=["to", "-created_date"], name="notif_to_created_idx"),
            models.Index(
                fields=["secrets_expire_at"], condition=Q(masked_content__isnull=False), name="notif_unmasked_idx"
            ),
            models.Index(fields=["group_key", "-id"], condition=~Q(group_key=""), name="notif_group_idx"),
        ]

    def __str__(self):
        return f"{self.kind} {self.event} to {self.to} ({self.status})"


def attachment_path(instance, filename: str) -> str:
    """A name that reveals nothing of the file: the original name is kept in the row."""
    return timezone.now().strftime(f"notifications/%Y/%m/{uuid.uuid4().hex}")


class NotificationAttachment(models.Model):
    """A file that travels with an email, stored where no web server serves it."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=127)
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=255)

    def __str__(self):
        return self.filename


class NotificationTemplate(BaseModel):
    """A staff override of an event's template for one channel and language; the files are the fallback."""

    event = models.CharField(max_length=64)
    channel = models.CharField(max_length=8, choices=NotificationKind.choices)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(max_length=255, blank=True, help_text=_("Email only. Django template syntax."))
    body_text = models.TextField(help_text=_("The plain-text email body, or the SMS text."))
    body_html = models.TextField(
        blank=True, help_text=_("Email only; leave empty to send the plain text without an HTML part.")
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "channel", "language"], name="notif_template_unique"),
        ]

    def __str__(self):
        return f"{self.event} / {self.channel} / {self.language}"
