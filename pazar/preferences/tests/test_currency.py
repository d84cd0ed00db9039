"""`POST /users/activate-currency/` (Akinon: JSON `{currency_code}`, 204): the shopper's currency, kept in
the session for visitors and logged-in shoppers alike, and read back by `active_currency`."""

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from pazar.accounts.tests.lifecycle_support import form_post, storefront_login
from pazar.preferences.selectors import active_currency

URL = "/users/activate-currency/"


def _session_currency(client):
    return client.session.get("currency")


@pytest.mark.django_db
def test_a_visitor_activates_a_currency_in_a_new_session():
    client = APIClient(enforce_csrf_checks=True)

    response = client.post(URL, {"currency_code": "usd"}, format="json")

    assert response.status_code == 204, response.content
    assert "osessionid" in response.cookies
    assert _session_currency(client) == "usd"


@pytest.mark.django_db
def test_the_visitors_currency_stays_through_the_login(user, password):
    client = APIClient(enforce_csrf_checks=True)
    client.post(URL.rstrip("/"), {"currency_code": "EUR"}, format="json")

    login = client.post("/users/login/", {"email": user.email, "password": password}, format="json")

    assert login.status_code == 200
    assert _session_currency(client) == "eur"


@pytest.mark.django_db
def test_a_logged_in_shopper_needs_the_csrf_token(user, password):
    browser = storefront_login(user.email, password)

    refused = browser.client.post(URL, {"currency_code": "usd"}, format="json")
    response = browser.post(URL, {"currency_code": "usd"})
    form = form_post(browser.client, URL, {"currency_code": "try"}, HTTP_X_CSRFTOKEN=browser.csrf)

    assert refused.status_code == 403
    assert response.status_code == form.status_code == 204
    assert _session_currency(browser.client) == "try"


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{"currency_code": "xyz"}, {"currency_code": ""}, {}, {"currency_code": ["usd"]}])
def test_a_currency_not_offered_is_a_400_and_changes_nothing(body):
    client = APIClient()
    client.post(URL, {"currency_code": "usd"}, format="json")

    response = client.post(URL, body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["currency_code"]
    assert _session_currency(client) == "usd"


@pytest.mark.django_db
def test_the_offered_currencies_are_a_setting(settings):
    settings.AVAILABLE_CURRENCIES = ["try", "gbp"]

    assert APIClient().post(URL, {"currency_code": "usd"}, format="json").status_code == 400
    assert APIClient().post(URL, {"currency_code": "gbp"}, format="json").status_code == 204


@pytest.mark.django_db
def test_active_currency_reads_the_session_then_the_default(settings):
    request = RequestFactory().get("/", HTTP_X_CURRENCY="eur")
    request.session = {}

    assert active_currency(request) == "try"
    request.session["currency"] = "usd"
    assert active_currency(request) == "usd"
    settings.READ_CURRENCY_FROM_HEADER = True
    assert active_currency(request) == "eur"
    request.META["HTTP_X_CURRENCY"] = "xyz"  # an unknown code is ignored
    assert active_currency(request) == "usd"
