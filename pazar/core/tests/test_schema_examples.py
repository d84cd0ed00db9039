"""Every example in `/api/schema/` is an instance of the schema it illustrates.

The examples (orders/openapi.py and the apps' views) are written by hand next to the declarations
they show; nothing else reads them, so they drift when a field is added. Each one is validated
here against its response's schema, converted from OpenAPI 3.0 to JSON Schema:
`nullable` becomes a null alternative, `$ref`s point into the components, and an object that
declares its properties admits no others (an example key the declaration lacks fails too).
Request examples are left out: some show the body as the storefront sends it (ids and flags as
strings, which the parsers coerce), not as the request schema types it.
"""

import jsonschema
import pytest

SCHEMA_URL = "/api/schema/?format=json"
REF = "#/components/schemas/"


def json_schema(node):
    """An OpenAPI 3.0 schema object as JSON Schema (draft 2020-12), recursively."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: json_schema(value) for key, value in node.items() if key not in ("nullable", "example")}
    if isinstance(out.get("$ref"), str) and out["$ref"].startswith(REF):
        out["$ref"] = "#/$defs/" + out["$ref"].removeprefix(REF)
    if out.get("type") == "object" and "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    for bound in ("Minimum", "Maximum"):  # 3.0's boolean flag next to the bound, 2020-12's number
        if out.get(f"exclusive{bound}") is True:
            out[f"exclusive{bound}"] = out.pop(bound.lower())
        elif out.get(f"exclusive{bound}") is False:
            del out[f"exclusive{bound}"]
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


def examples(document):
    """(where, example value, its schema) for every example of a response body."""
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            for status, body in operation.get("responses", {}).items():
                for media, content in body.get("content", {}).items():
                    for name, example in content.get("examples", {}).items():
                        if "value" in example and "schema" in content:
                            yield (
                                f"{method.upper()} {path} {status} {media} {name!r}",
                                example["value"],
                                content["schema"],
                            )


@pytest.fixture(scope="module")
def document(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get(SCHEMA_URL)
    assert response.status_code == 200
    return response.json()


def problems(document) -> list[str]:
    defs = {name: json_schema(schema) for name, schema in document["components"]["schemas"].items()}
    found = []
    for where, value, schema in examples(document):
        validator = jsonschema.Draft202012Validator({**json_schema(schema), "$defs": defs})
        for error in validator.iter_errors(value):
            found.append(f"{where} at {'/'.join(map(str, error.absolute_path))}: {error.message[:200]}")
    return found


def test_the_schema_has_examples_to_check(document):
    assert len(list(examples(document))) > 20


def test_every_example_in_the_schema_validates_against_its_schema(document):
    assert problems(document) == []


def test_an_example_that_lacks_a_required_field_or_has_an_extra_one_is_reported():
    document = {
        "components": {
            "schemas": {
                "Item": {
                    "type": "object",
                    "properties": {"id": {"type": "integer"}, "note": {"type": "string", "nullable": True}},
                    "required": ["id", "note"],
                }
            }
        },
        "paths": {
            "/items/": {
                "get": {
                    "responses": {
                        "200": {
                            "content": {
                                "application/json": {
                                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                                    "examples": {
                                        "Good": {"value": [{"id": 1, "note": None}]},
                                        "Bad": {"value": [{"id": 1, "extra": 2}]},
                                    },
                                }
                            }
                        }
                    }
                }
            }
        },
    }

    found = problems(document)

    assert len(found) == 2
    assert all("'Bad'" in problem for problem in found)
