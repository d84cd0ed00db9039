"""CSRF for session writes (not token writes), the login and registration throttles, trusted proxies."""

import pytest
from rest_framework.test import APIClient

from pazar.accounts.tests.factories import UserFactory
from pazar.core.throttling import LoginIPThrottle, RegistrationIPThrottle

LOGIN = "/users/login/"
PROFILE = "/users/profile/"


# --- CSRF ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_session_write_without_the_csrf_header_is_refused(api_client, user):
    api_client.force_login(user)

    response = api_client.patch(PROFILE, {"first_name": "Changed"}, format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    user.refresh_from_db()
    assert user.first_name != "Changed"


@pytest.mark.django_db
def test_a_session_write_with_the_cookies_token_in_x_csrftoken_passes(api_client, user):
    # given the CSRF cookie, as the storefront gets it
    api_client.force_login(user)
    api_client.get("/csrf_token/")
    token = api_client.cookies["csrftoken"].value

    # when the write sends it back in x-csrftoken
    response = api_client.patch(PROFILE, {"first_name": "Changed"}, format="json", HTTP_X_CSRFTOKEN=token)

    # then it is applied
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.first_name == "Changed"


@pytest.mark.django_db
def test_a_wrong_csrf_token_is_refused(api_client, user):
    api_client.force_login(user)
    api_client.get("/csrf_token/")

    response = api_client.patch(PROFILE, {"first_name": "X"}, format="json", HTTP_X_CSRFTOKEN="x" * 64)

    assert response.status_code == 403


@pytest.mark.django_db
def test_a_token_write_needs_no_csrf(token_client, user):
    response = token_client.patch(PROFILE, {"first_name": "ByToken"}, format="json")

    assert response.status_code == 200


# --- login throttle ------------------------------------------------------------------------------


def _login(client, email, password, **extra):
    return client.post(LOGIN, {"email": email, "password": password}, format="json", **extra)


@pytest.mark.django_db
def test_ten_failures_for_one_email_lock_it_even_with_the_right_password(api_client, user, password, settings):
    # given 10 failed attempts for the email
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert _login(api_client, user.email, "wrong-password").status_code == 400

    # when the right password comes now, in any letter case
    response = _login(api_client, user.email.upper(), password)

    # then it is refused with 429 in DRF's format
    assert response.status_code == 429
    assert "detail" in response.json()


@pytest.mark.django_db
def test_the_lock_is_per_email(api_client, user, other_user, password, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(api_client, user.email, "wrong-password")

    assert _login(api_client, other_user.email, password).status_code == 200


@pytest.mark.django_db
def test_a_success_before_the_limit_resets_the_count(api_client, user, password, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _login(api_client, user.email, "wrong-password")
    assert _login(api_client, user.email, password).status_code == 200

    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _login(api_client, user.email, "wrong-password")

    assert _login(api_client, user.email, password).status_code == 200


@pytest.mark.django_db
def test_the_per_address_limit_counts_every_attempt(api_client, password, monkeypatch):
    # given an address allowed 3 login attempts an hour
    monkeypatch.setattr(LoginIPThrottle, "rate", "3/hour", raising=False)
    users = [UserFactory(password=password) for _ in range(4)]

    # when 4 different shoppers log in from it
    statuses = [_login(api_client, u.email, password).status_code for u in users]

    # then the fourth is throttled
    assert statuses == [200, 200, 200, 429]


@pytest.mark.django_db
def test_the_registration_limit_per_address(api_client, monkeypatch):
    monkeypatch.setattr(RegistrationIPThrottle, "rate", "2/hour", raising=False)
    body = {"password": "a-long-Passphrase-42", "first_name": "A", "last_name": "B"}

    statuses = [
        api_client.post("/users/registration/", {**body, "email": f"r{n}@example.com"}, format="json").status_code
        for n in range(3)
    ]

    assert statuses == [201, 201, 429]


# --- client address behind proxies ------------------------------------------------------------


@pytest.mark.django_db
def test_x_forwarded_for_from_an_untrusted_address_is_ignored(password, monkeypatch, settings):
    # given no trusted proxy and a limit of 2 attempts per address
    settings.TRUSTED_PROXIES = []
    monkeypatch.setattr(LoginIPThrottle, "rate", "2/hour", raising=False)
    client = APIClient()
    user = UserFactory(password=password)

    # when an attacker rotates X-Forwarded-For
    statuses = [
        _login(client, user.email, password, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)
    ]

    # then the limit still applies to their real address
    assert statuses == [200, 200, 429]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_shopper_has_their_own_limit(password, monkeypatch, settings):
    # given the storefront's server as a trusted proxy, and a limit of 1 attempt per address
    from pazar.core import net

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    net._trusted_networks.cache_clear()
    monkeypatch.setattr(LoginIPThrottle, "rate", "1/hour", raising=False)
    client = APIClient(REMOTE_ADDR="127.0.0.1")
    user = UserFactory(password=password)

    # when two shoppers log in through it, then one of them again
    first = _login(client, user.email, password, HTTP_X_FORWARDED_FOR="203.0.113.1")
    second = _login(client, user.email, password, HTTP_X_FORWARDED_FOR="203.0.113.2")
    again = _login(client, user.email, password, HTTP_X_FORWARDED_FOR="203.0.113.1")

    # then each address is counted on its own
    assert (first.status_code, second.status_code, again.status_code) == (200, 200, 429)


@pytest.mark.django_db
def test_a_spoofed_hop_before_the_trusted_proxy_is_not_believed(password, monkeypatch, settings):
    # given a trusted proxy that appends the real client to what the client sent
    from pazar.core import net

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    net._trusted_networks.cache_clear()
    monkeypatch.setattr(LoginIPThrottle, "rate", "1/hour", raising=False)
    client = APIClient(REMOTE_ADDR="127.0.0.1")
    user = UserFactory(password=password)

    # when the attacker (203.0.113.9) puts a different fake address first each time
    statuses = [
        _login(client, user.email, password, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.9").status_code
        for n in range(2)
    ]

    # then the right-most untrusted hop (their real address) is the one counted
    assert statuses == [200, 429]
