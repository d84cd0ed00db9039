"""Query strings of the location lists: the parent's id, and whether a retail store is there."""

import django_filters

from pazar.addresses.models import City, Country, District, Township
from pazar.core.filters import IdFilter


class RetailStoreFilterSet(django_filters.FilterSet):
    """`retailstore__isnull=false`: only places with a retail store. pazar keeps no retail stores
    (no store model, no store endpoints), so that answers none; `true` changes nothing."""

    retailstore__isnull = django_filters.BooleanFilter(method="filter_retail_store", label="retailstore__isnull")

    def filter_retail_store(self, queryset, name, value):
        return queryset.none() if value is False else queryset


class CountryFilter(django_filters.FilterSet):
    class Meta:
        model = Country
        fields: list = []


class CityFilter(RetailStoreFilterSet):
    country = IdFilter(field_name="country_id")

    class Meta:
        model = City
        fields: list = []


class TownshipFilter(RetailStoreFilterSet):
    city = IdFilter(field_name="city_id")

    class Meta:
        model = Township
        fields: list = []


class DistrictFilter(django_filters.FilterSet):
    township = IdFilter(field_name="township_id")
    city = IdFilter(field_name="city_id")

    class Meta:
        model = District
        fields: list = []
