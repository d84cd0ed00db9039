"""Session (CSRF-enforced) and token authentication as the storefront uses them."""

import functools

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from pazar.core.rows import RowsBy


class SessionAuthentication(authentication.SessionAuthentication):
    """The `osessionid` session; writes need the CSRF token in `x-csrftoken`."""


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`; no CSRF, since the browser does not send it by itself.

    The token's user is read with one SQL statement written once from the models' metadata
    (`RowsBy`), instead of DRF's `Token.objects.select_related("user").get(key=...)`, which the ORM
    would build and compile again on every authenticated request. Same answers: the user, or 401/403
    "Invalid token." / "User inactive or deleted."; `request.auth` is the Token (key, user,
    created).
    """

    def authenticate_header(self, request):
        # Answer "not logged in" with 403 like the session does, whatever the scheme tried.
        return None

    def authenticate_credentials(self, key):
        rows = _token_rows()([key])
        if not rows:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        row = rows[0]
        users = get_user_model()
        user = users.from_db("default", None, [row[f"user__{field.name}"] for field in users._meta.concrete_fields])
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        known = {"key": key, "user_id": user.pk, "created": row["created"]}
        token = Token.from_db("default", None, [known[field.attname] for field in Token._meta.concrete_fields])
        token.user = user
        return user, token


@functools.cache
def _token_rows() -> RowsBy:
    """The token's `created` and its user's every column, the user looked up by its primary key.

    A few hundred sellers' tokens meet millions of users: joined by a plan the token table's statistics
    chose, a seller whose token is newer than them made the merge walk the whole users index
    (pazar/conversations/tests/test_late_seller_plans.py).
    """
    fields = [field.name for field in get_user_model()._meta.concrete_fields]
    return RowsBy(Token, ("created",), key="key", related={"user": fields}, by_key=True)
