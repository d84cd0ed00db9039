"""Back office for the outbox (read-only, with a retry action) and the template overrides."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.template import TemplateSyntaxError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pazar.notifications.models import Notification, NotificationAttachment, NotificationKind, NotificationTemplate
from pazar.notifications.rendering import compile_template, shipped_events
from pazar.notifications.services import notification_retry


class NotificationAttachmentInline(admin.TabularInline):
    """The files an email carries; never linked, since they are private."""

    model = NotificationAttachment
    fields = ["filename", "content_type"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox: what was sent, what waits and what failed, and why. Rows are history: read-only."""

    list_display = ["id", "created_date", "kind", "event", "to", "status", "attempts", "sent_at"]
    list_filter = ["status", "event", "kind"]
    search_fields = ["to"]
    ordering = ["-created_date"]
    date_hierarchy = "created_date"
    show_full_result_count = False
    actions = ["retry"]
    inlines = [NotificationAttachmentInline]
    fields = [
        "kind",
        "event",
        "to",
        "user",
        "language",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "last_error",
        "subject",
        "body_text",
        "body_html",
        "secrets_expire_at",
        "secrets_masked_at",
        "datasource",
        "group_key",
        "created_date",
        "modified_date",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry the selected notifications"), permissions=["change"])
    def retry(self, request, queryset):
        queued = 0
        with transaction.atomic():
            for notification_id in queryset.values_list("pk", flat=True):
                queued += notification_retry(notification_id=notification_id)
        skipped = queryset.count() - queued
        self.message_user(
            request, ngettext("%d notification queued again.", "%d notifications queued again.", queued) % queued
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%d skipped: already sent, being sent, or its secrets were masked.",
                    "%d skipped: already sent, being sent, or their secrets were masked.",
                    skipped,
                )
                % skipped,
                level=messages.WARNING,
            )


class NotificationTemplateForm(forms.ModelForm):
    """Checks the template syntax and what each channel needs before the override is saved."""

    event = forms.ChoiceField(choices=lambda: [(event, event) for event in shipped_events()])

    class Meta:
        model = NotificationTemplate
        fields = ["event", "channel", "language", "subject", "body_text", "body_html", "is_active"]

    def clean(self):
        cleaned = super().clean()
        for name in ["subject", "body_text", "body_html"]:
            try:
                compile_template(cleaned.get(name) or "")
            except TemplateSyntaxError as exc:
                self.add_error(name, str(exc))
        if cleaned.get("channel") == NotificationKind.EMAIL and not (cleaned.get("subject") or "").strip():
            self.add_error("subject", _("An email needs a subject."))
        return cleaned


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin):
    """Staff overrides of the template files, per event, channel and language."""

    form = NotificationTemplateForm
    list_display = ["event", "channel", "language", "is_active", "modified_date"]
    list_filter = ["channel", "language", "is_active", "event"]
    search_fields = ["event", "subject", "body_text"]
    ordering = ["event", "channel", "language"]
