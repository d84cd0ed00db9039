"""Request and response bodies of the authentication endpoints.

The current user, the profile (with and without the loyalty card), the profile change waiting for
its code and the user summary are schema declarations (`@schema_only`): accounts/builders.py
builds them, reading their field lists and field objects.
"""

import json
from collections.abc import Mapping
from datetime import date

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pazar.accounts.avatar import avatar_process
from pazar.accounts.models import Gender, Segment, User
from pazar.accounts.phone import PhoneField
from pazar.accounts.services import registration_email_check
from pazar.catalog.models import PriceList
from pazar.core.builders import schema_only
from pazar.core.parsers import json_depth_exceeds
from pazar.core.serializers import json_value_problem


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
    phone = PhoneField(required=False, allow_null=True, allow_blank=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_null=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    email_allowed = serializers.BooleanField(required=False, default=False)
    sms_allowed = serializers.BooleanField(required=False, default=False)
    call_allowed = serializers.BooleanField(required=False, default=False)
    confirm = serializers.BooleanField(required=False, default=False, help_text=_("Consent text accepted."))

    def validate_email(self, value):
        """The seed's duplicate-email 400, limited per client address (`context["client_ip"]`).

        Past the limit, the captcha; `context["request"]`'s session may hold a solved one.
        """
        value = value.strip()
        registration_email_check(
            email=value, client_ip=self.context.get("client_ip", ""), request=self.context.get("request")
        )
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


@schema_only
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


@schema_only
class UserSummarySerializer(serializers.ModelSerializer):
    """A user as nested in conversations and addresses."""

    class Meta:
        model = User
        fields = ["id", "first_name", "last_name", "email", "phone", "gender"]
        read_only_fields = fields


JSON_OBJECT_MAX_KEYS = 50
JSON_OBJECT_MAX_BYTES = 8192


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": True,
        "maxProperties": JSON_OBJECT_MAX_KEYS,
        "description": f"At most {JSON_OBJECT_MAX_KEYS} keys and {JSON_OBJECT_MAX_BYTES} bytes as JSON.",
    }
)
class JSONObjectField(serializers.DictField):
    """A JSON object; in multipart forms it may come as a JSON string. Bounded in size."""

    max_keys = JSON_OBJECT_MAX_KEYS
    max_bytes = JSON_OBJECT_MAX_BYTES

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except (ValueError, RecursionError):
                raise serializers.ValidationError(_("Enter a valid JSON object."))
            if json_depth_exceeds(data):
                raise serializers.ValidationError(_("Enter a valid JSON object."))
        value = super().to_internal_value(data)
        problem = json_value_problem(value)
        if problem:
            raise serializers.ValidationError(problem)
        if len(value) > self.max_keys or len(json.dumps(value, default=str)) > self.max_bytes:
            raise serializers.ValidationError(_("Too many or too large attributes."))
        return value


class GenderChoiceSerializer(serializers.Serializer):
    """A gender the profile form offers, with its label in the request's language."""

    value = serializers.CharField()
    label = serializers.CharField()


@schema_only
class ProfileSerializer(serializers.ModelSerializer):
    """`GET /users/profile/` as seed 002 shows it."""

    genders = GenderChoiceSerializer(many=True, read_only=True)
    avatar = serializers.ImageField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "first_name",
            "last_name",
            "email_allowed",
            "sms_allowed",
            "call_allowed",
            "avatar",
            "email",
            "phone",
            "date_of_birth",
            "gender",
            "genders",
            "language_code",
            "attributes",
            "date_joined",
        ]
        read_only_fields = fields


class LoyaltyCardSerializer(serializers.Serializer):
    """The state of the user's loyalty card (`pending` while the service has not confirmed a change)."""

    card_number = serializers.CharField(allow_null=True)
    status = serializers.CharField()


@schema_only
class LoyaltyProfileSerializer(ProfileSerializer):
    """The profile plus `loyalty_card` (pazar's addition: null without a card)."""

    loyalty_card = LoyaltyCardSerializer(allow_null=True, read_only=True)

    class Meta(ProfileSerializer.Meta):
        fields = [*ProfileSerializer.Meta.fields, "loyalty_card"]
        read_only_fields = fields


@schema_only
class ConsentPendingSerializer(serializers.Serializer):
    """The 202 body of `PATCH /users/profile/`: the values waiting for the code (seed 002)."""

    email_allowed = serializers.BooleanField()
    sms_allowed = serializers.BooleanField()
    call_allowed = serializers.BooleanField()
    avatar = serializers.CharField(allow_null=True)
    email = serializers.EmailField()
    date_of_birth = serializers.DateField(allow_null=True)
    language_code = serializers.CharField()
    date_joined = serializers.DateTimeField()


class ProfileUpdateSerializer(serializers.Serializer):
    """The body of `PATCH /users/profile/`; fields not listed here (id, date_joined, ...) are ignored."""

    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email_allowed = serializers.BooleanField(required=False)
    sms_allowed = serializers.BooleanField(required=False)
    call_allowed = serializers.BooleanField(required=False)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_null=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    phone = PhoneField(required=False, allow_null=True, allow_blank=True)
    email = serializers.EmailField(
        max_length=254, required=False, help_text=_("Changes only when consent confirmation is on.")
    )
    attributes = JSONObjectField(
        required=False, help_text=_("Merged into the stored attributes; a key sent as null is removed.")
    )
    language_code = serializers.RegexField(r"^[a-z]{2}(-[a-z]{2})?$", max_length=10, required=False)
    avatar = serializers.FileField(required=False, allow_null=True, help_text=_("JPEG, PNG or WebP, at most 5 MB."))
    code = serializers.RegexField(r"^\d{4,8}$", max_length=8, required=False, allow_blank=True, write_only=True)
    resend = serializers.BooleanField(required=False, default=False, write_only=True)

    # The storefront's profile form sends an untouched optional field as "" in its JSON: for these it
    # means "not set" (null), for the language "not given". (A form body already reads "" as null.)
    BLANK_AS_NULL = ("date_of_birth", "gender")
    BLANK_AS_ABSENT = ("language_code",)

    def to_internal_value(self, data):
        is_json = isinstance(data, Mapping) and not hasattr(data, "getlist")
        if is_json and any(data.get(n) == "" for n in (*self.BLANK_AS_NULL, *self.BLANK_AS_ABSENT)):
            data = {key: data[key] for key in data if not (key in self.BLANK_AS_ABSENT and data[key] == "")}
            data |= {name: None for name in self.BLANK_AS_NULL if data.get(name) == "" and name in self.fields}
        return super().to_internal_value(data)

    def validate_date_of_birth(self, value):
        if value is not None and not (date(1900, 1, 1) <= value <= timezone.localdate()):
            raise serializers.ValidationError(_("Enter a valid date of birth."))
        return value

    def validate_phone(self, value):
        return value or None

    def validate_avatar(self, value):
        return avatar_process(value) if value is not None else None

    def split(self) -> tuple[dict, str | None, bool]:
        """(profile fields, code, resend) from the validated data."""
        data = dict(self.validated_data)
        code = data.pop("code", None) or None
        resend = data.pop("resend", False)
        return data, code, resend


class LoyaltyProfileUpdateSerializer(ProfileUpdateSerializer):
    """`PATCH /users/profile-with-loyalty/`: phone and date of birth are required (seed 002)."""

    phone = PhoneField(required=True)
    date_of_birth = serializers.DateField(required=True)


class RegisterWithLoyaltySerializer(ProfileUpdateSerializer):
    """`POST /users/register-with-loyalty/`."""

    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)
    phone = PhoneField(required=True)
    date_of_birth = serializers.DateField(required=True)
    add_loyalty = serializers.BooleanField(required=False, default=False, write_only=True)
    avatar = None

    validate_email = RegistrationSerializer.validate_email
    validate = RegistrationSerializer.validate


class UserDetailSerializer(serializers.ModelSerializer):
    """`GET /users/user/`."""

    class Meta:
        model = User
        fields = ["username", "email", "first_name", "last_name"]
        read_only_fields = fields


class SegmentSerializer(serializers.ModelSerializer):
    """A segment in the user's list."""

    class Meta:
        model = Segment
        fields = ["priority", "pk", "name"]
        read_only_fields = fields


class PriceListSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriceList
        fields = ["pk", "name", "code", "currency"]
        read_only_fields = fields


class SegmentDetailSerializer(serializers.ModelSerializer):
    """The activated segment with its price list."""

    price_list = PriceListSerializer(read_only=True)

    class Meta:
        model = Segment
        fields = ["priority", "pk", "price_list", "name"]
        read_only_fields = fields


class SuccessMessageSerializer(serializers.Serializer):
    """`{"message": "success"}` after a code is resent."""

    message = serializers.CharField()


class RegistrationAnswerSerializer(serializers.Serializer):
    """Registration's 201: the token, or (mandatory email verification) only a detail, not logged in."""

    key = serializers.CharField(required=False)
    detail = serializers.CharField(required=False)
