"""HTTP revalidation of hot read lists: a weak ETag from a cheap version, and 304 without the page.

A view mixes in `RevalidationMixin` and says how its list's version is read (`list_version()`: one
small aggregate query of the filtered, scoped queryset, e.g. its count and latest modification).
The ETag is a digest of that version, the path, the raw query string (page and filters), the active
language and, for private lists, the caller's id; a request whose `If-None-Match` names it gets
`304 Not Modified` (empty body, the same ETag and Cache-Control) and the page is never built.

The ETag is weak (`W/"..."`): it stands for the list's meaning, not its bytes (a change of renderer
or compression would not change it), and If-None-Match uses the weak comparison (RFC 9110 13.1.2).
"""

import hashlib

from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language
from rest_framework import status
from rest_framework.response import Response

PRIVATE_CACHE_CONTROL = "private, no-cache"


def etag_of(*parts) -> str:
    """A weak ETag naming `parts` (any repr-able values)."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f'W/"{digest}"'


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Whether an If-None-Match header names `etag` by the weak comparison ("*" matches any)."""
    if not if_none_match:
        return False
    wanted = etag.removeprefix("W/")
    return any(tag == "*" or tag.removeprefix("W/") == wanted for tag in parse_etags(if_none_match))


class RevalidationMixin:
    """`GET` of a list with an ETag and Cache-Control, answering a matching If-None-Match with 304."""

    private = True  # keyed by the caller; "private, no-cache"

    list_total: int | None = None  # the list's total, from the version: the page reuses it (no COUNT)

    def list_version(self) -> tuple:
        """The list's version, read by the database in one small query; it changes with the list.

        Its first item is the list's total (the filtered count): a miss paginates with it, so the
        version costs the full page no query of its own.
        """
        raise NotImplementedError

    def public_max_age(self) -> int:
        """Seconds a shared cache may keep a public list (read per request: a dynamic setting)."""
        raise NotImplementedError

    def cache_control(self) -> str:
        return PRIVATE_CACHE_CONTROL if self.private else f"public, max-age={int(self.public_max_age())}"

    def list_etag(self, request) -> str:
        caller = request.user.pk if self.private else None
        version = self.list_version()
        self.list_total = version[0]
        return etag_of(request.path, request.META.get("QUERY_STRING", ""), get_language(), caller, *version)

    def get(self, request, *args, **kwargs):
        # `get`, not `list`: the views' own `list()` builds the page, and only runs on a miss.
        etag = self.list_etag(request)
        headers = {"ETag": etag, "Cache-Control": self.cache_control()}
        if etag_matches(request.headers.get("If-None-Match", ""), etag):
            response = Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        else:
            response = super().get(request, *args, **kwargs)
            if response.status_code == status.HTTP_200_OK:
                for name, value in headers.items():
                    response[name] = value
        patch_vary_headers(response, ["Accept-Language"] + (["Authorization", "Cookie"] if self.private else []))
        return response


def schema_parameters():
    """The OpenAPI parameters of a revalidated list: If-None-Match in, ETag and Cache-Control out."""
    from drf_spectacular.types import OpenApiTypes
    from drf_spectacular.utils import OpenApiParameter

    return [
        OpenApiParameter(
            "If-None-Match",
            OpenApiTypes.STR,
            OpenApiParameter.HEADER,
            description="An ETag of this list from an earlier answer: 304 while the list is unchanged.",
        ),
        OpenApiParameter(
            "ETag",
            OpenApiTypes.STR,
            OpenApiParameter.HEADER,
            response=[200, 304],
            description='A weak ETag (W/"...") of the list: it changes with the list, its query, language and caller.',
        ),
        OpenApiParameter(
            "Cache-Control",
            OpenApiTypes.STR,
            OpenApiParameter.HEADER,
            response=[200, 304],
            description='"public, max-age=<PUBLIC_LIST_MAX_AGE_SECONDS>" for public lists, "private, no-cache" else.',
        ),
    ]


def schema_304():
    from drf_spectacular.utils import OpenApiResponse

    return OpenApiResponse(description="Not Modified: If-None-Match names the current ETag; empty body.")
