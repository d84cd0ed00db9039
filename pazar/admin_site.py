"""The project's admin site: says "pazar", logs in by email, shows on its index what needs attention."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAdminAuthenticationForm(AdminAuthenticationForm):
    """Staff log in with their email address (accounts' EmailBackend), so the field says Email."""

    username = forms.CharField(label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autofocus": True}))


class PazarAdminSite(admin.AdminSite):
    site_header = "pazar"
    site_title = "pazar"
    index_title = _("Daily work")
    login_form = EmailAdminAuthenticationForm
    index_template = "admin/pazar_index.html"

    def index(self, request, extra_context=None):
        from pazar.notifications.models import Notification, NotificationStatus

        context = {
            "outbox_failed": Notification.objects.filter(status=NotificationStatus.FAILED).count(),
            # Whether each secret is set, never its value.
            "environment_secrets": [(name, bool(getattr(settings, name, ""))) for name in settings.ENVIRONMENT_SECRETS],
            **(extra_context or {}),
        }
        return super().index(request, extra_context=context)
