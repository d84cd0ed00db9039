"""The address object's schema declarations (seed 003's shape, the same in the address book and
inside orders), the location lists, and the address book's request bodies.

AddressSerializer, AddressIdsSerializer and the serializers nested only in them are schema
declarations (`@schema_only`, pazar/core/builders.py): pazar/addresses/builders.py builds those
answers, reading their field lists. The location lists and the request bodies still run here."""

from constance import config
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pazar.accounts.models import User
from pazar.accounts.phone import phone_normalize
from pazar.addresses.models import Address, City, Country, District, Township
from pazar.core.builders import schema_only


@schema_only
class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["pk", "is_active", "name", "code", "translations"]
        read_only_fields = fields


@schema_only
class CitySerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["pk", "is_active", "name", "country", "translations", "priority", "postcode"]
        read_only_fields = fields


@schema_only
class TownshipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Township
        fields = ["pk", "is_active", "name", "city", "postcode"]
        read_only_fields = fields


@schema_only
class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["pk", "is_active", "name", "city", "township", "postcode"]
        read_only_fields = fields


@schema_only
class AddressUserSerializer(serializers.ModelSerializer):
    """The address's user as seed 003 nests it (`pk`, not `id`)."""

    # Values pazar does not keep per user, answered as the seed shows them (the address builder,
    # pazar/addresses/builders.py, takes them from here).
    CONSTANTS = {"attributes_kwargs": {}}

    attributes_kwargs = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "pk",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "date_joined",
            "last_login",
            "email_allowed",
            "sms_allowed",
            "call_allowed",
            "gender",
            "attributes",
            "phone",
            "date_of_birth",
            "attributes_kwargs",
            "user_type",
            "modified_date",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "object", "additionalProperties": True})
    def get_attributes_kwargs(self, obj):
        return dict(self.CONSTANTS["attributes_kwargs"])


@schema_only
class AddressSerializer(serializers.ModelSerializer):
    """A full address, its country, city, township, district and user nested.

    The declaration of the address object that pazar/addresses/builders.py builds: `/address/detailed/`,
    an address's GET and write answers, and the shipping and billing addresses of orders (seed 003)."""

    country = CountrySerializer(read_only=True)
    city = CitySerializer(read_only=True)
    township = TownshipSerializer(read_only=True)
    district = DistrictSerializer(read_only=True)
    user = AddressUserSerializer(read_only=True)

    class Meta:
        model = Address
        fields = [
            "pk",
            "email",
            "phone_number",
            "first_name",
            "last_name",
            "country",
            "city",
            "line",
            "title",
            "township",
            "district",
            "postcode",
            "notes",
            "company_name",
            "tax_office",
            "tax_no",
            "e_bill_taxpayer",
            "hash_data",
            "address_type",
            "retail_store",
            "remote_id",
            "identity_number",
            "extra_field",
            "user",
            "is_corporate",
            "primary",
        ]
        read_only_fields = fields


ADDRESS_RELATED = ["country", "city", "township", "district", "user"]


@schema_only
class AddressIdsSerializer(serializers.ModelSerializer):
    """`GET /address/`: the same fields, country, city, township, district and user as ids (Akinon's list)."""

    class Meta:
        model = Address
        fields = AddressSerializer.Meta.fields
        read_only_fields = fields


# --- the location lists: names in the request's language, parents nested as the client's types ---


def localized_text(name: str, translations) -> str:
    """`translations[<active language>]["name"]` when staff entered one, else `name`.

    The one rule every answer follows for a place's name: the location lists (below) and the
    places nested in addresses and orders (pazar/addresses/builders.py) both call it, so a country
    answers in one language per request wherever it appears.
    """
    if isinstance(translations, dict):
        language = (get_language() or "").split("-")[0]
        entry = translations.get(language)
        if isinstance(entry, dict) and isinstance(entry.get("name"), str) and entry["name"]:
            return entry["name"]
        if isinstance(entry, str) and entry:
            return entry
    return name


def localized_name(obj) -> str:
    """A place's name in the request's language (`localized_text` of its row)."""
    return localized_text(obj.name, getattr(obj, "translations", None))


class LocalizedNameMixin(serializers.Serializer):
    name = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return localized_name(obj)


class CountryListSerializer(LocalizedNameMixin, serializers.ModelSerializer):
    """`GET /address/country/`."""

    class Meta:
        model = Country
        fields = CountrySerializer.Meta.fields
        read_only_fields = fields


class CityListSerializer(LocalizedNameMixin, serializers.ModelSerializer):
    """`GET /address/city/`: the country nested."""

    country = CountryListSerializer(read_only=True)

    class Meta:
        model = City
        fields = CitySerializer.Meta.fields
        read_only_fields = fields


class TownshipListSerializer(LocalizedNameMixin, serializers.ModelSerializer):
    """`GET /address/township/`: the city (and its country) nested."""

    city = CityListSerializer(read_only=True)

    class Meta:
        model = Township
        fields = TownshipSerializer.Meta.fields
        read_only_fields = fields


class DistrictListSerializer(LocalizedNameMixin, serializers.ModelSerializer):
    """`GET /address/district/`: city and township as ids."""

    class Meta:
        model = District
        fields = DistrictSerializer.Meta.fields
        read_only_fields = fields


# --- the address book's bodies --------------------------------------------------------------------


class AddressWriteSerializer(serializers.Serializer):
    """The body of `POST /address/` and `PATCH /address/<pk>/` (partial).

    `is_corporate` may come as the strings "true"/"false" (the client's AddressType enum).
    `type` (`personal`/`corporate`) and `is_corporate` say the same thing; `is_corporate` wins when
    both are sent. `user` is accepted and ignored: an address always belongs to the caller. The
    country, city, township and district are checked to be active and to belong to each other.
    """

    TYPES = (("personal", _("personal")), ("corporate", _("corporate")))

    type = serializers.ChoiceField(choices=TYPES, required=False)
    is_corporate = serializers.BooleanField(required=False)
    title = serializers.CharField(max_length=128, required=False, allow_blank=True)
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    phone_number = serializers.CharField(max_length=32)
    country = serializers.PrimaryKeyRelatedField(queryset=Country.objects.filter(is_active=True))
    city = serializers.PrimaryKeyRelatedField(queryset=City.objects.filter(is_active=True))
    township = serializers.PrimaryKeyRelatedField(
        queryset=Township.objects.filter(is_active=True), required=False, allow_null=True
    )
    district = serializers.PrimaryKeyRelatedField(
        queryset=District.objects.filter(is_active=True), required=False, allow_null=True
    )
    line = serializers.CharField(max_length=512)
    postcode = serializers.CharField(max_length=16, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=512, required=False, allow_blank=True, allow_null=True)
    company_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    tax_office = serializers.CharField(max_length=255, required=False, allow_blank=True)
    tax_no = serializers.CharField(max_length=64, required=False, allow_blank=True)
    e_bill_taxpayer = serializers.BooleanField(required=False)
    identity_number = serializers.CharField(max_length=32, required=False, allow_blank=True, allow_null=True)
    primary = serializers.BooleanField(required=False)
    user = serializers.IntegerField(
        required=False, allow_null=True, write_only=True, help_text=_("Ignored: an address is the caller's.")
    )
    country_code = serializers.CharField(
        max_length=8, required=False, allow_blank=True, write_only=True, help_text=_("Ignored.")
    )

    # Empty optional fields arrive as "" from the client's form: "" means "not given" for the relations.
    def to_internal_value(self, data):
        if hasattr(data, "dict"):
            data = data.dict()
        data = dict(data) if isinstance(data, dict) else data
        if isinstance(data, dict):
            for name in ("township", "district", "user", "notes", "identity_number"):
                if data.get(name) == "":
                    data[name] = None
        return super().to_internal_value(data)

    def validate_phone_number(self, value):
        digits = sum(ch.isdigit() for ch in value)
        if digits < config.ADDRESS_PHONE_MIN_LENGTH:
            raise serializers.ValidationError(
                _("Ensure this field has at least %(count)d digits.") % {"count": config.ADDRESS_PHONE_MIN_LENGTH}
            )
        phone_normalize(value)  # valid for the shop's region, or a 400
        return value.strip()

    def validate(self, attrs):
        attrs.pop("user", None)
        attrs.pop("country_code", None)
        kind = attrs.pop("type", None)
        if "is_corporate" not in attrs and kind is not None:
            attrs["is_corporate"] = kind == "corporate"
        for name in ("notes", "identity_number"):
            if attrs.get(name) == "":
                attrs[name] = None
        current = self.instance

        def final(name):
            if name in attrs:
                return attrs[name]
            return getattr(current, name) if current is not None else None

        def touches(*names):
            # a new address, or an edit of these fields (`{"primary": true}` alone checks nothing else)
            return current is None or any(name in attrs for name in names)

        errors = {}
        country, city, township, district = final("country"), final("city"), final("township"), final("district")
        if city is not None and country is not None and city.country_id != country.pk:
            errors["city"] = [_("This city is not in the selected country.")]
        if township is not None and city is not None and township.city_id != city.pk:
            errors["township"] = [_("This township is not in the selected city.")]
        if district is not None:
            if (township is not None and district.township_id != township.pk) or (
                city is not None and district.city_id != city.pk
            ):
                errors["district"] = [_("This district is not in the selected township.")]
        elif config.ADDRESS_DISTRICT_REQUIRED and touches("country", "city", "township", "district"):
            errors["district"] = [_("This field is required.")]
        if final("is_corporate") and touches("is_corporate", "company_name", "tax_office", "tax_no"):
            for name in ("company_name", "tax_office", "tax_no"):
                if not final(name):
                    errors[name] = [_("This field is required for a corporate address.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs
