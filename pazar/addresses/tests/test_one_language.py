"""One language per answer: a place's name is the same in the location lists and wherever it is nested
(the address book, an address's answers, the addresses of orders), for the request's language."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pazar.addresses.tests.factories import AddressFactory, CityFactory, CountryFactory, DistrictFactory
from pazar.orders.tests.factories import OrderFactory

# (Accept-Language as the client sends it, the names expected): `undefined` is no header at all,
# so the default language (English) answers.
LANGUAGES = [("tr", "Türkiye", "İstanbul"), ("en", "Turkey", "Istanbul"), ("undefined", "Turkey", "Istanbul")]


@pytest.fixture
def address(user):
    country = CountryFactory(name="Türkiye", translations={"en": {"name": "Turkey"}, "tr": {"name": "Türkiye"}})
    city = CityFactory(country=country, name="İstanbul", translations={"en": {"name": "Istanbul"}})
    return AddressFactory(user=user, district=DistrictFactory(township__city=city))


def _names(body):
    return body["country"]["name"], body["city"]["name"]


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "country", "city"), LANGUAGES)
def test_the_lists_and_the_nested_places_answer_one_language(auth_client, address, language, country, city):
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    order = OrderFactory(user=address.user, shipping_address=address, billing_address=address)

    listed_country = auth_client.get("/address/country/", **headers).json()["results"][0]["name"]
    listed_city = auth_client.get(f"/address/city/?country={address.country_id}", **headers).json()["results"]
    township = auth_client.get(f"/address/township/?city={address.city_id}", **headers).json()["results"][0]
    detailed = auth_client.get("/address/detailed/", **headers).json()["results"][0]
    one = auth_client.get(f"/address/{address.pk}/", **headers).json()
    detail = auth_client.get(f"/users/orders/{order.pk}/", **headers).json()
    listed_order = auth_client.get("/users/orders/", **headers).json()["results"][0]

    assert listed_country == country
    assert [c["name"] for c in listed_city] == [city]
    assert listed_city[0]["country"]["name"] == country
    assert (township["city"]["name"], township["city"]["country"]["name"]) == (city, country)
    assert _names(detailed) == (country, city)
    assert _names(one) == (country, city)
    assert _names(detail["shipping_address"]) == (country, city)
    assert _names(detail["billing_address"]) == (country, city)
    assert _names(listed_order["shipping_address"]) == (country, city)
    # the translations themselves are answered as stored, in every language
    assert detailed["country"]["translations"] == {"en": {"name": "Turkey"}, "tr": {"name": "Türkiye"}}


@pytest.mark.django_db
def test_a_write_answers_the_places_in_the_requests_language(auth_client, address):
    auth_client.get("/csrf_token/")
    csrf = auth_client.cookies["csrftoken"].value

    response = auth_client.patch(
        f"/address/{address.pk}/",
        {"line": "Moda Caddesi 2"},
        format="json",
        HTTP_X_CSRFTOKEN=csrf,
        HTTP_ACCEPT_LANGUAGE="tr",
    )

    assert response.status_code == 200, response.content
    assert _names(response.json()) == ("Türkiye", "İstanbul")


@pytest.mark.django_db
def test_a_place_without_a_translation_answers_its_stored_name(auth_client, user):
    AddressFactory(user=user, city=CityFactory(name="Adana", translations=None), district=None, township=None)

    body = auth_client.get("/address/detailed/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]

    assert body["city"]["name"] == "Adana"
    assert body["country"]["name"] == "Türkiye"  # the factory's country has no translations


@pytest.mark.django_db
def test_a_tag_of_one_language_never_revalidates_another(auth_client, address):
    OrderFactory(user=address.user, shipping_address=address, billing_address=address)
    turkish = auth_client.get("/users/orders/", HTTP_ACCEPT_LANGUAGE="tr")

    english = auth_client.get("/users/orders/", HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=turkish["ETag"])

    assert english.status_code == 200
    assert english["ETag"] != turkish["ETag"]
    assert english.json()["results"][0]["shipping_address"]["country"]["name"] == "Turkey"
    assert "Accept-Language" in english["Vary"]


@pytest.mark.django_db
def test_the_nested_names_cost_no_query(auth_client, user, address):
    auth_client.get("/address/detailed/")  # the session and the first statements warm up
    with CaptureQueriesContext(connection) as one:
        auth_client.get("/address/detailed/?limit=5", HTTP_ACCEPT_LANGUAGE="tr")
    for _ in range(4):
        AddressFactory(user=user, district=DistrictFactory(township__city=address.city))

    with CaptureQueriesContext(connection) as full:
        body = auth_client.get("/address/detailed/?limit=5", HTTP_ACCEPT_LANGUAGE="tr").json()

    assert {r["country"]["name"] for r in body["results"]} == {"Türkiye"}
    assert len(body["results"]) == 5
    assert len(full) == len(one) <= 4  # session (none with Redis), user, count, the page with its places
