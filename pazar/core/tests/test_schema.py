"""The OpenAPI schema describes every API route, and is served."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from rest_framework.views import APIView

# Routes that are not part of the API contract.
NOT_API = ("admin/", "api/schema/", "api/docs/")


def _api_routes(patterns=None, prefix=""):
    """Yield (path, view class) for every DRF view in the URL configuration."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _api_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view_class = getattr(entry.callback, "cls", None)
            route = prefix + str(entry.pattern)
            if view_class and issubclass(view_class, APIView) and not route.startswith(NOT_API):
                yield route, view_class


def _as_openapi_path(route: str) -> str:
    # drf-spectacular names a `pk` path parameter `id` (SCHEMA_COERCE_PATH_PK)
    path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
    return path.replace("{pk}", "{id}")


def test_every_api_route_is_in_the_schema():
    # given the schema generated from the URL configuration
    schema = SchemaGenerator().get_schema(request=None, public=True)
    documented = set(schema["paths"])
    routes = list(_api_routes())
    assert routes, "no API routes found: the walker is broken"

    # then every DRF route appears in it
    missing = sorted({_as_openapi_path(route) for route, _ in routes} - documented)
    assert missing == []


def test_walker_finds_the_login_route():
    assert "users/login/" in {route for route, _ in _api_routes()}


@pytest.mark.django_db
def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/users/login/" in schema.json()["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    # the UI's files come from the package, not from a CDN
    assert b"cdn.jsdelivr.net" not in docs.content


def test_the_revalidated_lists_document_their_etag_and_304():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    revalidated = {"/users/orders/", "/users/conversations/", "/public-reviews/", "/public-questions/"}
    for path in revalidated:
        get = schema["paths"][path]["get"]
        assert "ETag" in get["responses"]["200"]["headers"], path
        assert "304" in get["responses"], path
        assert any(p["in"] == "header" and p["name"] == "If-None-Match" for p in get["parameters"]), path
    # and a list that is not revalidated says nothing of it
    assert "304" not in schema["paths"]["/users/old-orders/"]["get"]["responses"]
