"""CSRF for session writes (not token writes), the login's captcha thresholds, registration throttles, proxies."""

import pytest
from constance import config
from rest_framework.test import APIClient

from pazar.accounts.tests.factories import UserFactory
from pazar.core.throttling import RegistrationIPThrottle

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


def _captcha_asked(response) -> bool:
    return response.status_code == 429 and "captcha" in response.json()["redirect_url"]


@pytest.mark.django_db
def test_past_the_threshold_the_right_password_is_asked_for_the_captcha(api_client, user, password):
    # given LOGIN_CAPTCHA_AFTER_FAILURES failed attempts for the email
    for _ in range(config.LOGIN_CAPTCHA_AFTER_FAILURES):
        assert _login(api_client, user.email, "wrong-password").status_code == 400

    # when the right password comes now, in any letter case, without a solved captcha
    response = _login(api_client, user.email.upper(), password)

    # then the answer is the captcha challenge (429, redirect_url), not a session
    assert _captcha_asked(response)
    assert "detail" in response.json() and "key" not in response.json()


@pytest.mark.django_db
def test_the_threshold_is_per_email(api_client, user, other_user, password):
    for _ in range(config.LOGIN_CAPTCHA_AFTER_FAILURES):
        _login(api_client, user.email, "wrong-password")

    assert _login(api_client, other_user.email, password).status_code == 200


@pytest.mark.django_db
def test_a_success_before_the_threshold_resets_the_count(api_client, user, password):
    for _ in range(config.LOGIN_CAPTCHA_AFTER_FAILURES - 1):
        _login(api_client, user.email, "wrong-password")
    assert _login(api_client, user.email, password).status_code == 200

    for _ in range(config.LOGIN_CAPTCHA_AFTER_FAILURES - 1):
        _login(api_client, user.email, "wrong-password")

    assert _login(api_client, user.email, password).status_code == 200


@pytest.mark.django_db
def test_the_per_address_threshold_counts_failures_for_every_email(api_client, password, settings):
    # given an address past which 3 failures (of any emails) ask for the captcha
    settings.LOGIN_CAPTCHA_AFTER_ADDRESS_FAILURES = 3
    users = [UserFactory(password=password) for _ in range(5)]

    # when shoppers log in from it, some of them right, three of them wrong
    statuses = [_login(api_client, u.email, password).status_code for u in users[:2]]
    statuses += [_login(api_client, u.email, "wrong-password").status_code for u in users[2:]]

    # then successes do not count; the fourth failure's turn is the captcha, for anyone
    assert statuses == [200, 200, 400, 400, 400]
    assert _captcha_asked(_login(api_client, users[0].email, password))


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
def test_x_forwarded_for_from_an_untrusted_address_is_ignored(password, settings):
    # given no trusted proxy and the captcha after 2 failures per address
    settings.TRUSTED_PROXIES = []
    settings.LOGIN_CAPTCHA_AFTER_ADDRESS_FAILURES = 2
    client = APIClient()
    user = UserFactory(password=password)

    # when an attacker rotates X-Forwarded-For
    statuses = [
        _login(client, f"{n}{user.email}", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]

    # then the threshold still applies to their real address
    assert statuses == [400, 400, 429]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_shopper_has_their_own_limit(password, settings):
    # given the storefront's server as a trusted proxy, and the captcha after 1 failure per address
    from pazar.core import net

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    net._trusted_networks.cache_clear()
    settings.LOGIN_CAPTCHA_AFTER_ADDRESS_FAILURES = 1
    client = APIClient(REMOTE_ADDR="127.0.0.1")
    user = UserFactory(password=password)

    # when two shoppers fail a login through it, then one of them again
    first = _login(client, "a" + user.email, "wrong", HTTP_X_FORWARDED_FOR="203.0.113.1")
    second = _login(client, "b" + user.email, "wrong", HTTP_X_FORWARDED_FOR="203.0.113.2")
    again = _login(client, "c" + user.email, "wrong", HTTP_X_FORWARDED_FOR="203.0.113.1")

    # then each address is counted on its own
    assert (first.status_code, second.status_code, again.status_code) == (400, 400, 429)


@pytest.mark.django_db
def test_a_spoofed_hop_before_the_trusted_proxy_is_not_believed(password, settings):
    # given a trusted proxy that appends the real client to what the client sent
    from pazar.core import net

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    net._trusted_networks.cache_clear()
    settings.LOGIN_CAPTCHA_AFTER_ADDRESS_FAILURES = 1
    client = APIClient(REMOTE_ADDR="127.0.0.1")
    user = UserFactory(password=password)

    # when the attacker (203.0.113.9) puts a different fake address first each time
    statuses = [
        _login(client, f"{n}{user.email}", "wrong", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.9").status_code
        for n in range(2)
    ]

    # then the right-most untrusted hop (their real address) is the one counted
    assert statuses == [400, 429]
