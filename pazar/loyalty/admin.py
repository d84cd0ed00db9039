"""Back office for loyalty accounts."""

from django.contrib import admin

from pazar.loyalty.models import LoyaltyAccount


@admin.register(LoyaltyAccount)
class LoyaltyAccountAdmin(admin.ModelAdmin):
    list_display = ["user", "card_number", "status", "needs_card", "attempts", "next_attempt_at", "last_synced_at"]
    list_filter = ["status", "needs_card"]
    search_fields = ["user__email", "card_number"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]
    readonly_fields = ["last_error", "last_synced_at"]
