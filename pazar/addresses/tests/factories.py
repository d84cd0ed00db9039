"""Factories for geography and addresses."""

import factory

from pazar.accounts.tests.factories import UserFactory
from pazar.addresses.models import Address, City, Country, District, Township


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    name = "Türkiye"
    code = "tr"


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    country = factory.SubFactory(CountryFactory)
    name = factory.Sequence(lambda n: f"City {n}")


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Township

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"Township {n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    township = factory.SubFactory(TownshipFactory)
    city = factory.SelfAttribute("township.city")
    name = factory.Sequence(lambda n: f"District {n}")


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(UserFactory)
    email = factory.SelfAttribute("user.email")
    first_name = factory.SelfAttribute("user.first_name")
    last_name = factory.SelfAttribute("user.last_name")
    phone_number = "05555555555"
    district = factory.SubFactory(DistrictFactory)
    township = factory.SelfAttribute("district.township")
    city = factory.SelfAttribute("district.city")
    country = factory.SelfAttribute("city.country")
    line = factory.Faker("street_address")
    title = "Home"
    postcode = "34000"
