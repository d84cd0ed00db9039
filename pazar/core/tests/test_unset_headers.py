"""`Accept-Language: undefined` and `x-currency: undefined` (sent by the storefront's proxy) are absent."""

import pytest

from pazar.core.middleware import UnsetHeadersMiddleware


@pytest.mark.django_db
def test_accept_language_undefined_answers_in_the_default_language(api_client, settings):
    undefined = api_client.get("/address/country/", HTTP_ACCEPT_LANGUAGE="undefined")
    absent = api_client.get("/address/country/")

    assert undefined.status_code == absent.status_code == 200
    assert undefined["Content-Language"] == absent["Content-Language"] == settings.LANGUAGE_CODE


@pytest.mark.django_db
def test_a_real_language_still_wins(api_client):
    assert api_client.get("/address/country/", HTTP_ACCEPT_LANGUAGE="tr")["Content-Language"] == "tr"


def test_the_middleware_drops_both_headers_and_keeps_real_values(rf):
    seen = {}

    def view(request):
        seen.update(request.META)
        return None

    middleware = UnsetHeadersMiddleware(view)
    middleware(rf.get("/", HTTP_ACCEPT_LANGUAGE="undefined", HTTP_X_CURRENCY=" Undefined "))
    assert "HTTP_ACCEPT_LANGUAGE" not in seen and "HTTP_X_CURRENCY" not in seen

    seen.clear()
    middleware(rf.get("/", HTTP_ACCEPT_LANGUAGE="tr", HTTP_X_CURRENCY="try"))
    assert (seen["HTTP_ACCEPT_LANGUAGE"], seen["HTTP_X_CURRENCY"]) == ("tr", "try")
