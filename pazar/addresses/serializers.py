"""Addresses as orders nest them (seed 003's shipping_address)."""

from rest_framework import serializers

from pazar.accounts.serializers import UserSummarySerializer
from pazar.addresses.models import Address, City, Country, District, Township


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["pk", "is_active", "name", "code", "translations"]
        read_only_fields = fields


class CitySerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["pk", "is_active", "name", "country", "translations", "priority", "postcode"]
        read_only_fields = fields


class TownshipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Township
        fields = ["pk", "is_active", "name", "city", "postcode"]
        read_only_fields = fields


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["pk", "is_active", "name", "city", "township", "postcode"]
        read_only_fields = fields


class AddressSerializer(serializers.ModelSerializer):
    """A full address; select_related country, city, township, district and user."""

    country = CountrySerializer(read_only=True)
    city = CitySerializer(read_only=True)
    township = TownshipSerializer(read_only=True)
    district = DistrictSerializer(read_only=True)
    user = UserSummarySerializer(read_only=True)

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
