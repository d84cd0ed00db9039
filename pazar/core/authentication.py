"""Session (CSRF-enforced) and token authentication as the storefront uses them."""

from rest_framework import authentication


class SessionAuthentication(authentication.SessionAuthentication):
    """The `osessionid` session; writes need the CSRF token in `x-csrftoken`."""


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`; no CSRF, since the browser does not send it by itself."""

    def authenticate_header(self, request):
        # Answer "not logged in" with 403 like the session does, whatever the scheme tried.
        return None
