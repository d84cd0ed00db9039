"""The conventions every endpoint shares: pagination, error shapes, languages, slashes, datetimes, health."""

import re

import pytest

from pazar.catalog.tests.factories import DataSourceFactory
from pazar.conversations.tests.factories import ConversationFactory
from pazar.orders.tests.factories import OrderFactory

ORDERS = "/users/orders/"


# --- pagination ---------------------------------------------------------------------------------


@pytest.fixture
def orders(user):
    return [OrderFactory(user=user) for _ in range(25)]


@pytest.mark.django_db
def test_a_list_pages_by_20_with_absolute_links(token_client, orders):
    response = token_client.get(ORDERS)

    body = response.json()
    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] == 25 and len(body["results"]) == 20
    assert body["next"] == "http://testserver/users/orders/?page=2"
    assert body["previous"] is None


@pytest.mark.django_db
def test_page_and_limit_choose_the_slice(token_client, orders):
    first = token_client.get(ORDERS, {"limit": 10}).json()
    third = token_client.get(ORDERS, {"limit": 10, "page": 3}).json()

    assert len(first["results"]) == 10 and len(third["results"]) == 5
    assert third["next"] is None
    assert third["previous"] == "http://testserver/users/orders/?limit=10&page=2"
    ids = [o["id"] for o in token_client.get(ORDERS, {"limit": 100}).json()["results"]]
    assert [o["id"] for o in third["results"]] == ids[20:]


@pytest.mark.django_db
def test_limit_is_capped_at_100(token_client, user):
    # given 105 conversations (one per store: one conversation per user, store and item)
    for datasource in DataSourceFactory.create_batch(105):
        ConversationFactory(user=user, datasource=datasource)

    body = token_client.get("/users/conversations/", {"limit": 1000}).json()

    assert body["count"] == 105 and len(body["results"]) == 100


@pytest.mark.django_db
def test_a_page_past_the_end_is_a_json_404(token_client, orders):
    response = token_client.get(ORDERS, {"page": 99})

    assert response.status_code == 404
    assert "detail" in response.json()


# --- error shapes ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_field_errors_name_the_field(api_client):
    response = api_client.post("/users/registration/", {"email": "not-an-email"}, format="json")

    assert response.status_code == 400
    assert response.json()["email"] == ["Enter a valid email address."]


@pytest.mark.django_db
def test_a_rule_of_the_business_is_406_with_an_error_code(token_client):
    response = token_client.post("/users/segments/424242/set/")

    assert response.status_code == 406
    body = response.json()
    assert set(body) == {"non_field_errors", "error_code"}
    assert isinstance(body["non_field_errors"], str)
    assert re.fullmatch(r"[a-z_]+_100_\d+", body["error_code"])


@pytest.mark.django_db
@pytest.mark.parametrize("body", ['{"email": ', "[1, 2", "\x00\x01"])
def test_malformed_json_is_a_400(token_client, body):
    response = token_client.generic("PATCH", "/users/profile/", body, content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.django_db
def test_an_unknown_id_is_a_json_404(token_client):
    response = token_client.get("/users/orders/424242/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/no/such/path/", "/users/nothing-here", "/api/v1/remote/"])
def test_an_unknown_path_is_a_json_404_not_an_html_page(api_client, path):
    response = api_client.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_a_wrong_method_is_405(token_client):
    response = token_client.delete("/current_user/")

    assert response.status_code == 405
    assert "detail" in response.json()


# --- trailing slashes --------------------------------------------------------------------------


@pytest.mark.django_db
def test_contact_us_without_the_slash_takes_the_post_without_a_redirect(api_client):
    from pazar.support.tests.factories import ContactUsSubjectFactory

    subject = ContactUsSubjectFactory()
    body = {"subject": subject.pk, "full_name": "Ayşe", "email": "ayse@example.com", "message": "Hello"}

    response = api_client.post("/users/contact-us", body, format="json")

    assert response.status_code == 200
    from pazar.support.models import ContactUsMessage

    assert ContactUsMessage.objects.count() == 1


@pytest.mark.django_db
def test_get_without_the_slash_answers_too(token_client):
    assert token_client.get("/current_user").status_code == 200
    assert token_client.get("/users/profile").status_code == 200


# --- languages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_drfs_own_messages_are_translated(token_client, api_client, user):
    # an anonymous call in Turkish, and a permission refusal in Turkish
    anonymous = api_client.get("/current_user/", HTTP_ACCEPT_LANGUAGE="tr")
    remote = token_client.get("/api/v1/remote/1/conversations/", HTTP_ACCEPT_LANGUAGE="tr")

    assert anonymous.json() == {"detail": "Giriş bilgileri verilmedi."}
    assert remote.status_code == 403
    assert remote.json() == {"detail": "Bu işlemi yapmak için izniniz bulunmuyor."}


@pytest.mark.django_db
def test_djangos_validation_messages_are_translated(api_client):
    english = api_client.post("/users/registration/", {"email": "x"}, format="json").json()
    turkish = api_client.post("/users/registration/", {"email": "x"}, format="json", HTTP_ACCEPT_LANGUAGE="tr").json()

    assert english["first_name"] == ["This field is required."]
    assert turkish["first_name"] == ["Bu alan zorunlu."]
    assert turkish["email"] != english["email"]


@pytest.mark.django_db
def test_an_unsupported_language_falls_back_to_english(api_client):
    response = api_client.get("/current_user/", HTTP_ACCEPT_LANGUAGE="xx-YY")

    assert response.json() == {"detail": "Authentication credentials were not provided."}


# --- datetimes ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_datetimes_are_utc_iso_8601_with_microseconds_and_z(token_client):
    body = token_client.get("/current_user/").json()

    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", body["date_joined"])


# --- health ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_health_is_200_when_the_database_answers(api_client):
    response = api_client.get("/health/")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


@pytest.mark.django_db
def test_health_is_503_when_the_database_does_not(api_client, monkeypatch):
    from django.db import OperationalError

    from pazar.core import views

    class Broken:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(views, "connection", Broken())

    response = api_client.get("/health/")

    assert (response.status_code, response.json()) == (503, {"status": "unavailable"})


# --- query parameters found by the schema fuzzing ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/users/orders/", {"status": "99999999999999999999999"}),
        ("/users/orders/", {"status": "200,abc"}),
        ("/users/conversations/", {"product": "4.5e272"}),
        ("/users/conversations/", {"data_source_id": "-3"}),
        ("/users/messages/", {"conversation": "1.5"}),
    ],
)
def test_an_id_filter_out_of_range_or_not_whole_is_a_400_on_the_parameter(token_client, path, query):
    response = token_client.get(path, query)

    assert response.status_code == 400
    assert list(response.json()) == list(query)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "name"),
    [("/users/conversations/", "created_date__gte"), ("/users/orders/", "created_date__gte")],
)
def test_a_datetime_with_an_offset_postgresql_refuses_is_compared_in_utc(token_client, user, path, name):
    # given a conversation and an order of the user
    ConversationFactory(user=user)
    OrderFactory(user=user)

    # when a filter uses an offset Python accepts but PostgreSQL does not (+19:17)
    response = token_client.get(path, {name: "2000-04-25T04:49:35+19:17"})

    # then it is converted to UTC first and answered
    assert response.status_code == 200
    assert response.json()["count"] == 1
