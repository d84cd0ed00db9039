"""Back office for users and seller accounts."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from pazar.accounts.lifecycle.services import user_anonymize
from pazar.accounts.models import AccountLink, Segment, User, VerificationCode


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users by email; seller accounts show their datasource."""

    list_display = ["email", "first_name", "last_name", "phone", "user_type", "datasource", "is_staff", "date_joined"]
    list_filter = ["user_type", "is_staff", "is_active", "gender", "email_allowed", "sms_allowed", "language_code"]
    search_fields = ["email", "first_name", "last_name", "phone", "username"]
    ordering = ["-date_joined"]
    raw_id_fields = ["datasource"]
    list_select_related = ["datasource"]
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("username", "email", "password")}),
        (
            _("Personal info"),
            {"fields": ("first_name", "last_name", "phone", "date_of_birth", "gender", "avatar", "language_code")},
        ),
        (_("Preferences"), {"fields": ("email_allowed", "sms_allowed", "call_allowed", "attributes", "user_type")}),
        (_("Seller"), {"fields": ("datasource",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["anonymized_at"]
    actions = ["anonymize_selected"]

    @admin.action(description=_("Erase (anonymize) the selected users"), permissions=["change"])
    def anonymize_selected(self, request, queryset):
        """KVKK erasure, as PATCH /users/anonymize/ does it, after a confirmation page."""
        if request.POST.get("post") == "yes":
            count = 0
            for pk in queryset.filter(anonymized_at__isnull=True).values_list("pk", flat=True):
                user_anonymize(user_id=pk)
                count += 1
            self.message_user(request, _("%(count)d users erased.") % {"count": count}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Erase these users?"),
            "users": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "anonymize_selected",
        }
        return TemplateResponse(request, "admin/accounts/user/anonymize_confirmation.html", context)


@admin.register(Segment)
class SegmentAdmin(TranslationAdmin):
    """Segments with their price list; users are assigned here."""

    list_display = ["name", "priority", "price_list", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_en", "name_tr"]
    raw_id_fields = ["price_list", "users"]
    list_select_related = ["price_list"]


@admin.register(VerificationCode)
class VerificationCodeAdmin(admin.ModelAdmin):
    """One-time codes (only their HMAC is stored): for support, read-only."""

    list_display = ["subject", "purpose", "phone", "attempts", "expires_at", "used_at", "superseded_at", "created_date"]
    list_filter = ["purpose"]
    search_fields = ["subject", "phone"]
    raw_id_fields = ["user"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AccountLink)
class AccountLinkAdmin(admin.ModelAdmin):
    """Links sent by email (password reset, email change, confirmation; only their hash is stored): read-only."""

    list_display = ["email", "purpose", "user", "expires_at", "used_at", "created_date"]
    list_filter = ["purpose"]
    search_fields = ["email"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False
