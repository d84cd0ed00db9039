"""Request and response bodies of the account lifecycle endpoints (password, email, erasure, logout)."""

from rest_framework import serializers

PASSWORD = {"max_length": 128, "trim_whitespace": False, "style": {"input_type": "password"}}


class DetailSerializer(serializers.Serializer):
    """`{"detail": "message"}`: what a lifecycle write answers."""

    detail = serializers.CharField()


class PasswordChangeSerializer(serializers.Serializer):
    """The storefront's change-password form (JSON)."""

    old_password = serializers.CharField(**PASSWORD)
    new_password1 = serializers.CharField(**PASSWORD)
    new_password2 = serializers.CharField(**PASSWORD)


class PasswordResetSerializer(serializers.Serializer):
    """Forgot password: the address to send the link to."""

    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmSerializer(serializers.Serializer):
    """The reset page's form (form data)."""

    new_password1 = serializers.CharField(**PASSWORD)
    new_password2 = serializers.CharField(**PASSWORD)


class EmailChangeSerializer(serializers.Serializer):
    """The storefront's change-email form: the new address twice and the password."""

    email = serializers.EmailField(max_length=254)
    emailConfirm = serializers.CharField(max_length=254)  # noqa: N815 - the storefront's field name
    password = serializers.CharField(**PASSWORD)


class EmailResendSerializer(serializers.Serializer):
    """The address whose registration confirmation link should be sent again."""

    email = serializers.EmailField(max_length=254)


class AnonymizeSerializer(serializers.Serializer):
    """The confirmation of an erasure: the password, when ANONYMIZE_REQUIRES_PASSWORD is on."""

    password = serializers.CharField(required=False, allow_blank=True, **PASSWORD)


class LogoutSerializer(serializers.Serializer):
    """The second step of the storefront's logout: the CSRF token as a form field."""

    csrfmiddlewaretoken = serializers.CharField(required=False, allow_blank=True, max_length=128)


class LogoutAnswerSerializer(serializers.Serializer):
    """Logged out, or (a session post without its CSRF token) the form to post to log out."""

    detail = serializers.CharField()
    form = serializers.CharField(
        required=False, help_text="HTML: <form><input name='csrfmiddlewaretoken' value='…'></form>"
    )
    csrf_token = serializers.CharField(required=False)
