"""OpenAPI descriptions of pazar's authentication schemes."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
