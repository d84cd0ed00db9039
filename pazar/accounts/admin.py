"""Back office for users and seller accounts."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from pazar.accounts.models import User


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
