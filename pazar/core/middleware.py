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
