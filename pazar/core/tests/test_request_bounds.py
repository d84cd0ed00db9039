"""Every input is bounded: request bodies, text fields, lists and JSON objects."""

import pytest
from drf_spectacular.generators import SchemaGenerator

# Strings whose format bounds them already.
BOUNDED_FORMATS = {"date", "date-time", "time", "binary", "uuid", "uri", "email"}
# Lists whose bound drf-spectacular cannot show (a `many=True` serializer's max_length), with
# the test that holds it.
LISTS_BOUNDED_ELSEWHERE = {
    "BulkCancellationRequestRequest.cancel_order_items": "test_a_bulk_request_of_more_than_100_entries_is_refused",
    "OrderCancelRequest.cancel_order_items": "test_an_order_cancel_of_more_than_100_entries_is_refused (orders)",
}


def _request_schemas(schema):
    for operations in schema["paths"].values():
        for operation in operations.values():
            for content in operation.get("requestBody", {}).get("content", {}).values():
                ref = content["schema"].get("$ref")
                if ref:
                    yield ref.rsplit("/", 1)[-1]


def _unbounded(components, node, path, seen):
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            yield from _unbounded(components, components[name], path, seen | {name})
        return
    if node.get("readOnly"):
        return
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in node.get(key, []):
            yield from _unbounded(components, sub, path, seen)
    kind = node.get("type")
    bounded_text = "enum" in node or "maxLength" in node or node.get("format") in BOUNDED_FORMATS
    if kind == "string" and not bounded_text:
        yield path
    if kind == "object" and "properties" not in node and "maxProperties" not in node:
        yield path
    if kind == "array":
        if "maxItems" not in node and path not in LISTS_BOUNDED_ELSEWHERE:
            yield path
        yield from _unbounded(components, node.get("items", {}), path + "[]", seen)
    for name, sub in node.get("properties", {}).items():
        yield from _unbounded(components, sub, f"{path}.{name}", seen)


def test_every_request_field_has_a_bound():
    # given the API's own schema
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]

    # when every request body is walked
    unbounded = [
        path
        for name in sorted(set(_request_schemas(schema)))
        for path in _unbounded(components, components[name], name, {name})
    ]

    # then each text has a maximum length, each list a maximum count, each free object a maximum size
    assert unbounded == []


@pytest.mark.django_db
def test_a_body_over_the_request_limit_is_refused_before_it_is_read(api_client, settings):
    # given a limit of 1 KB on request bodies
    settings.REQUEST_MAX_BYTES = 1024

    # when a larger body is posted
    response = api_client.post("/users/contact-us/", {"message": "x" * 2048})

    # then the answer is 413 in the error format, in the request's language too
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is larger than 1.0\xa0KB."}
    turkish = api_client.post("/users/contact-us/", {"message": "x" * 2048}, HTTP_ACCEPT_LANGUAGE="tr")
    assert turkish.status_code == 413
    assert turkish.json()["detail"].startswith("İstek gövdesi")


@pytest.mark.django_db
def test_a_bulk_request_of_more_than_100_entries_is_refused(token_client):
    # when a bulk cancellation lists 101 entries
    entries = [{"order_item": n, "reason": 1, "cancellation_type": "cancel"} for n in range(1, 102)]
    response = token_client.post("/users/orders/bulk_cancellation_requests/", {"cancel_order_items": entries})

    # then it is refused as a field error, before any entry is looked at
    assert response.status_code == 400
    assert "cancel_order_items" in response.json()
