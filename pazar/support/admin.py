"""Back office for contact-us subjects and submissions."""

from django.contrib import admin
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
    readonly_fields = ["ip_address", "file_name", "recipient"]
    show_full_result_count = False
