"""Back office for the newsletter list: who is subscribed, with the consent each address gave."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pazar.preferences.models import EmailSubscription
from pazar.preferences.services import unsubscribe_url


@admin.register(EmailSubscription)
class EmailSubscriptionAdmin(admin.ModelAdmin):
    """The consent record is evidence: it is shown, never edited; staff may delete a row (erasure)."""

    list_display = ["email", "status", "confirmed_at", "consent_text_version", "consented_at", "unsubscribed_at"]
    list_filter = ["status", "consent_source", "consent_text_version"]
    search_fields = ["email"]
    date_hierarchy = "created_date"
    fields = [
        "email",
        "status",
        "requested_by",
        "consent_source",
        "consent_text_version",
        "consented_at",
        "consent_ip",
        "consent_user_agent",
        "language",
        "confirmed_at",
        "unsubscribed_at",
        "unsubscribe_link",
        "created_date",
        "modified_date",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("unsubscribe link"))
    def unsubscribe_link(self, obj):
        return unsubscribe_url(obj) if obj.pk else ""
