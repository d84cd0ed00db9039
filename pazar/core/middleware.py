"""Request plumbing shared by every endpoint."""

from django.urls import Resolver404, get_resolver

NOT_FOUND_ROUTE = "not-found"


class OptionalTrailingSlashMiddleware:
    """Serve `/users/logout` as `/users/logout/` without a redirect that would drop a POST body.

    The storefront calls some paths without the trailing slash; all routes are declared with it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not path.endswith("/") and not _routes(path) and _routes(path + "/"):
            request.path_info = path + "/"
            request.path = request.path + "/"
        return self.get_response(request)


def _routes(path: str) -> bool:
    """Whether a real route (not the catch-all JSON 404) serves this path."""
    try:
        match = get_resolver().resolve(path)
    except Resolver404:
        return False
    return match.url_name != NOT_FOUND_ROUTE


class RequestSizeLimitMiddleware:
    """Refuse a body larger than REQUEST_MAX_BYTES with 413 before any of it is read.

    Django only reads `Content-Length` bytes from the stream, so the declared length bounds what
    an upload can make the server read or spool to disk; the per-field limits (contact-us file,
    avatar) are checked later on what was read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.http import JsonResponse
        from django.template.defaultfilters import filesizeformat
        from django.utils.translation import gettext as _

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            message = _("The request body is larger than %(size)s.") % {
                "size": filesizeformat(settings.REQUEST_MAX_BYTES)
            }
            return JsonResponse({"detail": message}, status=413)
        return self.get_response(request)


# Headers the storefront's proxy forwards as the literal text "undefined" when its value is unset.
UNSET_HEADER_VALUES = {"undefined", "null"}
DROPPED_WHEN_UNSET = ("HTTP_ACCEPT_LANGUAGE", "HTTP_X_CURRENCY")


class UnsetHeadersMiddleware:
    """Treat `Accept-Language: undefined` and `x-currency: undefined` as absent headers.

    `api/client.ts` copies the browser's headers and may send these as the text of a JavaScript
    undefined; Django would try it as a language tag, and a currency reader as a currency code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key in DROPPED_WHEN_UNSET:
            value = request.META.get(key)
            if value is not None and value.strip().lower() in UNSET_HEADER_VALUES:
                del request.META[key]
        return self.get_response(request)
