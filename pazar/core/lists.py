"""A list's one description: its model, its key, its default filters and its order.

A selector returns a list as `ListOf(...).of(value)` (the shopper's orders: `ORDERS.of(user.pk)`),
and both read paths compile that one description, so a filter is written once:

- the fast path, for a page no query filter narrows: `statement(columns)` is a RowsBy
  (pazar/core/rows.py) whose `page(value, ...)` and `count(value)` are fixed statements, its key the
  description's key, its `where` the default filters, its `order_by` the order;
- the ORM, for a filtered page: `queryset()` is the same rows as a QuerySet, which the view narrows
  by its FilterSet (django-filter); its page's ids are then read by the statement of the same columns.

`where` holds the default filters, equality on constants (soft deletion, a moderation state, a
kind); `narrowed(**where)` and `ordered(*order_by)` are the same list with one more constant or
another order, each compiled once (the seller inbox's unanswered page, its longest wait first).
A value of None for the key is the list of every key's rows (the staff's inbox, every product's
reviews).
"""

from collections.abc import Sequence
from typing import NamedTuple

from django.db.models import Model, QuerySet

from pazar.core.pagination import PageSource
from pazar.core.rows import RowsBy


class ListOf:
    """A list's rows: `model`'s rows whose `key` is the scope's value and that match `where`, in `order_by`."""

    def __init__(self, model: type[Model], *, key: str | None = None, where: dict | None = None, order_by: Sequence):
        self.model = model
        self.key = key
        self.where = dict(where or {})
        self.order_by = tuple(order_by)
        self._statements: dict[tuple, RowsBy] = {}
        self._variants: dict[tuple, ListOf] = {}

    def __repr__(self) -> str:
        return f"ListOf({self.model.__name__}, key={self.key!r}, where={self.where!r}, order_by={self.order_by!r})"

    def _variant(self, *, where: dict, order_by: Sequence) -> "ListOf":
        spec = (tuple(sorted(where.items())), tuple(map(repr, order_by)))
        found = self._variants.get(spec)
        if found is None:
            found = self._variants[spec] = ListOf(self.model, key=self.key, where=where, order_by=order_by)
        return found

    def narrowed(self, **where) -> "ListOf":
        """This list with more default filters (the same object for the same ones)."""
        return self._variant(where={**self.where, **where}, order_by=self.order_by)

    def ordered(self, *order_by) -> "ListOf":
        """This list in another order (the same object for the same one)."""
        return self._variant(where=self.where, order_by=order_by)

    def queryset(self, value=None) -> QuerySet:
        """The ORM's compilation: the rows of `value`'s list (every key's with None), in order."""
        scope = {} if self.key is None or value is None else {self.key: value}
        return self.model._default_manager.filter(**self.where, **scope).order_by(*self.order_by)

    def statement(self, columns: Sequence[str] = ("pk",), related: dict | None = None) -> RowsBy:
        """The fast path's compilation: the fixed statements reading `columns` (and `related`, as
        RowsBy joins them) of a page; built once per list and columns."""
        spec = _reading(columns, related)
        found = self._statements.get(spec)
        if found is None:
            found = self._statements[spec] = RowsBy(
                self.model,
                columns,
                key=self.key or "pk",
                where=self.where,
                order_by=self.order_by,
                related=related,
            )
        return found

    def by_ids(self, columns: Sequence[str], related: dict | None = None) -> RowsBy:
        """The statement reading `columns` of rows picked by their ids (a filtered page's)."""
        return _by_ids(self.model, tuple(columns), related)

    def of(self, value=None) -> "Scoped":
        """The list of one key value (None: of every key)."""
        return Scoped(self, value)


_ids_statements: dict[tuple, RowsBy] = {}


def _reading(columns: Sequence[str], related: dict | None) -> tuple:
    """What a statement reads, as a key of the built statements."""
    return tuple(columns), tuple((name, tuple(names)) for name, names in (related or {}).items())


def _by_ids(model, columns: tuple, related: dict | None) -> RowsBy:
    spec = (model, *_reading(columns, related))
    found = _ids_statements.get(spec)
    if found is None:
        found = _ids_statements[spec] = RowsBy(model, columns, related=related)
    return found


class Scoped(NamedTuple):
    """One list: its description and its key's value."""

    described: ListOf
    value: object = None

    def queryset(self) -> QuerySet:
        return self.described.queryset(self.value)

    def source(
        self,
        *,
        columns: Sequence[str] = ("pk",),
        related: dict | None = None,
        filtered: QuerySet | None = None,
        total: int | None = None,
    ) -> PageSource:
        """The page source of this list: by the fixed statements when `filtered` is None (counted by
        `total` when it is known), else `filtered` (this list's `queryset()` narrowed by a FilterSet)
        counted and paged by its ids, each page's `columns` then read by their ids.

        A page's rows are dicts of `columns` (and `related`'s `name__column`s), the same on both paths."""
        if filtered is None:
            statement = self.described.statement(columns, related)
            return PageSource(
                count=lambda: statement.count(self.value),
                rows=lambda offset, limit: statement.page(self.value, offset=offset, limit=limit),
            ).known(total)
        ids = filtered.select_related(None).prefetch_related(None).values_list("pk", flat=True)
        if tuple(columns) == ("pk",) and not related:
            return PageSource(
                count=ids.count, rows=lambda offset, limit: [{"pk": pk} for pk in ids[offset : offset + limit]]
            )
        statement = self.described.by_ids(columns, related)
        pk_name = "pk" if "pk" in columns else self.described.model._meta.pk.name

        def rows(offset: int, limit: int) -> list[dict]:
            page = list(ids[offset : offset + limit])
            found = {row[pk_name]: row for row in statement(page)} if page else {}
            return [found[pk] for pk in page if pk in found]

        return PageSource(count=ids.count, rows=rows)
