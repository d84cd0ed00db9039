"""OpenAPI pieces every app shares: the authentication schemes, the common error responses."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, OpenApiResponse


def response_example(name: str, value, **kwargs) -> OpenApiExample:
    """An example of a response body (never offered as a request's)."""
    return OpenApiExample(name, value=value, response_only=True, **kwargs)


ERROR_403 = OpenApiResponse(description='Not logged in, or a session write without CSRF: {"detail": "..."}')
ERROR_404 = OpenApiResponse(
    description="No such object of the logged-in user (someone else's is a 404 too).",
    examples=[response_example("Not found", {"detail": "Not found."})],
)


class SessionScheme(OpenApiAuthenticationExtension):
    """The storefront's session cookie; writes also need `x-csrftoken`."""

    target_class = "pazar.core.authentication.SessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "Session cookie from /users/login/. Writes need the CSRF token in `x-csrftoken`.",
        }


class TokenScheme(OpenApiAuthenticationExtension):
    """`Authorization: Token <key>` for scripts and sellers."""

    target_class = "pazar.core.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`, the key from /users/login/ (or the seller's token).",
        }


# An object that may be null (a method field returning a dict or None).
NULLABLE_OBJECT = {"type": "object", "additionalProperties": True, "nullable": True}


# --- Error responses every operation can give ------------------------------------------------------

ERROR_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# `{"field": ["message"]}`, `{"non_field_errors": [...]}` or `{"detail": "..."}`.
ERROR_FIELDS = {
    "type": "object",
    "additionalProperties": True,
    "description": 'Field errors {"field": ["message"]}, or {"detail": "message"}.',
}
UNSAFE = {"post", "put", "patch", "delete"}
SHARED_ERRORS = {
    "404": "Not found: an unknown id or path, or a page past the end.",
    "403": "Not logged in, not allowed, or a session write without a valid `x-csrftoken`.",
}
WRITE_ERRORS = {
    "400": "Malformed JSON, or invalid fields.",
    "413": "The request body is larger than REQUEST_MAX_BYTES.",
}


def document_error_responses(result, generator, request, public):
    """Add the answers the shared plumbing gives to every operation that does not document them.

    The exception handler, pagination, filters and middleware answer 404 (unknown id or page), 403
    (login, permission, CSRF), 400 for an invalid query parameter (`{"parameter": ["..."]}`), and
    for writes 400 (malformed JSON or fields) and 413 (body too large), each documented here as
    `{"detail": "..."}` (400: field errors). Operations that document a status keep their own.
    """
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorDetail", ERROR_DETAIL)
    components.setdefault("ErrorFields", ERROR_FIELDS)
    detail = {"$ref": "#/components/schemas/ErrorDetail"}
    fields = {"$ref": "#/components/schemas/ErrorFields"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            errors = {**SHARED_ERRORS, **(WRITE_ERRORS if method in UNSAFE else {})}
            if any(parameter.get("in") == "query" for parameter in operation.get("parameters", [])):
                errors["400"] = "A query parameter (filter, page or limit) is not valid."
            for status, description in errors.items():
                schema = fields if status == "400" else detail
                responses.setdefault(
                    status, {"description": description, "content": {"application/json": {"schema": schema}}}
                )
    return result
