"""The storefront's session for the wishlist tests."""

import pytest


@pytest.fixture
def client(api_client, user):
    """Logged in by session, the CSRF token in x-csrftoken on writes, as the storefront's proxy sends them."""
    api_client.force_login(user)
    api_client.get("/csrf_token/")
    api_client.defaults["HTTP_X_CSRFTOKEN"] = api_client.cookies["csrftoken"].value
    return api_client
