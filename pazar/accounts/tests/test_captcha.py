"""`/users/pz-captcha/` and the verifiers: the storefront's captcha sequence, the provider at its boundary."""

import io
import json
import re
import urllib.error
import urllib.parse

import pytest
from constance import config
from rest_framework.test import APIClient

from pazar.accounts.captcha import services as captcha
from pazar.accounts.tests.lifecycle_support import CAPTCHA, captcha_solve, form_post

LOGIN = "/users/login/"
SITEVERIFY = "pazar.accounts.captcha.services.SiteverifyVerifier"


def _storefront_login(client, email, password):
    """api/auth.ts's login: JSON of every credential next-auth holds, the browser's cookies forwarded."""
    body = {
        "email": email,
        "password": password,
        "formType": "login",
        "locale": "en",
        "captchaValidated": "false",
        "csrfToken": "next-auth-own-token",
        "callbackUrl": "/",
        "json": "true",
    }
    return client.post(LOGIN, body, format="json", HTTP_ACCEPT_LANGUAGE="undefined", HTTP_X_CURRENCY="")


@pytest.mark.django_db
def test_the_storefronts_whole_captcha_sequence_logs_the_owner_in(user, password):
    # given an email whose failures passed the threshold (a stranger's, through the storefront)
    for _ in range(config.LOGIN_CAPTCHA_AFTER_FAILURES):
        assert _storefront_login(APIClient(), user.email, "wrong-password").status_code == 400
    browser = APIClient(enforce_csrf_checks=True)

    # when the owner logs in: auth.ts sees `redirect_url` containing "captcha" and raises `captcha`
    challenge = _storefront_login(browser, user.email, password)
    assert challenge.status_code == 429 and "captcha" in challenge.json()["redirect_url"]

    # and the form fetches the captcha (getCaptcha) and posts the widget's answer (validateCaptcha)
    form = browser.get(CAPTCHA).json()
    site_key = re.search(r"sitekey=[\"|']\w+", form["html"], re.IGNORECASE).group(0)
    assert re.sub(r"sitekey=[\"|']", "", site_key) == form["siteKey"] == "sandbox"
    token = re.search(r"name=['|\"]csrfmiddlewaretoken['|\"] value=['|\"](\w+)", form["html"]).group(1)
    assert token == form["csrfToken"] and browser.cookies["csrftoken"].value
    validated = form_post(browser, CAPTCHA, {"g-recaptcha-response": "sandbox-pass"}, HTTP_X_CSRFTOKEN=token)
    # (the client's success test: `response.location === '/'`)
    assert validated.status_code == 200 and validated.json()["location"] == "/"

    # then the login, sent again with the same cookies, succeeds
    response = _storefront_login(browser, user.email, password)
    assert response.status_code == 200 and response.json()["key"]
    assert browser.get("/current_user/").json()["email"] == user.email


@pytest.mark.django_db
def test_validating_needs_the_csrf_token(user):
    browser = APIClient(enforce_csrf_checks=True)
    browser.get(CAPTCHA)

    response = form_post(browser, CAPTCHA, {"g-recaptcha-response": "sandbox-pass"})

    assert response.status_code == 403
    assert captcha.SESSION_KEY not in browser.session


@pytest.mark.django_db
@pytest.mark.parametrize("answer", [None, "sandbox-fail", "SANDBOX-PASS", "sandbox-pass ", "x" * 5000])
def test_the_sandbox_passes_only_sandbox_pass(answer):
    browser = APIClient(enforce_csrf_checks=True)
    token = browser.get(CAPTCHA).json()["csrfToken"]

    response = form_post(browser, CAPTCHA, {"g-recaptcha-response": answer}, HTTP_X_CSRFTOKEN=token)

    if answer is None or len(answer) > 4096:
        assert response.status_code == 400 and "g-recaptcha-response" in response.json()
    else:
        assert response.status_code == 200 and response.json() == {"success": False}
    assert captcha.SESSION_KEY not in browser.session


# --- the siteverify verifier, faked at the HTTP boundary --------------------------------------------


class _Answer(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def provider(settings, monkeypatch):
    """The provider's siteverify endpoint: `provider.answer` is what it does; `provider.sent` what it got."""
    settings.CAPTCHA_VERIFIER = SITEVERIFY
    settings.CAPTCHA_SECRET_KEY = "the-secret"
    settings.CAPTCHA_SITE_KEY = "site_key_1"
    settings.CAPTCHA_VERIFY_URL = "https://challenges.example/siteverify"

    class Provider:
        answer = b'{"success": true}'
        sent: list = []

    def urlopen(request, timeout):
        Provider.sent.append((request.full_url, urllib.parse.parse_qs(request.data.decode()), timeout))
        if isinstance(Provider.answer, Exception):
            raise Provider.answer
        return _Answer(Provider.answer)

    monkeypatch.setattr(captcha.urllib.request, "urlopen", urlopen)
    Provider.sent = []
    return Provider


@pytest.mark.django_db
def test_siteverify_posts_secret_and_response_and_trusts_its_success(provider):
    browser = APIClient(enforce_csrf_checks=True)
    assert browser.get(CAPTCHA).json()["siteKey"] == "site_key_1"

    response = captcha_solve(browser, answer="token-from-the-widget")

    assert response.json() == {"success": True, "location": "/"}
    ((url, fields, timeout),) = provider.sent
    assert url == "https://challenges.example/siteverify" and timeout == 3
    assert fields["secret"] == ["the-secret"] and fields["response"] == ["token-from-the-widget"]


@pytest.mark.django_db
def test_siteverify_refusal_is_success_false(provider):
    provider.answer = json.dumps({"success": False, "error-codes": ["invalid-input-response"]}).encode()

    assert captcha_solve(APIClient(enforce_csrf_checks=True)).json() == {"success": False}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "outage",
    [
        TimeoutError("timed out"),
        urllib.error.URLError("connection refused"),
        urllib.error.HTTPError("https://challenges.example/siteverify", 502, "Bad Gateway", {}, None),
        b"<html>maintenance</html>",
        b'{"success": "yes"}',
        b"[]",
    ],
)
def test_a_provider_outage_fails_closed_with_503_and_retry_after(provider, outage, user, password):
    # given an email past its threshold, and a provider that cannot give an answer
    for _ in range(config.LOGIN_CAPTCHA_AFTER_FAILURES):
        APIClient().post(LOGIN, {"email": user.email, "password": "wrong"}, format="json")
    provider.answer = outage
    browser = APIClient(enforce_csrf_checks=True)

    # when the owner's browser posts the captcha
    response = captcha_solve(browser)

    # then a clear 503 with Retry-After, and nothing passes: the login still asks for the captcha
    assert response.status_code == 503 and response["Retry-After"] == str(captcha.RETRY_AFTER_SECONDS)
    assert "captcha" in response.json()["detail"]
    login = browser.post(LOGIN, {"email": user.email, "password": password}, format="json")
    assert login.status_code == 429 and login.json()["redirect_url"] == CAPTCHA


@pytest.mark.django_db
def test_siteverify_without_a_secret_passes_nothing(provider, settings):
    settings.CAPTCHA_SECRET_KEY = ""

    response = captcha_solve(APIClient(enforce_csrf_checks=True))

    assert response.status_code == 503 and provider.sent == []
