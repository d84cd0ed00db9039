"""Phone numbers validated and normalised to E.164 with the phonenumbers library."""

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import serializers


def phone_normalize(value: str) -> str:
    """'0555 111 22 33' → '+905551112233' (default region from settings); invalid → ValidationError."""
    try:
        number = phonenumbers.parse(value, settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise serializers.ValidationError(_("Enter a valid phone number."))
    if not phonenumbers.is_valid_number(number):
        raise serializers.ValidationError(_("Enter a valid phone number."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneField(serializers.CharField):
    """A phone number in any common notation, answered in E.164."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        return phone_normalize(value) if value else value
