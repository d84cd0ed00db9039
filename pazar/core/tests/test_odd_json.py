"""Odd JSON: deep nesting is a 400 on every JSON endpoint; free JSON objects refuse what cannot be stored."""

import json

import pytest
from django.test import override_settings

from pazar.accounts.models import User
from pazar.support.models import ContactUsMessage

PROFILE = "/users/profile/"
DEEP = '{"email": ' + "[" * 5000 + "]" * 5000 + ', "password": "x"}'


def _nested(depth: int) -> str:
    return '{"email": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/users/login/", "/users/registration/", "/users/contact-us/"])
def test_5000_nested_arrays_are_a_400_for_anonymous_endpoints(api_client, path):
    response = api_client.post(path, DEEP, content_type="application/json")

    assert response.status_code == 400
    assert "nested" in response.json()["detail"]
    assert not User.objects.exists()
    assert not ContactUsMessage.objects.exists()


@pytest.mark.django_db
def test_deep_nesting_is_a_400_for_a_logged_in_write(token_client, user):
    response = token_client.patch(PROFILE, DEEP, content_type="application/json")

    assert response.status_code == 400
    assert token_client.get(PROFILE).status_code == 200


@pytest.mark.django_db
def test_nesting_is_bounded_well_below_the_stack(api_client):
    # 33 levels is refused as too deep; 32 parses and gets the field's own error
    too_deep = api_client.post("/users/login/", _nested(32), content_type="application/json")
    fine = api_client.post("/users/login/", _nested(31), content_type="application/json")

    assert too_deep.status_code == 400 and "detail" in too_deep.json()
    assert fine.status_code == 400 and "email" in fine.json()


BAD_ATTRIBUTES = {
    "lone surrogate": '{"attributes": {"note": "a\\ud800b"}}',
    "surrogate in a key": '{"attributes": {"\\udfff": 1}}',
    "NUL": '{"attributes": {"note": "a\\u0000b"}}',
    "NUL deep inside": '{"attributes": {"a": [{"b": ["\\u0000"]}]}}',
    "1e400": '{"attributes": {"x": 1e400}}',
    "-1e400": '{"attributes": {"x": [-1e400]}}',
    "huge integer": '{"attributes": {"x": ' + "9" * 40 + "}}",
}


@pytest.mark.django_db
@pytest.mark.parametrize("body", BAD_ATTRIBUTES.values(), ids=BAD_ATTRIBUTES.keys())
def test_free_json_refuses_what_cannot_be_stored_on_that_field(token_client, user, body):
    # when the profile is patched with an attribute that cannot be stored and read back
    response = token_client.patch(PROFILE, body, content_type="application/json")

    # then it is a 400 on `attributes` alone, and the profile is untouched and still readable
    assert response.status_code == 400
    assert list(response.json()) == ["attributes"]
    user.refresh_from_db()
    assert user.attributes in ({}, None)
    assert token_client.get(PROFILE).status_code == 200
    assert token_client.patch(PROFILE, {"first_name": "Ada"}, format="json").status_code == 200


@pytest.mark.django_db
def test_free_json_in_a_multipart_form_never_stores_a_surrogate(token_client, user):
    token_client.patch(PROFILE, {"attributes": json.dumps({"note": "a\ud800b"})}, format="multipart")

    user.refresh_from_db()
    assert "note" not in (user.attributes or {})
    assert token_client.get(PROFILE).status_code == 200


@pytest.mark.django_db
def test_ordinary_attributes_still_round_trip(token_client, user):
    value = {"note": "İstanbul ✓", "n": 2**62, "f": 1.5, "list": [True, None, {"x": "y"}]}

    response = token_client.patch(PROFILE, {"attributes": value}, format="json")

    assert response.status_code == 200
    assert token_client.get(PROFILE).json()["attributes"] == value


@pytest.mark.django_db
@override_settings(LANGUAGE_CODE="en")
def test_the_nul_message_is_translated(token_client, user):
    response = token_client.patch(
        PROFILE, BAD_ATTRIBUTES["NUL"], content_type="application/json", HTTP_ACCEPT_LANGUAGE="tr"
    )

    assert response.json()["attributes"] != ["Null characters are not allowed."]
