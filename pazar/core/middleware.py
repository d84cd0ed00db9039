"""Request plumbing shared by every endpoint."""

from django.urls import Resolver404, get_resolver


class OptionalTrailingSlashMiddleware:
    """Serve `/users/logout` as `/users/logout/` without a redirect that would drop a POST body.

    The storefront calls some paths without the trailing slash; all routes are declared with it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not path.endswith("/"):
            resolver = get_resolver()
            try:
                resolver.resolve(path)
            except Resolver404:
                try:
                    resolver.resolve(path + "/")
                except Resolver404:
                    pass
                else:
                    request.path_info = path + "/"
                    request.path = request.path + "/"
        return self.get_response(request)
