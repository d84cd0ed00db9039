"""`Authorization: Token <key>`: the key's user, or "Invalid token." / "User inactive or deleted."."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from pazar.core.authentication import TokenAuthentication

pytestmark = pytest.mark.django_db


def _client(key: str, language: str = "en") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE=language)
    return client


def test_the_keys_user_and_the_token_as_auth(user, other_user):
    token = Token.objects.create(user=user)
    Token.objects.create(user=other_user)
    found_user, found_token = TokenAuthentication().authenticate_credentials(token.key)
    assert found_user == user and found_user.email == user.email and found_user.password == user.password
    assert (found_token.key, found_token.user, found_token.created) == (token.key, user, token.created)
    response = _client(token.key).get("/users/user/")
    assert response.status_code == 200 and response.json()["email"] == user.email


def test_one_query_to_authenticate(user):
    token = Token.objects.create(user=user)
    with CaptureQueriesContext(connection) as captured:
        TokenAuthentication().authenticate_credentials(token.key)
    assert len(captured) == 1


@pytest.mark.parametrize(
    ("language", "invalid", "inactive"),
    [("en", "Invalid token.", "User inactive or deleted."), ("tr", None, None)],
)
def test_unknown_key_and_inactive_user_are_refused(user, language, invalid, inactive):
    token = Token.objects.create(user=user)
    unknown = _client("0" * 40, language).get("/users/user/")
    assert unknown.status_code == 403
    user.is_active = False
    user.save(update_fields=["is_active"])
    refused = _client(token.key, language).get("/users/user/")
    assert refused.status_code == 403
    if invalid:
        assert unknown.json()["detail"] == invalid and refused.json()["detail"] == inactive
    else:  # Turkish, from DRF's own catalogue
        assert unknown.json()["detail"] != "Invalid token." and refused.json()["detail"] != unknown.json()["detail"]
