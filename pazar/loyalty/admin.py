"""Back office for loyalty accounts."""

from django.contrib import admin

from pazar.loyalty.models import LoyaltyAccount, LoyaltyCredit


@admin.register(LoyaltyAccount)
class LoyaltyAccountAdmin(admin.ModelAdmin):
    list_display = ["user", "card_number", "status", "needs_card", "attempts", "next_attempt_at", "last_synced_at"]
    list_filter = ["status", "needs_card"]
    search_fields = ["user__email", "card_number"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]
    readonly_fields = ["last_error", "last_synced_at"]


@admin.register(LoyaltyCredit)
class LoyaltyCreditAdmin(admin.ModelAdmin):
    """Loyalty money owed to cards (refunds as loyalty money): unsent ones are retried by the periodic job."""

    list_display = ["reference", "account", "amount", "order_number", "sent_at", "attempts", "next_attempt_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["reference", "order_number", "account__card_number", "account__user__email"]
    raw_id_fields = ["account"]
    list_select_related = ["account__user"]
    readonly_fields = ["last_error", "sent_at"]
