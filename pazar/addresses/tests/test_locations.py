"""The location lists the checkout and the address form read (`data/urls.ts` address.*), cached."""

import pytest
from django.core.management import call_command

from pazar.addresses.models import City, Country, District, Township
from pazar.addresses.tests.factories import CityFactory, CountryFactory, DistrictFactory, TownshipFactory

COUNTRY_KEYS = {"pk", "is_active", "name", "code", "translations"}
CITY_KEYS = {"pk", "is_active", "name", "country", "translations", "priority", "postcode"}
TOWNSHIP_KEYS = {"pk", "is_active", "name", "city", "postcode"}
DISTRICT_KEYS = {"pk", "is_active", "name", "city", "township", "postcode"}


@pytest.fixture
def geography(db):
    country = CountryFactory(translations={"en": {"name": "Turkey"}, "tr": {"name": "Türkiye"}})
    city = CityFactory(country=country, name="İstanbul", priority=1)
    CityFactory(country=country, name="Adana")
    CityFactory(country=country, name="Kapalı", is_active=False)
    township = TownshipFactory(city=city, name="Kadıköy")
    TownshipFactory(city=CityFactory(country=country), name="Elsewhere")
    district = DistrictFactory(township=township, name="Moda")
    DistrictFactory(name="Far away")
    return country, city, township, district


@pytest.mark.django_db
def test_countries_in_the_requests_language(api_client, geography):
    english = api_client.get("/address/country/").json()
    turkish = api_client.get("/address/country/", HTTP_ACCEPT_LANGUAGE="tr").json()

    assert english["count"] == 1
    assert set(english["results"][0]) == COUNTRY_KEYS
    assert english["results"][0]["name"] == "Turkey"
    assert turkish["results"][0]["name"] == "Türkiye"
    assert english["next"] is None and english["previous"] is None


@pytest.mark.django_db
def test_cities_of_a_country_with_the_country_nested(api_client, geography):
    country, city, _township, _district = geography

    data = api_client.get(f"/address/city/?country={country.pk}").json()

    assert [c["name"] for c in data["results"]][:2] == ["İstanbul", "Adana"]  # priority first, inactive left out
    assert data["count"] == 4  # and the cities of the other townships
    assert "Kapalı" not in [c["name"] for c in data["results"]]
    first = data["results"][0]
    assert set(first) == CITY_KEYS
    assert set(first["country"]) == COUNTRY_KEYS
    assert first["pk"] == city.pk


@pytest.mark.django_db
def test_townships_and_districts_of_their_parent(api_client, geography):
    _country, city, township, district = geography

    townships = api_client.get(f"/address/township/?city={city.pk}").json()
    districts = api_client.get(f"/address/district/?township={township.pk}").json()

    assert [t["pk"] for t in townships["results"]] == [township.pk]
    assert set(townships["results"][0]) == TOWNSHIP_KEYS
    assert set(townships["results"][0]["city"]) == CITY_KEYS
    assert set(townships["results"][0]["city"]["country"]) == COUNTRY_KEYS
    assert [d["pk"] for d in districts["results"]] == [district.pk]
    assert districts["results"][0] == {
        "pk": district.pk,
        "is_active": True,
        "name": "Moda",
        "city": city.pk,
        "township": township.pk,
        "postcode": None,
    }


@pytest.mark.django_db
def test_retail_store_lists_are_empty_without_stores(api_client, geography):
    country, city, _township, _district = geography

    for url in (
        "/address/city/?retailstore__isnull=false",
        f"/address/city/?retailstore__isnull=false&country={country.pk}",
        f"/address/township/?retailstore__isnull=false&city={city.pk}",
    ):
        assert api_client.get(url).json()["count"] == 0, url


@pytest.mark.django_db
def test_a_bad_parent_id_is_400(api_client, geography):
    assert api_client.get("/address/city/?country=abc").status_code == 400
    assert api_client.get("/address/district/?township=-1").status_code == 400


@pytest.mark.django_db
def test_lists_are_cached_and_a_change_drops_the_cache(api_client, geography, django_assert_num_queries):
    _country, city, _township, _district = geography
    url = f"/address/township/?city={city.pk}"
    api_client.get(url)

    with django_assert_num_queries(0):
        assert api_client.get(url).json()["count"] == 1

    TownshipFactory(city=city, name="Üsküdar")
    assert api_client.get(url).json()["count"] == 2


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_page(api_client, geography, django_assert_max_num_queries):
    country, city, _township, _district = geography
    for n in range(30):
        TownshipFactory(city=CityFactory(country=country, name=f"C{n}"))

    with django_assert_max_num_queries(2):
        assert len(api_client.get("/address/township/").json()["results"]) == 33
    with django_assert_max_num_queries(2):
        assert len(api_client.get("/address/city/").json()["results"]) == 34


@pytest.mark.django_db
def test_demo_loads_the_provinces_and_two_addresses_per_shopper():
    call_command("demo", "--force", stdout=__import__("io").StringIO())

    turkey = Country.objects.get(code="tr")
    assert City.objects.filter(country=turkey).count() == 81
    assert Township.objects.filter(city__name="İstanbul").count() >= 3
    assert Township.objects.filter(city__name="Ankara").count() >= 3
    assert District.objects.filter(city__name="Ankara").exists()
    from pazar.accounts.models import User

    shoppers = User.objects.filter(addresses__isnull=False).distinct()
    assert shoppers.exists()
    for shopper in shoppers:
        assert shopper.addresses.filter(deleted_at__isnull=True).count() == 2
        assert shopper.addresses.filter(primary=True).count() == 1
