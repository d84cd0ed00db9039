"""The project's admin site: says "pazar", logs in by email, shows on its index what needs attention.

Its login has the API login's limits (accounts.services.LoginLimits: the same counters per email
and per client address, reserved before the password is hashed): past them the form asks for the
captcha (the widget, or with the sandbox verifier a text field for "sandbox-pass") instead of
checking the password, so a stranger cannot keep staff out and gets no unlimited guesses. Staff
with a confirmed TOTP device (django-otp, added in the admin's "TOTP devices") must give its code;
with ADMIN_REQUIRE_OTP every staff member must, and a session without a verified code (say, one
started by the API login) does not open the admin for them.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device
from django_otp.forms import OTPAuthenticationFormMixin
from rest_framework.exceptions import APIException


class EmailAdminAuthenticationForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """Staff log in with their email address (accounts' EmailBackend), a TOTP code if they have one,
    and the captcha past the failure thresholds."""

    username = forms.CharField(label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autofocus": True}))
    otp_token = forms.CharField(
        label=_("Authentication code"),
        required=False,
        help_text=_("From your authenticator app, if you have set one up."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "captcha": _("Too many failed attempts. Please solve the captcha, then log in again."),
        "captcha_unavailable": _("The captcha cannot be checked right now. Please try again in a minute."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["g-recaptcha-response"] = forms.CharField(label=_("Captcha"), required=False)
        self.captcha_needed = False

    def clean(self):
        from pazar.accounts.captcha import services as captcha
        from pazar.accounts.services import LoginLimits
        from pazar.core.net import client_ip

        if not (self.cleaned_data.get("username") and self.cleaned_data.get("password")):
            return super().clean()  # the missing field's own error
        limits = LoginLimits.of(email=self.cleaned_data["username"], address=client_ip(self.request))
        answer = self.cleaned_data.get("g-recaptcha-response") or ""
        try:
            solved = bool(answer) and captcha.verifier().verify(response=answer, remote_ip=client_ip(self.request))
        except APIException:  # the provider is down: nothing passes
            self.captcha_needed = True
            raise forms.ValidationError(self.error_messages["captcha_unavailable"], code="captcha_unavailable")
        if not solved and not limits.reserve():
            self.captcha_needed = True
            raise forms.ValidationError(self.error_messages["captcha"], code="captcha")
        super().clean()  # the password, then is_staff
        user = self.get_user()
        if settings.ADMIN_REQUIRE_OTP or user_has_device(user):
            self.clean_otp(user)
        limits.succeeded(reserved=not solved)
        return self.cleaned_data

    def _chosen_device(self, user):
        # One code field: without a choice, the user's (first) confirmed device.
        return super()._chosen_device(user) or next(iter(devices_for_user(user)), None)

    def captcha_widget(self) -> dict:
        from pazar.accounts.captcha import services as captcha

        verifier = captcha.verifier()
        return {
            "sandbox": isinstance(verifier, captcha.SandboxVerifier),
            "site_key": verifier.site_key,
            "script": settings.CAPTCHA_WIDGET_SCRIPT,
            "css_class": settings.CAPTCHA_WIDGET_CLASS,
        }


class PazarAdminSite(admin.AdminSite):
    site_header = "pazar"
    site_title = "pazar"
    index_title = _("Daily work")
    login_form = EmailAdminAuthenticationForm
    login_template = "admin/pazar_login.html"
    index_template = "admin/pazar_index.html"

    def has_permission(self, request):
        """Staff, and verified by their TOTP code when they have a device (or ADMIN_REQUIRE_OTP)."""
        if not super().has_permission(request):
            return False
        if request.user.is_verified():
            return True
        return not settings.ADMIN_REQUIRE_OTP and not user_has_device(request.user)

    def index(self, request, extra_context=None):
        from pazar.notifications.models import Notification, NotificationStatus

        context = {
            "outbox_failed": Notification.objects.filter(status=NotificationStatus.FAILED).count(),
            # Whether each secret is set, never its value.
            "environment_secrets": [(name, bool(getattr(settings, name, ""))) for name in settings.ENVIRONMENT_SECRETS],
            **(extra_context or {}),
        }
        return super().index(request, extra_context=context)
