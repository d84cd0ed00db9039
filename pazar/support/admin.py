"""Back office for contact-us subjects and submissions."""

from django.contrib import admin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from pazar.support.models import ContactUsMessage, ContactUsSubject


@admin.register(ContactUsSubject)
class ContactUsSubjectAdmin(TranslationAdmin):
    list_display = ["text", "is_order_needed", "is_active", "sort_order"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active", "is_order_needed"]


@admin.register(ContactUsMessage)
class ContactUsMessageAdmin(admin.ModelAdmin):
    list_display = ["pk", "created_date", "subject", "full_name", "email", "operation", "recipient", "language"]
    list_filter = ["subject", "operation", "language"]
    search_fields = ["email", "full_name", "message"]
    raw_id_fields = ["order", "user"]
    list_select_related = ["subject"]
    # The file lives in private storage, which has no public URL: staff download it through
    # attachment_view below, which checks their permission, under the name the sender gave it.
    exclude = ["file"]
    readonly_fields = ["ip_address", "attachment", "recipient"]
    show_full_result_count = False

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
