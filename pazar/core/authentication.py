"""Session (CSRF-enforced) and token authentication as the storefront uses them."""

import functools

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token


class SessionAuthentication(authentication.SessionAuthentication):
    """The `osessionid` session; writes need the CSRF token in `x-csrftoken`."""


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`; no CSRF, since the browser does not send it by itself.

    The token's user is read with one SQL statement written once from the models' metadata,
    instead of DRF's `Token.objects.select_related("user").get(key=...)`, whose building and
    compiling cost twice what PostgreSQL spends answering it, on every authenticated request
    (`make bench`). Same answers: the user, or 401/403 "Invalid token." / "User inactive or
    deleted."; `request.auth` is the Token (key, user, created).
    """

    def authenticate_header(self, request):
        # Answer "not logged in" with 403 like the session does, whatever the scheme tried.
        return None

    def authenticate_credentials(self, key):
        found = list(get_user_model().objects.raw(_user_by_token_sql(connection.vendor), [key]))
        if not found:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = found[0]
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token = Token(key=key, user=user, created=_created(user.token_created))
        token._state.adding = False
        token._state.db = user._state.db
        return user, token


def _created(value):
    """The token's `created` as the ORM reads it (a raw query leaves extra columns unconverted)."""
    field = Token._meta.get_field("created")
    col = field.get_col(Token._meta.db_table)
    for convert in connection.ops.get_db_converters(col) + col.get_db_converters(connection):
        value = convert(value, col, connection)
    return value


@functools.cache
def _user_by_token_sql(vendor: str) -> str:
    quote = connection.ops.quote_name
    users, tokens = get_user_model()._meta, Token._meta
    columns = ", ".join(f"u.{quote(field.column)}" for field in users.concrete_fields)
    created = quote(tokens.get_field("created").column)
    join = f"u.{quote(users.pk.column)} = t.{quote(tokens.get_field('user').column)}"
    # Names come from the models and are quoted; the key travels as a parameter.
    return (
        f"SELECT {columns}, t.{created} AS token_created "  # noqa: S608
        f"FROM {quote(tokens.db_table)} t JOIN {quote(users.db_table)} u ON {join} "
        f"WHERE t.{quote(tokens.pk.column)} = %s"
    )
