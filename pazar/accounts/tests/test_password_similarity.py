"""Password similarity: checked against what the shopper knows, never the generated username."""

import pytest

from pazar.accounts import models

REGISTRATION = "/users/registration/"


@pytest.fixture
def fixed_username(monkeypatch):
    """A generated username the password will resemble (about 1 in 10 random ones do by chance)."""
    username = "3f9a1c0d5b7e2a4c6e8f0a1b3c5d7e"
    monkeypatch.setattr(models, "generate_username", lambda: username)
    monkeypatch.setattr(models.User._meta.get_field("username"), "_get_default", lambda: username)
    return username


def _body(password, email="jane@example.com"):
    return {"email": email, "password": password, "first_name": "Jane", "last_name": "Roe"}


@pytest.mark.django_db
def test_a_password_like_the_hidden_username_is_accepted(api_client, fixed_username):
    response = api_client.post(REGISTRATION, _body(f"Acc-{fixed_username}"), format="json")

    assert response.status_code == 201


@pytest.mark.django_db
def test_a_password_like_the_email_is_still_refused(api_client):
    response = api_client.post(REGISTRATION, _body("janeroe@example.com", email="janeroe@example.com"), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["password"]
