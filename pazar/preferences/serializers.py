"""Request bodies of the preferences endpoints (their `{"detail"}` answers: accounts' DetailSerializer)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pazar.accounts.models import Gender


class EmailSubscriptionSerializer(serializers.Serializer):
    """`POST /email-subscription/` as `misc.emailSubscription` sends it: JSON `{email, subscribe_contract}`.

    `subscribe_contract` is the consent checkbox: it must be true. Akinon's optional `first_name`,
    `last_name` and `gender` are accepted and not kept (the list needs the address alone).
    """

    email = serializers.EmailField(max_length=254)
    subscribe_contract = serializers.BooleanField(required=False, default=False)
    first_name = serializers.CharField(max_length=50, required=False, allow_blank=True, allow_null=True)
    last_name = serializers.CharField(max_length=50, required=False, allow_blank=True, allow_null=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True, allow_null=True)

    def validate_subscribe_contract(self, value):
        if not value:
            raise serializers.ValidationError(_("Accept the terms to subscribe."))
        return value


class CurrencySerializer(serializers.Serializer):
    """`POST /users/activate-currency/`: `{"currency_code": "usd"}` (any case), one of AVAILABLE_CURRENCIES."""

    currency_code = serializers.CharField(max_length=8, allow_blank=True)

    def validate_currency_code(self, value):
        code = value.strip().lower()
        if code not in settings.AVAILABLE_CURRENCIES:
            raise serializers.ValidationError(
                _("“%(code)s” is not an available currency (%(choices)s).")
                % {"code": value, "choices": ", ".join(settings.AVAILABLE_CURRENCIES)}
            )
        return code
