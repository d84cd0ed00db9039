"""The address book as the storefront's own request code calls it (`data/client/address.ts`).

Bodies are JSON with the ids as strings and `is_corporate` as "true"/"false" (the client's
AddressType enum), a session with `x-csrftoken`, trailing slashes; answers are checked against the
client's `types/commerce/address.ts` and seed 003's address object.
"""

import json

import pytest
from constance.test import override_config
from django.db import IntegrityError, transaction

from pazar.accounts.tests.factories import UserFactory
from pazar.addresses.models import Address
from pazar.addresses.serializers import AddressIdsSerializer, AddressSerializer, AddressUserSerializer
from pazar.addresses.tests.factories import AddressFactory, DistrictFactory, TownshipFactory
from pazar.core.testing import assert_matches_declaration
from pazar.orders import openapi
from pazar.orders.tests.factories import OrderFactory

BOOK = "/address/"
DETAILED = "/address/detailed/"

# Seed 003's address object (orders/openapi.py holds the seed's example, checked against /api/schema/),
# which the client's types/commerce/address.ts Address reads; its user object inside.
ADDRESS_KEYS = set(openapi.ADDRESS)
USER_KEYS = set(openapi.ADDRESS["user"])


def test_the_declarations_hold_the_clients_address_and_the_seeds_user():
    assert set(AddressSerializer.Meta.fields) == ADDRESS_KEYS
    assert set(AddressIdsSerializer.Meta.fields) == ADDRESS_KEYS
    assert set(AddressUserSerializer.Meta.fields) == USER_KEYS


@pytest.fixture
def client(api_client, user):
    """The storefront's session: logged in, CSRF token in x-csrftoken on writes."""
    api_client.force_login(user)
    api_client.get("/csrf_token/")
    api_client.defaults["HTTP_X_CSRFTOKEN"] = api_client.cookies["csrftoken"].value
    return api_client


@pytest.fixture
def place(db):
    district = DistrictFactory(township=TownshipFactory())
    return district


def form(place, **changes) -> dict:
    """What the client's address form posts (addAddress adds `type` from `is_corporate`)."""
    body = {
        "type": "personal",
        "is_corporate": "false",
        "title": "Ev",
        "first_name": "Ayşe",
        "last_name": "Yılmaz",
        "phone_number": "05321234567",
        "country": str(place.city.country_id),
        "city": str(place.city_id),
        "township": str(place.township_id),
        "district": str(place.pk),
        "line": "Moda Caddesi No: 1",
        "postcode": "34710",
    }
    body.update(changes)
    return body


def post(client, body):
    return client.post(BOOK, json.dumps(body), content_type="application/json")


def patch(client, pk, body):
    return client.patch(f"{BOOK}{pk}/", json.dumps(body), content_type="application/json")


def check_address(data: dict, user) -> None:
    """Field by field against the declaration (the client's Address type and seed 003's nesting:
    test_the_declarations_hold_the_clients_address_and_the_seeds_user)."""
    assert_matches_declaration(data, AddressSerializer)
    assert isinstance(data["pk"], int)
    assert isinstance(data["city"]["country"], int)
    assert isinstance(data["is_corporate"], bool)
    assert isinstance(data["primary"], bool)
    assert data["user"]["pk"] == user.pk
    assert data["user"]["attributes_kwargs"] == {}


@pytest.mark.django_db
def test_the_first_address_is_created_as_the_default(client, user, place):
    response = post(client, form(place))

    assert response.status_code == 201, response.json()
    data = response.json()
    check_address(data, user)
    assert data["primary"] is True
    assert data["is_corporate"] is False
    assert data["phone_number"] == "05321234567"
    assert data["email"] == user.email
    assert data["district"]["pk"] == place.pk
    assert Address.objects.get(pk=data["pk"]).user == user


@pytest.mark.django_db
def test_a_corporate_address_needs_company_tax_office_and_number(client, place):
    refused = post(client, form(place, type="corporate", is_corporate="true"))

    assert refused.status_code == 400
    assert set(refused.json()) == {"company_name", "tax_office", "tax_no"}
    assert not Address.objects.exists()

    accepted = post(
        client,
        form(place, type="corporate", is_corporate="true", company_name="Akme AŞ", tax_office="Kadıköy", tax_no="1234"),
    )
    assert accepted.status_code == 201, accepted.json()
    assert accepted.json()["is_corporate"] is True
    assert accepted.json()["tax_no"] == "1234"


@pytest.mark.django_db
def test_bad_fields_are_400_and_nothing_is_written(client, place):
    other = DistrictFactory()  # another city's district
    cases = [
        form(place, phone_number="123"),
        form(place, phone_number="0000000000000"),
        form(place, district=str(other.pk)),
        form(place, city="999999"),
        form(place, first_name=""),
        {k: v for k, v in form(place).items() if k != "line"},
    ]
    for body in cases:
        response = post(client, body)
        assert response.status_code == 400, body
    assert not Address.objects.exists()


@pytest.mark.django_db
def test_the_district_is_required_only_when_the_setting_says_so(client, place):
    without = form(place, district="")

    assert post(client, without).status_code == 201
    with override_config(ADDRESS_DISTRICT_REQUIRED=True):
        response = post(client, without)
    assert response.status_code == 400
    assert "district" in response.json()


@pytest.mark.django_db
def test_the_list_and_the_detailed_list_are_the_callers_own(client, user, other_user, place):
    mine = [AddressFactory(user=user, primary=(n == 0)) for n in range(3)]
    AddressFactory(user=other_user)
    AddressFactory(user=user, deleted_at="2026-01-01T00:00:00Z")

    detailed = client.get(DETAILED).json()
    flat = client.get(BOOK).json()

    assert detailed["count"] == flat["count"] == 3
    assert [a["pk"] for a in detailed["results"]] == [mine[0].pk, mine[2].pk, mine[1].pk]  # default, then newest
    for data in detailed["results"]:
        check_address(data, user)
    # GET /address/ answers the same fields with ids, as Akinon's page shows it
    first = flat["results"][0]
    assert_matches_declaration(first, AddressIdsSerializer)
    assert first["country"] == mine[0].country_id
    assert first["city"] == mine[0].city_id
    assert first["user"] == user.pk


@pytest.mark.django_db
def test_edit_as_the_client_sends_it(client, user, place):
    address = AddressFactory(user=user, primary=True)
    body = form(place, pk=address.pk, user=str(user.pk), title="İş", line="Bağdat Caddesi 5")
    body["user"] = user.pk  # editAddress sends `user: body.user?.pk`

    response = patch(client, address.pk, body)

    assert response.status_code == 200, response.json()
    check_address(response.json(), user)
    address.refresh_from_db()
    assert (address.title, address.line, address.district_id) == ("İş", "Bağdat Caddesi 5", place.pk)


@pytest.mark.django_db
def test_set_default_leaves_exactly_one_primary(client, user):
    first = AddressFactory(user=user, primary=True)
    second = AddressFactory(user=user)

    response = patch(client, second.pk, {"primary": True})

    assert response.status_code == 200
    assert response.json()["primary"] is True
    assert list(Address.objects.filter(user=user, primary=True).values_list("pk", flat=True)) == [second.pk]
    first.refresh_from_db()
    assert first.primary is False


@pytest.mark.django_db
def test_set_default_is_not_refused_for_rules_the_address_predates(client, user):
    # an address without a district, made before the shop required one
    township = TownshipFactory()
    old = AddressFactory(user=user, district=None, township=township, city=township.city, country=township.city.country)
    AddressFactory(user=user, primary=True)

    with override_config(ADDRESS_DISTRICT_REQUIRED=True):
        response = patch(client, old.pk, {"primary": True})
        refused = patch(client, old.pk, {"city": str(old.city_id), "township": str(old.township_id)})

    assert response.status_code == 200
    assert response.json()["primary"] is True
    assert refused.status_code == 400
    assert "district" in refused.json()


@pytest.mark.django_db
def test_the_database_refuses_a_second_primary(user):
    AddressFactory(user=user, primary=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        AddressFactory(user=user, primary=True)


@pytest.mark.django_db
def test_delete_hides_it_and_promotes_another_default(client, user):
    older = AddressFactory(user=user)
    default = AddressFactory(user=user, primary=True)

    response = client.delete(f"{BOOK}{default.pk}/")

    assert response.status_code == 204
    assert [a["pk"] for a in client.get(DETAILED).json()["results"]] == [older.pk]
    older.refresh_from_db()
    assert older.primary is True
    assert client.get(f"{BOOK}{default.pk}/").status_code == 404
    assert client.delete(f"{BOOK}{default.pk}/").status_code == 404


@pytest.mark.django_db
def test_an_order_keeps_its_address_after_edit_and_delete(client, user, place):
    address = AddressFactory(user=user, line="Eski Sokak 1", primary=True)
    order = OrderFactory(user=user, shipping_address=address, billing_address=address)

    assert patch(client, address.pk, {"line": "Yeni Sokak 2"}).status_code == 200
    shown = client.get(f"/users/orders/{order.pk}/").json()
    assert shown["shipping_address"]["line"] == "Eski Sokak 1"
    assert shown["billing_address"]["line"] == "Eski Sokak 1"
    # the book shows the edited one, under the same pk; the order's copy is not in the book
    book = client.get(DETAILED).json()["results"]
    assert [(a["pk"], a["line"]) for a in book] == [(address.pk, "Yeni Sokak 2")]

    # a second order on the edited address, then delete: the order still shows it
    newer = OrderFactory(user=user, shipping_address=address, billing_address=address)
    assert client.delete(f"{BOOK}{address.pk}/").status_code == 204
    assert client.get(f"/users/orders/{newer.pk}/").json()["shipping_address"]["line"] == "Yeni Sokak 2"
    assert client.get(DETAILED).json()["count"] == 0


@pytest.mark.django_db
def test_another_users_address_is_a_404_and_nothing_changes(client, other_user):
    theirs = AddressFactory(user=other_user, primary=True, line="Gizli 1")
    before = list(Address.objects.values())

    assert client.get(f"{BOOK}{theirs.pk}/").status_code == 404
    assert patch(client, theirs.pk, {"line": "Taken"}).status_code == 404
    assert patch(client, theirs.pk, {"primary": True}).status_code == 404
    assert client.delete(f"{BOOK}{theirs.pk}/").status_code == 404

    assert list(Address.objects.values()) == before


@pytest.mark.django_db
def test_user_in_the_body_is_ignored(client, user, other_user, place):
    response = post(client, {**form(place), "user": str(other_user.pk)})

    assert response.status_code == 201
    assert Address.objects.get().user == user


@pytest.mark.django_db
def test_not_logged_in_is_403(api_client, place):
    assert api_client.get(DETAILED).status_code == 403
    assert api_client.post(BOOK, form(place), format="json").status_code == 403


@pytest.mark.django_db
def test_the_detailed_list_query_count_does_not_grow(client, user, django_assert_max_num_queries):
    for _ in range(20):
        AddressFactory(user=user)
    UserFactory()

    # session, user, count, page (everything joined)
    with django_assert_max_num_queries(4):
        response = client.get(DETAILED)
    assert len(response.json()["results"]) == 20
    with django_assert_max_num_queries(4):
        assert len(client.get(BOOK).json()["results"]) == 20
