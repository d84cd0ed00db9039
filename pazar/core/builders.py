"""One builder per resource: the only code that turns rows into a resource's JSON.

A builder answers a whole page at once, the way Sentry's serializers do (`get_attrs(item_list)`
then `serialize(obj, attrs)`): `load(rows)` reads everything the page's items nest, one statement
per nested kind (pazar/core/rows.py), and `render(row, attrs)` builds one item from its row and
those attrs. Lists, details and the bodies of write responses all go through `build`, so an
endpoint that answers a resource can never answer it in another shape.

Response serializers stay, but only as schema declarations: drf-spectacular reads them to describe
the responses in `/api/schema/`, and a builder may read their field list and field objects (to
keep one declaration of names, order and formats). They never produce a response: each one is
marked `@schema_only`, and the test suite runs with the `to_representation` of every marked class
replaced by one that fails (conftest.py), so a view or service that still serializes with one
fails its tests.
"""

from collections.abc import Iterable, Sequence
from typing import Any

SCHEMA_ONLY: set[type] = set()


def schema_only(cls: type) -> type:
    """Mark a serializer as a schema declaration: it describes a response and never builds one."""
    SCHEMA_ONLY.add(cls)
    return cls


class Builder:
    """The JSON of one resource. Subclasses implement `load` and `render`, and `rows` when ids
    are enough to start from (`by_ids`, `one`).

    `schema` names the response serializer that declares the shape for the OpenAPI schema.
    """

    schema: type | None = None
    key = "id"  # the name of a row's id in `rows`' answer

    def rows(self, ids: Sequence) -> list[dict]:
        """The resource's own rows for `ids`, in any order (each carries its id under `key`)."""
        raise NotImplementedError

    def load(self, rows: list[dict], *, request=None) -> Any:
        """What the page's items nest, read once for all of them."""
        return None

    def render(self, row: dict, attrs: Any, *, request=None) -> dict:
        raise NotImplementedError

    def build(self, rows: list[dict], *, request=None) -> list[dict]:
        """The items of `rows`, in their order."""
        if not rows:
            return []
        attrs = self.load(rows, request=request)
        return [self.render(row, attrs, request=request) for row in rows]

    def by_ids(self, ids: Iterable, *, request=None) -> list[dict]:
        """The items of `ids`, in their order; an id with no row is left out."""
        ids = list(ids)
        found = {row[self.key]: row for row in self.rows(ids)} if ids else {}
        return self.build([found[pk] for pk in ids if pk in found], request=request)

    def one(self, pk, *, request=None) -> dict | None:
        """One item, or None when there is no row for `pk`."""
        built = self.by_ids([pk], request=request)
        return built[0] if built else None
