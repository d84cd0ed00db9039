"""HTTP revalidation of hot read lists: a weak ETag from versions the database keeps, 304 without the page.

A list endpoint names its `revalidation` (pazar/core/endpoints.py). Its `GET` first reads, in
one fixed SQL statement, the version rows the list depends on (core.ListVersion, kept by triggers:
pazar/core/list_versions.py) together with the stored values of the dynamic settings that change
its JSON. The ETag is a digest of those, the path, the query string (its parameters sorted), the
active language, the declared shape of its items (`shape_of`: a release that changes a field list
changes every tag) and, for a private list, the caller's id. A request whose `If-None-Match` names the
ETag (weak comparison, a list of tags, or `*`) gets `304 Not Modified`, with the ETag, Cache-Control
and Vary and no body, before the page's count and rows are queried. Any other answer is the page,
with the same headers: the version statement is the one query revalidation adds to it.

The version rows also hold the totals of lists whose members the triggers count
(list_versions.Members): `Revalidation.total` names the one that is the unfiltered list's, and
`respond` hands it to the page it builds as its one argument (`page(total)`), so that page costs no
COUNT.

The ETag is weak (`W/"..."`): it stands for the list's meaning, not its bytes (RFC 9110 8.8.1).

The version statement runs on the database the request's reads use (pazar/core/replicas.py): a
replica or the primary, chosen once per request, so the ETag names the versions of the page's own
server, never a newer or older one.
"""

import functools
import hashlib
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import parse_qsl

from constance import codecs
from django.conf import settings
from django.db import connections
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language
from rest_framework import serializers, status
from rest_framework.response import Response

from pazar.core import list_versions, postgresql
from pazar.core.constance import values_read
from pazar.core.replicas import read_alias
from pazar.core.serializers import shared

PRIVATE_CACHE_CONTROL = "private, no-cache"
PRIVATE_VARY = ("Accept-Language", "Authorization", "Cookie")
PUBLIC_VARY = ("Accept-Language",)


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


def normalized_query(query_string: str) -> tuple:
    """The query's parameters, sorted: `?limit=1&page=2` and `?page=2&limit=1` are one list."""
    return tuple(sorted(parse_qsl(query_string, keep_blank_values=True)))


@functools.cache
def shape_of(declaration: type | None) -> str:
    """A digest of the shape `declaration` (a response serializer) declares: its field names and kinds,
    nested serializers and lists of them recursively. Computed once per class and process; an ETag
    names it, so a release whose JSON has other fields never answers 304 to a tag of the old shape."""
    if declaration is None:
        return ""
    return hashlib.blake2b(repr(_shape(shared(declaration))).encode(), digest_size=8).hexdigest()


def _shape(serializer: serializers.BaseSerializer):
    if isinstance(serializer, serializers.ListSerializer):
        return [_shape(serializer.child)]
    return [
        (name, _shape(field) if isinstance(field, serializers.BaseSerializer) else type(field).__name__)
        for name, field in serializer.fields.items()
    ]


class Version(NamedTuple):
    """A list's version row: the version, its mark, and its kept total (0 when it has none)."""

    number: int
    mark: object
    members: int


MISSING = Version(0, None, 0)


class Revalidation:
    """How one list revalidates: the version rows it reads, the settings that change it, who may share it.

    Subclasses (in the domain apps) say `keys()`: always the same number of (scope, key) pairs, so
    the statement is one fixed string (prepared by PostgreSQL after a few runs).
    """

    private = True  # keyed by the caller: "private, no-cache"
    scopes: int = 1  # how many (scope, key) pairs keys() gives
    settings: tuple[str, ...] = ()  # dynamic settings (constance) whose value changes the JSON

    def keys(self, view, request) -> tuple[tuple[str, int], ...]:
        raise NotImplementedError

    def clock(self, request, versions: dict, values: dict) -> object:
        """What of the clock the answer depends on now (None: nothing)."""
        return None

    def total(self, view, request, versions: dict) -> int | None:
        """The list's total when no filter narrows it, from a version row that keeps it (None: none does)."""
        return None

    @functools.cached_property
    def statement(self) -> str:
        where = " OR ".join(['(scope = %s AND "key" = %s)'] * self.scopes)
        # By unique keys: one plan serves every run (run under generic_plan, pazar/core/postgresql/).
        sql = f'SELECT scope, "key", version, mark, members, NULL FROM core_listversion WHERE {where}'  # noqa: S608
        if self.settings:
            names = ", ".join(["%s"] * len(self.settings))
            sql += f" UNION ALL SELECT key, 0, 0, NULL, 0, value FROM constance_constance WHERE key IN ({names})"  # noqa: S608
        return sql

    def read(self, view, request) -> tuple[dict, dict]:
        """The versions {(scope, key): Version} and the settings' values, by one statement."""
        keys = self.keys(view, request)
        assert len(keys) == self.scopes
        prefix = getattr(settings, "CONSTANCE_DATABASE_PREFIX", "")
        params = [part for pair in keys for part in pair] + [prefix + name for name in self.settings]
        # Where the page is read too (a replica's scope holds for the whole request: core/replicas.py).
        connection = connections[read_alias()]
        with connection.cursor() as cursor, postgresql.generic_plan(connection):
            cursor.execute(self.statement, params)
            rows = cursor.fetchall()
        versions = dict.fromkeys(keys, MISSING)
        values = dict.fromkeys(self.settings)
        for scope, key, version, mark, members, value in rows:
            if value is None and (scope, key) in versions:
                versions[(scope, key)] = Version(version, mark, members)
            else:
                values[scope.removeprefix(prefix)] = value
        return versions, values

    def setting(self, values: dict, name: str):
        """A setting's value from the statement's row (constance's encoding), else its default."""
        stored = values.get(name)
        return codecs.loads(stored) if stored is not None else settings.CONSTANCE_CONFIG[name][0]

    def etag(self, view, request) -> str:
        return self._etag(view, request, *self.read(view, request))

    def _etag(self, view, request, versions: dict, values: dict) -> str:
        return etag_of(
            shape_of(view.declaration),
            request.path,
            normalized_query(request.META.get("QUERY_STRING", "")),
            get_language(),
            request.user.pk if self.private else None,
            sorted((pair, version.number) for pair, version in versions.items()),
            sorted((name, self.setting(values, name)) for name in self.settings),
            self.clock(request, versions, values),
        )

    def headers(self) -> dict:
        if self.private:
            return {"Cache-Control": PRIVATE_CACHE_CONTROL}
        return {"Cache-Control": f"public, max-age={int(settings.PUBLIC_LIST_MAX_AGE)}"}

    def answerable(self, view, request) -> bool:
        """Whether the query is one the list answers: a bad filter is a 400, even to `If-None-Match: *`
        (a real tag came with a 200, so only `*` needs the check; validating the filters costs no query)."""
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is None or not request.query_params:
            return True
        return filterset_class(request.query_params, queryset=filterset_class._meta.model.objects.none()).is_valid()

    def respond(self, view, request, page: Callable[[int | None], Response]) -> Response:
        """304 when If-None-Match names the list's ETag, else `page(total)` with the ETag: `total` is
        the unfiltered list's total as the version statement read it (`total`), or None."""
        versions, values = self.read(view, request)
        etag = self._etag(view, request, versions, values)
        headers = {"ETag": etag, **self.headers()}
        if_none_match = request.headers.get("If-None-Match", "")
        if etag_matches(if_none_match, etag) and (if_none_match.strip() != "*" or self.answerable(view, request)):
            response = Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        else:
            # The page reads the settings the ETag names as the statement found them: no second
            # lookup, and page and ETag cannot disagree (pazar/core/constance.py).
            stored = {name: codecs.loads(v) if v is not None else None for name, v in values.items()}
            total = self.total(view, request, versions) if list_versions.enabled() else None
            with values_read(stored):
                response = page(total)
            if response.status_code != status.HTTP_200_OK:
                return response
            for name, value in headers.items():
                response[name] = value
        patch_vary_headers(response, PRIVATE_VARY if self.private else PUBLIC_VARY)
        return response


def document_revalidation(result, generator, request, public):
    """drf-spectacular postprocessing hook: the revalidated lists' `GET` documents `If-None-Match`, the
    `ETag` and `Cache-Control` of its 200, and the bodiless 304."""
    for path, _regex, method, callback in generator.endpoints:
        revalidation = getattr(getattr(callback, "cls", None), "revalidation", None)
        operation = result["paths"].get(path, {}).get(method.lower())
        if revalidation is None or operation is None:
            continue
        cache_control = PRIVATE_CACHE_CONTROL if revalidation.private else "public, max-age=<PUBLIC_LIST_MAX_AGE>"
        headers = {
            "ETag": {
                "schema": {"type": "string"},
                "description": "A weak tag of this page's content, to send back in `If-None-Match`.",
            },
            "Cache-Control": {"schema": {"type": "string"}, "description": f"`{cache_control}`."},
        }
        parameters = operation.setdefault("parameters", [])
        if not any(p.get("in") == "header" and p.get("name") == "If-None-Match" for p in parameters):
            parameters.append(
                {
                    "in": "header",
                    "name": "If-None-Match",
                    "schema": {"type": "string"},
                    "required": False,
                    "description": "ETags of an earlier answer (or `*`): a match answers 304 without a body.",
                }
            )
        responses = operation.setdefault("responses", {})
        if "200" in responses:
            responses["200"].setdefault("headers", {}).update(headers)
        responses["304"] = {
            "description": "Not modified: the page the given ETag names is current.",
            "headers": headers,
        }
    return result
