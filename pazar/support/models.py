"""Contact-us subjects (staff-set, per language) and the messages shoppers send."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pazar.core.models import BaseModel
from pazar.notifications.storage import private_storage


class ContactUsStatus(models.TextChoices):
    """Where staff are with a message; the moves (any to any, a reply makes it answered): statuses.py."""

    NEW = "new", _("new")
    IN_PROGRESS = "in_progress", _("in progress")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


class ContactUsSubject(models.Model):
    """A subject of the contact form, in staff-set order."""

    text = models.CharField(_("text"), max_length=255)
    is_order_needed = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.text


class ContactUsMessage(BaseModel):
    """One submission of the contact form, as received, and where it was sent."""

    subject = models.ForeignKey(ContactUsSubject, on_delete=models.PROTECT, related_name="messages")
    full_name = models.CharField(max_length=70)
    email = models.EmailField()
    phone = models.CharField(max_length=70, blank=True, default="")
    message = models.TextField(max_length=5000)
    order = models.ForeignKey("orders.Order", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    file = models.FileField(storage=private_storage, upload_to="contact-us/%Y/%m/", null=True, blank=True)
    file_name = models.CharField(max_length=255, blank=True, default="", help_text=_("The name it was uploaded with."))
    operation = models.CharField(max_length=64, blank=True, default="")
    recipient = models.EmailField()
    language = models.CharField(max_length=10)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ip_address = models.CharField(max_length=64, blank=True, default="")
    # Staff's work on the message (the admin); never shown to the sender.
    status = models.CharField(
        max_length=16, choices=ContactUsStatus.choices, default=ContactUsStatus.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"is_staff": True},
    )
    internal_note = models.TextField(blank=True, default="", max_length=5000)
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.subject} from {self.email}"
