"""Failed-login limits (issue 15): reserved before the hash, per email and address, no lock-out of the owner."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from pazar.accounts.models import User
from pazar.core.testing import run_together

LOGIN = "/users/login/"
STRANGER = "203.0.113.66"
OWNER = "198.51.100.7"


def _login(email, password, address):
    return APIClient().post(LOGIN, {"email": email, "password": password}, format="json", REMOTE_ADDR=address)


@pytest.fixture
def hash_checks(monkeypatch):
    """How many times a password was checked against a stored hash."""
    counter = {"n": 0}
    lock = threading.Lock()
    original = User.check_password

    def counting(self, raw_password):
        with lock:
            counter["n"] += 1
        return original(self, raw_password)

    monkeypatch.setattr(User, "check_password", counting)
    return counter


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent requests need PostgreSQL")
def test_32_wrong_passwords_at_once_get_no_more_hash_checks_than_the_limit(user, settings, hash_checks):
    # given an account and the limit of 10 failures per email and address
    limit = settings.LOGIN_FAILURE_LIMIT

    # when 32 wrong passwords for it arrive at the same moment from one address
    answers = run_together(lambda i: _login(user.email, f"wrong-{i}", STRANGER).status_code)

    # then only `limit` of them reached the password hash; the others were refused before it
    assert hash_checks["n"] == limit
    assert sorted(answers) == sorted([400] * limit + [429] * (32 - limit))


@pytest.mark.django_db
def test_attempts_beyond_the_limit_are_refused_before_the_hash(api_client, user, settings, hash_checks):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert _login(user.email, "wrong-password", STRANGER).status_code == 400

    assert _login(user.email, "wrong-password", STRANGER).status_code == 429
    assert hash_checks["n"] == settings.LOGIN_FAILURE_LIMIT


@pytest.mark.django_db
def test_a_strangers_failures_do_not_lock_the_owner_out(user, password, settings):
    # given a stranger who failed 10 times with the owner's email, and is now blocked
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(user.email, "wrong-password", STRANGER)
    assert _login(user.email, password, STRANGER).status_code == 429

    # when the owner logs in from their own address with the right password
    response = _login(user.email, password, OWNER)

    # then they get in, and the stranger is still blocked
    assert response.status_code == 200
    assert "key" in response.json()
    assert _login(user.email, "wrong-password", STRANGER).status_code == 429


@pytest.mark.django_db
def test_the_per_email_limit_slows_a_guess_spread_over_many_addresses(user, password, settings):
    # given an account whose owner logged in once from their address, and a low per-email limit
    settings.LOGIN_FAILURE_EMAIL_LIMIT = 5
    assert _login(user.email, password, OWNER).status_code == 200

    # when wrong passwords come from many addresses, one each
    answers = [_login(user.email, "wrong-password", f"192.0.2.{n}").status_code for n in range(1, 8)]

    # then past the per-email limit they are refused, even where no address reached its own limit
    assert answers == [400] * 5 + [429] * 2
    # and a new address is refused even with the right password, while the owner's address still gets in
    assert _login(user.email, password, "192.0.2.200").status_code == 429
    assert _login(user.email, password, OWNER).status_code == 200


@pytest.mark.django_db
def test_a_success_ends_the_run_of_failures_for_the_email(user, password, settings):
    settings.LOGIN_FAILURE_EMAIL_LIMIT = 3
    for n in range(2):
        _login(user.email, "wrong-password", f"192.0.2.{n + 1}")
    assert _login(user.email, password, "192.0.2.50").status_code == 200

    answers = [_login(user.email, "wrong-password", f"192.0.2.{n + 10}").status_code for n in range(3)]

    assert answers == [400, 400, 400]


@pytest.mark.django_db
def test_unknown_emails_are_limited_like_known_ones(settings):
    answers = [
        _login("nobody@example.com", "wrong", STRANGER).status_code for _ in range(settings.LOGIN_FAILURE_LIMIT + 1)
    ]

    assert answers == [400] * settings.LOGIN_FAILURE_LIMIT + [429]
