"""Request and response bodies of the authentication endpoints."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pazar.accounts.models import Gender, User


class TokenSerializer(serializers.Serializer):
    """The answer to login and registration."""

    key = serializers.CharField()


class LoginSerializer(serializers.Serializer):
    """Email and password."""

    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)


class RegistrationSerializer(serializers.Serializer):
    """A new shopper's account."""

    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    phone = serializers.CharField(max_length=32, required=False, allow_null=True, allow_blank=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_null=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    email_allowed = serializers.BooleanField(required=False, default=False)
    sms_allowed = serializers.BooleanField(required=False, default=False)
    call_allowed = serializers.BooleanField(required=False, default=False)
    confirm = serializers.BooleanField(required=False, default=False, help_text=_("Consent text accepted."))

    def validate_email(self, value):
        value = value.strip()
        if User.objects.filter(email__iexact=value).exists():
            raise serializers.ValidationError(_("A user with that email address already exists."))
        return value

    def validate(self, attrs):
        candidate = User(
            email=attrs["email"], first_name=attrs.get("first_name", ""), last_name=attrs.get("last_name", "")
        )
        try:
            password_validation.validate_password(attrs["password"], user=candidate)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": list(exc.messages)})
        return attrs


class CurrentUserSerializer(serializers.ModelSerializer):
    """`GET /current_user/` as the storefront reads it."""

    pk = serializers.IntegerField(read_only=True)
    hashed_email = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = [
            "pk",
            "first_name",
            "last_name",
            "email",
            "phone",
            "email_allowed",
            "sms_allowed",
            "date_joined",
            "last_login",
            "date_of_birth",
            "hashed_email",
            "gender",
        ]
        read_only_fields = fields


class UserSummarySerializer(serializers.ModelSerializer):
    """A user as nested in conversations and addresses."""

    class Meta:
        model = User
        fields = ["id", "first_name", "last_name", "email", "phone", "gender"]
        read_only_fields = fields
