"""Error pages with DEBUG off are JSON in the seeds' `{"detail": ...}` shape, whatever refused the request."""

from urllib.parse import urlencode

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from pazar import urls as root_urls


def _raise_permission_denied(request):
    raise PermissionDenied


def _raise_error(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("django-403/", _raise_permission_denied),
    path("admin/django-403/", _raise_permission_denied),
    path("django-500/", _raise_error),
    *root_urls.urlpatterns,
]
handler400 = root_urls.handler400
handler403 = root_urls.handler403
handler404 = root_urls.handler404
handler500 = root_urls.handler500


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["shop.example.com"]
    return Client(raise_request_exception=False, HTTP_HOST="shop.example.com")


def _json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail"} and isinstance(body["detail"], str)
    return body["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/users/login/", "/admin/login/", "/no/such/path/"])
def test_an_unknown_host_is_a_json_400(production, path):
    response = production.get(path, HTTP_HOST="evil.example.net")

    assert _json_error(response, 400) == "Bad request."
    assert b"evil.example.net" not in response.content


@pytest.mark.django_db
def test_too_many_form_fields_is_a_json_400(production, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    body = urlencode({f"f{n}": "x" for n in range(11)})

    for form_path in ["/users/login/", "/users/password/reset/"]:
        response = production.post(form_path, body, content_type="application/x-www-form-urlencoded")
        assert _json_error(response, 400) == "The request has too many fields."
    many = "&".join(f"q{n}=x" for n in range(11))
    assert _json_error(production.get(f"/users/orders/?{many}"), 400) == "The request has too many fields."


@pytest.mark.django_db
def test_a_form_body_over_djangos_memory_limit_is_a_json_400(production, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    settings.REQUEST_MAX_BYTES = 10_000

    response = production.post(
        "/users/login/", urlencode({"email": "a" * 200}), content_type="application/x-www-form-urlencoded"
    )

    assert _json_error(response, 400) == "The request body is too large."


@pytest.mark.django_db
@pytest.mark.urls("pazar.core.tests.test_error_pages")
def test_django_level_403_500_and_404_are_json(production):
    assert _json_error(production.get("/django-403/"), 403) == "You do not have permission to perform this action."
    assert _json_error(production.get("/django-500/"), 500) == "A server error occurred."
    assert _json_error(production.get("/no/such/path/"), 404) == "Not found."


@pytest.mark.django_db
@pytest.mark.urls("pazar.core.tests.test_error_pages")
def test_the_admin_keeps_djangos_html_403(production):
    response = production.get("/admin/django-403/")

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
