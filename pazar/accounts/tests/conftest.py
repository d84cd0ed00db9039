"""Fixtures for the profile tests: a shopper with a phone, token clients."""

import pytest


@pytest.fixture
def shopper(db, password):
    """A shopper with a phone number and a few attributes."""
    from pazar.accounts.tests.factories import UserFactory

    return UserFactory(
        password=password,
        phone="+905551112233",
        gender="female",
        email_allowed=True,
        sms_allowed=True,
        call_allowed=True,
        attributes={"confirm": True, "logged_ip": "10.0.0.1", "register_client_type": "default"},
    )


@pytest.fixture
def client_of(db):
    """A token-authenticated client for a user (no CSRF needed)."""
    from rest_framework.test import APIClient

    from pazar.accounts.services import token_for

    def make(user):
        client = APIClient(enforce_csrf_checks=True)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user=user)}")
        return client

    return make


@pytest.fixture
def shopper_client(shopper, client_of):
    return client_of(shopper)
