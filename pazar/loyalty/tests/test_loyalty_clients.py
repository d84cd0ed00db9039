"""The loyalty-card clients: the sandbox, and the HTTP client that only ever calls its configured base URL."""

import io
import json
import urllib.error

import pytest
from constance.test import override_config

from pazar.accounts.tests.factories import UserFactory
from pazar.loyalty import clients
from pazar.loyalty.clients import HttpClient, LoyaltyServiceError, SandboxClient, loyalty_client

BASE = "https://loyalty.example.com/api"


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def calls(monkeypatch):
    """Record every request the HTTP client makes; answer with the queued replies (no network)."""
    made, replies = [], []

    def urlopen(request, timeout):
        made.append({"method": request.get_method(), "url": request.full_url, "body": request.data, "timeout": timeout})
        reply = replies.pop(0) if replies else {"card_number": "LC-1"}
        if isinstance(reply, Exception):
            raise reply
        return FakeResponse(json.dumps(reply).encode())

    monkeypatch.setattr(clients.urllib.request, "urlopen", urlopen)
    monkeypatch.setattr(clients.time, "sleep", lambda seconds: None)
    return made, replies


def test_the_setting_chooses_the_client(db):
    with override_config(CUSTOMER_LOYALTY_CARD_SERVICE={"backend": "sandbox"}):
        assert isinstance(loyalty_client(), SandboxClient)
    with override_config(CUSTOMER_LOYALTY_CARD_SERVICE={"backend": "http", "url": BASE}):
        assert isinstance(loyalty_client(), HttpClient)
    with override_config(CUSTOMER_LOYALTY_CARD_SERVICE={"backend": "ftp"}), pytest.raises(LoyaltyServiceError):
        loyalty_client()


@pytest.mark.django_db
def test_create_and_update_call_only_the_base_url_with_a_timeout(calls, settings):
    made, replies = calls
    user = UserFactory()
    settings.LOYALTY_SERVICE_TOKEN = "secret-token"
    client = HttpClient({"url": BASE + "/"})

    number = client.create_card(user=user, fields={"first_name": "A"})
    client.update_card(card_number=number, fields={"phone": "+905551112233"})

    assert number == "LC-1"
    assert [(c["method"], c["url"]) for c in made] == [("POST", f"{BASE}/cards/"), ("PATCH", f"{BASE}/cards/LC-1/")]
    assert all(c["timeout"] == 5 for c in made)
    assert json.loads(made[0]["body"])["email"] == user.email


@pytest.mark.parametrize("number", ["../../admin", "a/b", "x?y=1", "https://evil.example/", ""])
def test_a_card_number_cannot_steer_the_url(calls, number):
    made, _ = calls
    client = HttpClient({"url": BASE})

    with pytest.raises(LoyaltyServiceError):
        client.update_card(card_number=number, fields={})

    assert made == []


@pytest.mark.django_db
def test_a_card_number_answered_by_the_service_is_checked(calls):
    made, replies = calls
    replies.append({"card_number": "../../etc"})

    with pytest.raises(LoyaltyServiceError):
        HttpClient({"url": BASE}).create_card(user=UserFactory(), fields={})


@pytest.mark.parametrize("url", ["", "file:///etc/passwd", "ftp://x", "javascript:alert(1)"])
def test_only_http_base_urls_are_accepted(url):
    with pytest.raises(LoyaltyServiceError):
        HttpClient({"url": url})


@pytest.mark.django_db
def test_server_errors_are_retried_a_bounded_number_of_times_then_raise(calls):
    made, replies = calls
    error = urllib.error.HTTPError(BASE, 503, "down", {}, None)
    replies.extend([error, error, error, error])

    with pytest.raises(LoyaltyServiceError):
        HttpClient({"url": BASE}).create_card(user=UserFactory(), fields={})

    assert len(made) == 1 + HttpClient.retries


@pytest.mark.django_db
def test_a_client_error_is_not_retried(calls):
    made, replies = calls
    replies.append(urllib.error.HTTPError(BASE, 400, "bad", {}, None))

    with pytest.raises(LoyaltyServiceError):
        HttpClient({"url": BASE}).create_card(user=UserFactory(), fields={})

    assert len(made) == 1


@pytest.mark.django_db
def test_basic_credentials_are_sent(calls, monkeypatch, settings):
    settings.LOYALTY_SERVICE_USERNAME, settings.LOYALTY_SERVICE_PASSWORD = "shop", "pw"
    client = HttpClient({"url": BASE})

    assert client.headers["Authorization"].startswith("Basic ")
