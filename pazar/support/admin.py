"""Back office for contact-us subjects and submissions."""

from django import forms
from django.contrib import admin, messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from pazar.accounts.models import User
from pazar.core.exceptions import DomainError
from pazar.support import statuses
from pazar.support.models import ContactUsMessage, ContactUsStatus, ContactUsSubject
from pazar.support.services import contact_us_message_reply, contact_us_message_status_set


@admin.register(ContactUsSubject)
class ContactUsSubjectAdmin(TranslationAdmin):
    list_display = ["text", "is_order_needed", "is_active", "sort_order"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active", "is_order_needed"]


class ContactUsMessageForm(forms.ModelForm):
    """Staff's fields, plus a reply that goes to the sender by email (through the outbox) when saved."""

    reply = forms.CharField(
        label=_("Reply by email"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sent to the sender's address in their language when you save; the message becomes answered."),
    )

    class Meta:
        model = ContactUsMessage
        fields = ["assignee", "internal_note"]


def _mark(status: str):
    """An action moving the selected messages to `status` through the service (statuses.STAFF_MOVES)."""

    def mark(modeladmin, request, queryset):
        done = 0
        for message in queryset:
            try:
                contact_us_message_status_set(message=message, status=status)
            except DomainError as exc:
                modeladmin.message_user(request, f"#{message.pk}: {exc}", level=messages.ERROR)
            else:
                done += 1
        if done:
            label = ContactUsStatus(status).label
            done_message = _("%(count)d message(s) are now %(status)s.") % {"count": done, "status": label}
            modeladmin.message_user(request, done_message, level=messages.SUCCESS)

    mark.__name__ = f"mark_{status}"
    return admin.action(description=format_lazy(_("Mark as {status}"), status=ContactUsStatus(status).label))(mark)


@admin.register(ContactUsMessage)
class ContactUsMessageAdmin(admin.ModelAdmin):
    """The contact-us inbox: what the sender wrote is read-only; staff set assignee and a note, and reply.

    The status is read-only in the form: staff move it with the "Mark as ..." actions.
    """

    form = ContactUsMessageForm
    # The status changes only through these actions (support/statuses.py; a reply makes it answered).
    actions = [_mark(status) for status in ContactUsStatus.values]
    list_display = ["pk", "created_date", "status", "assignee", "subject", "full_name", "email", "operation"]
    list_filter = ["status", "assignee", "subject", "operation", "language"]
    search_fields = ["email", "full_name", "message"]
    list_select_related = ["subject", "assignee"]
    # The file lives in private storage, which has no public URL: staff download it through
    # attachment_view below, which checks their permission, under the name the sender gave it.
    customer_fields = [
        "created_date",
        "subject",
        "full_name",
        "email",
        "phone",
        "message",
        "order",
        "attachment",
        "operation",
        "recipient",
        "language",
        "user",
        "ip_address",
    ]
    fieldsets = [
        (_("What the sender wrote"), {"fields": customer_fields}),
        (_("Staff"), {"fields": ["status", "assignee", "internal_note", "answered_at", "reply"]}),
    ]
    readonly_fields = [*customer_fields, *statuses.STATUS_FIELDS[ContactUsMessage]]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = User.objects.filter(is_staff=True, is_active=True).order_by("email")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        reply = form.cleaned_data.get("reply", "").strip()
        if reply:
            contact_us_message_reply(message=obj, staff_user=request.user, text=reply)
            self.message_user(request, _("The reply was queued to %(email)s.") % {"email": obj.email})

    @admin.display(description=_("File"))
    def attachment(self, obj):
        if not obj.file:
            return "-"
        url = reverse("admin:support_contactusmessage_attachment", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.file_name or _("download"))

    def get_urls(self):
        view = self.admin_site.admin_view(self.attachment_view)
        return [
            path("<int:pk>/attachment/", view, name="support_contactusmessage_attachment"),
            *super().get_urls(),
        ]

    def attachment_view(self, request, pk):
        message = get_object_or_404(ContactUsMessage, pk=pk)
        if not self.has_view_permission(request, message) or not message.file:
            raise Http404
        return FileResponse(message.file.open("rb"), as_attachment=True, filename=message.file_name or None)
