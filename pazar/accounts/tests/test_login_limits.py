"""Failed-login limits: reserved before the hash; past them the captcha, never a lock-out of the owner.

Behind the stock storefront every shopper arrives from one address (STOREFRONT here), so the tests
that matter most send everything from it: the stranger's failures and the owner's login alike.
"""

import pytest
from constance import config
from django.db import connection
from rest_framework.test import APIClient

from pazar.accounts.tests.lifecycle_support import captcha_solve
from pazar.core.testing import run_together

LOGIN = "/users/login/"
STOREFRONT = "10.0.0.5"


def _login(email, password, address=STOREFRONT, client=None):
    client = client or APIClient()
    return client.post(LOGIN, {"email": email, "password": password}, format="json", REMOTE_ADDR=address)


def _captcha_asked(response) -> bool:
    """The platform's challenge, as api/auth.ts recognises it: `redirect_url` containing "captcha"."""
    return response.status_code == 429 and "captcha" in response.json().get("redirect_url", "")


def _fail(email, times, address=STOREFRONT):
    for _ in range(times):
        assert _login(email, "wrong-password", address).status_code == 400


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent requests need PostgreSQL")
def test_32_wrong_passwords_at_once_get_no_more_hash_checks_than_the_threshold(user, hash_checks):
    # given an account and the captcha after LOGIN_CAPTCHA_AFTER_FAILURES failures
    threshold = config.LOGIN_CAPTCHA_AFTER_FAILURES

    # when 32 wrong passwords for it arrive at the same moment from the storefront
    answers = run_together(lambda i: _login(user.email, f"wrong-{i}").status_code)

    # then only `threshold` of them reached the password hash; the others got the captcha challenge
    assert hash_checks["n"] == threshold
    assert sorted(answers) == sorted([400] * threshold + [429] * (32 - threshold))
    assert _captcha_asked(_login(user.email, "wrong"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent requests need PostgreSQL")
def test_one_solved_captcha_buys_one_hash_check_however_many_logins_race_with_it(user, settings, hash_checks):
    # given an email past its threshold and one session that solved the captcha
    settings.LOGIN_CAPTCHA_AFTER_ADDRESS_FAILURES = 10**6
    _fail(user.email, config.LOGIN_CAPTCHA_AFTER_FAILURES)
    browser = APIClient(enforce_csrf_checks=True)
    assert captcha_solve(browser).json() == {"success": True, "location": "/"}
    cookie = browser.cookies["osessionid"].value
    before = hash_checks["n"]

    # when 32 logins with that session's cookie arrive at once
    def attempt(i):
        client = APIClient()
        client.cookies["osessionid"] = cookie
        return _login(user.email, f"wrong-{i}", client=client).status_code

    answers = run_together(attempt)

    # then the pass was spent once: one hash check, the rest got the challenge
    assert hash_checks["n"] - before == 1
    assert sorted(answers) == sorted([400] + [429] * 31)


@pytest.mark.django_db
def test_attempts_past_the_threshold_get_the_challenge_before_the_hash(user, password, hash_checks):
    _fail(user.email, config.LOGIN_CAPTCHA_AFTER_FAILURES)

    wrong = _login(user.email, "wrong-password")
    right = _login(user.email, password)

    # the platform's challenge, with no Retry-After (waiting is not the way out), and no hash computed
    assert _captcha_asked(wrong) and _captcha_asked(right)
    assert wrong.json()["redirect_url"] == "/users/pz-captcha/" and "Retry-After" not in wrong
    assert hash_checks["n"] == config.LOGIN_CAPTCHA_AFTER_FAILURES


@pytest.mark.django_db
def test_a_strangers_failures_from_the_storefront_do_not_keep_the_owner_out(user, password):
    # given a stranger who failed 25 times with the owner's email through the storefront
    for _ in range(25):
        _login(user.email, "wrong-password")

    # when the owner, through the same storefront, logs in, is asked for the captcha and solves it
    browser = APIClient(enforce_csrf_checks=True)
    assert _captcha_asked(_login(user.email, password, client=browser))
    assert captcha_solve(browser).json()["success"] is True
    response = _login(user.email, password, client=browser)

    # then they are in
    assert response.status_code == 200 and "key" in response.json()
    assert browser.get("/current_user/").json()["email"] == user.email


@pytest.mark.django_db
def test_a_solved_captcha_is_good_for_one_login_of_its_session(user, password, hash_checks):
    _fail(user.email, config.LOGIN_CAPTCHA_AFTER_FAILURES)
    browser = APIClient(enforce_csrf_checks=True)
    captcha_solve(browser)

    # another session (no cookie) gains nothing from it
    assert _captcha_asked(_login(user.email, password))
    # its own session gets one checked attempt, then the challenge again
    assert _login(user.email, "wrong-password", client=browser).status_code == 400
    assert _captcha_asked(_login(user.email, password, client=browser))
    assert hash_checks["n"] == config.LOGIN_CAPTCHA_AFTER_FAILURES + 1


@pytest.mark.django_db
def test_a_wrong_captcha_answer_grants_nothing(user, password):
    _fail(user.email, config.LOGIN_CAPTCHA_AFTER_FAILURES)
    browser = APIClient(enforce_csrf_checks=True)

    assert captcha_solve(browser, answer="sandbox-fail").json() == {"success": False}
    assert _captcha_asked(_login(user.email, password, client=browser))


@pytest.mark.django_db
def test_the_daily_ceiling_of_unsolved_attempts_asks_for_the_captcha(user, password, settings):
    # given a daily ceiling of 3 attempts without a captcha, spent from several addresses
    settings.LOGIN_FAILURE_EMAIL_LIMIT = 3
    answers = [_login(user.email, "wrong-password", f"192.0.2.{n}").status_code for n in range(1, 6)]

    # then past the ceiling the captcha is asked, from any address, and solving it lets the owner in
    assert answers == [400] * 3 + [429] * 2
    browser = APIClient(enforce_csrf_checks=True)
    assert _captcha_asked(_login(user.email, password, "198.51.100.7", client=browser))
    captcha_solve(browser)
    assert _login(user.email, password, "198.51.100.7", client=browser).status_code == 200


@pytest.mark.django_db
def test_a_success_ends_the_run_of_failures_for_the_email(user, password):
    _fail(user.email, config.LOGIN_CAPTCHA_AFTER_FAILURES - 1)
    assert _login(user.email, password).status_code == 200

    answers = [_login(user.email, "wrong-password").status_code for _ in range(config.LOGIN_CAPTCHA_AFTER_FAILURES)]

    assert answers == [400] * config.LOGIN_CAPTCHA_AFTER_FAILURES


@pytest.mark.django_db
def test_unknown_emails_are_limited_like_known_ones():
    threshold = config.LOGIN_CAPTCHA_AFTER_FAILURES
    answers = [_login("nobody@example.com", "wrong", STOREFRONT) for _ in range(threshold + 1)]

    assert [a.status_code for a in answers[:threshold]] == [400] * threshold
    assert _captcha_asked(answers[-1])
