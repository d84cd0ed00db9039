"""Rows of one table picked by a key, as `values()` answers them, without building a QuerySet.

The builders (`*/builders.py`) fetch each kind of nested object with one query by ids:
`Model.objects.filter(key__in=ids).values(*names)`. Django builds and compiles such a query anew
on every request, though only the ids change, so that work is the same every time it is done.
`RowsBy` writes the SQL once from the model's metadata and runs it with the same
database converters Django's compiler applies, so a row is exactly what `values()` would answer
(core/tests/test_rows.py compares them on SQLite and PostgreSQL). On PostgreSQL the ids travel as
one array (`= ANY(%s)`), so the statement is the same whatever the page size and is prepared once
per connection (see DATABASE_PREPARED_STATEMENTS in settings) and, on pazar's PostgreSQL backend,
planned once for all values (pazar/core/postgresql/): the `where` constants are written into
the statement, so a partial index whose predicate they match serves that one plan.

Names are field names of the model (a foreign key answers its id under its name, as in
`values()`), or `pk`; `related` adds the columns of tables one forward foreign key (or one
reverse one-to-one) away.

`page(value, offset=, limit=)` and `count(value)` answer a list page whose scope is one key value
(a shopper's conversations, a product's reviews): the same statements every time, where the ORM
would build and compile a count and a page on every request. A key's first page is read with its
joins at once; any other page (a later one, or a page of every key's rows) reads its ids first,
then those rows by id, so a deep page costs an index walk, not the joins of every row before it
(bench/deep_pages.py).
"""

from collections.abc import Iterable, Sequence
from typing import NamedTuple

import orjson
from django.db import connections
from django.db.models import JSONField, Model

from pazar.core import postgresql
from pazar.core.replicas import read_alias


def _is_json_loader(convert, field) -> bool:
    return getattr(convert, "__func__", None) is JSONField.from_db_value and convert.__self__ is field


def _json_converter(slow):
    """JSONField.from_db_value by orjson (several times faster on the hundreds of JSON values a page
    of orders holds); the same Python values, and Django's own method for what orjson refuses."""

    def convert(value, expression, connection):
        if not isinstance(value, str | bytes):
            return slow(value, expression, connection)
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            return slow(value, expression, connection)

    return convert


def _order_term(item) -> tuple[str, bool, str]:
    """(field name, descending, NULLS clause) of an `order_by` item: `name`, `-name`, or
    `F(name).asc()`/`.desc()` with `nulls_first` or `nulls_last`."""
    if isinstance(item, str):
        return item.lstrip("-"), item.startswith("-"), ""
    nulls = " NULLS LAST" if item.nulls_last else " NULLS FIRST" if item.nulls_first else ""
    return item.expression.name, item.descending, nulls


class Statement(NamedTuple):
    """The parts of a RowsBy's statements for one database vendor, written once."""

    select: str  # SELECT … FROM the table and its joins
    page_select: tuple[str, str]  # a page's rows by its ids: the WHERE, ORDER BY and window go between
    key: str  # the key column
    where: list[str]  # the `where` conditions
    where_params: list
    order: str  # ` ORDER BY …` or ""
    converters: list  # (position, converters, column) of each column that has any
    low: int | None  # an integer key's range
    high: int | None


class RowsBy:
    """`RowsBy(Model, names, key=..., order_by=..., where=...)(ids)` → a list of dicts.

    `where` holds equality conditions on constants (None: `IS NULL`); `.all()` answers every row
    matching them.
    `order_by` names fields (`-name` descending), or is an ordering expression of one field
    (`F("name").asc(nulls_last=True)`), as the ORM's `order_by` takes them.
    `related` names forward foreign keys to join (LEFT JOIN, one level) and the fields to read
    from each: `related={"country": ("pk", "name")}` answers `country__pk` and `country__name`,
    as `values("country__pk", "country__name")` would, null when the row has no country. A reverse
    one-to-one (`related={"tradein_offer": ("status",)}`) joins the one row that points at this one;
    `related={"easy_return": (...), "easy_return__shipping_company": ("name",)}` joins a second level.

    `by_key=True` reads each related row by the key it is joined on, one index lookup per row, on
    PostgreSQL a LATERAL subquery that the planner cannot turn into a merge or hash join: for a
    tiny table's row (a token) joined to a huge table (its user), whose statistics may be older than
    the row at hand and promise a merge that stops early.
    """

    def __init__(
        self,
        model: type[Model],
        names: Sequence[str],
        *,
        key: str = "pk",
        order_by: Sequence = (),
        where: dict | None = None,
        related: dict[str, Sequence[str]] | None = None,
        by_key: bool = False,
    ):
        self.model = model
        self.names = tuple(names)
        self.key = self._field(key)
        self.order_by = tuple(order_by)
        self.where = dict(where or {})
        self.related = {name: tuple(fields) for name, fields in (related or {}).items()}
        self.by_key = by_key
        self.keys = self.names + tuple(f"{rel}__{name}" for rel, fields in self.related.items() for name in fields)
        self._built: dict[str, Statement] = {}
        # Rows of ids alone are their own page of ids.
        self.ids_only = not self.related and all(self._field(name).primary_key for name in self.names)

    def _field(self, name: str):
        meta = self.model._meta
        return meta.pk if name == "pk" else meta.get_field(name)

    def _build(self, connection) -> Statement:
        table = self.model._meta.db_table
        quote = connection.ops.quote_name

        def column(field) -> str:
            return f"{quote(table)}.{quote(field.column)}"

        # (alias, field) per answered key: the model's own columns, then each joined table's.
        selected = [(table, self._field(name)) for name in self.names]
        joins = []
        models = {table: self.model}
        for rel, names in self.related.items():
            # `a__b`: the foreign key b of the table joined as `a` (named in `related` before it).
            parent, _sep, name = rel.rpartition("__")
            parent = parent or table
            parent_meta = models[parent]._meta
            foreign_key = parent_meta.pk if name == "pk" else parent_meta.get_field(name)
            target = foreign_key.related_model._meta
            models[rel] = foreign_key.related_model

            def parent_column(field, parent=parent) -> str:
                return f"{quote(parent)}.{quote(field.column)}"

            if foreign_key.one_to_one and not foreign_key.concrete:
                # The reverse side of a one-to-one (the row that points at this one), at most one row.
                pointing = foreign_key.remote_field
                on = f"{quote(rel)}.{quote(pointing.column)} = {parent_column(pointing.target_field)}"
            else:
                on = f"{quote(rel)}.{quote(foreign_key.target_field.column)} = {parent_column(foreign_key)}"
            if self.by_key and connection.vendor == "postgresql":
                # OFFSET 0 keeps the subquery from being flattened into a join: one lookup per row.
                inner = quote(f"{rel}__row")
                by_key = on.replace(f"{quote(rel)}.", f"{inner}.", 1)
                lookup = f"SELECT * FROM {quote(target.db_table)} {inner} WHERE {by_key} OFFSET 0"  # noqa: S608
                joins.append(f" LEFT OUTER JOIN LATERAL ({lookup}) {quote(rel)} ON TRUE")
            else:
                joins.append(f" LEFT OUTER JOIN {quote(target.db_table)} {quote(rel)} ON {on}")
            selected += [(rel, target.pk if name == "pk" else target.get_field(name)) for name in names]
        converters = []
        for position, (alias, field) in enumerate(selected):
            col = field.get_col(alias)
            found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if isinstance(field, JSONField) and field.decoder is None:
                found = [_json_converter(convert) if _is_json_loader(convert, field) else convert for convert in found]
            if found:
                converters.append((position, found, col))
        # `name: None` is `IS NULL`, as the ORM's `filter(name=None)` (a soft deletion's "not deleted").
        where = [f"{column(self._field(name))} {'IS NULL' if v is None else '= %s'}" for name, v in self.where.items()]
        where_params = [
            self._field(name).get_db_prep_value(v, connection) for name, v in self.where.items() if v is not None
        ]
        if postgresql.plans_generic(connection):
            # The constants as literals (quoted by psycopg): a generic plan can use a partial index.
            values = iter(where_params)
            where = [
                connection.ops.compose_sql(clause, [next(values)]) if "%s" in clause else clause for clause in where
            ]
            where_params = []
        order = ", ".join(
            f"{column(self._field(name))} {'DESC' if descending else 'ASC'}{nulls}"
            for name, descending, nulls in map(_order_term, self.order_by)
        )
        # Table and column names come from the model and are quoted; values travel as parameters (the
        # `where` constants, written by the code, as literals under generic plans).
        columns = ", ".join(f"{quote(alias)}.{quote(field.column)}" for alias, field in selected)
        select = f"SELECT {columns} FROM {quote(table)}{''.join(joins)}"  # noqa: S608
        # A page reads its ids first (the scan of an index that holds the order, without the table's
        # rows or the joins), then that page's rows alone: a page deep in a list walks its offset
        # through the index only, never through the joins of the rows it skips. On PostgreSQL the
        # ids are one array (an InitPlan), which every plan, generic ones included, reads by the
        # primary key; `IN (SELECT …)` would be planned for a tenth of the table under a generic
        # plan's unknown LIMIT. The WHERE, ORDER BY and window go between the two parts.
        own_pk = f"{quote(table)}.{quote(self.model._meta.pk.column)}"
        ids_of = "= ANY(ARRAY(" if connection.vendor == "postgresql" else "IN ("
        page_select = (
            f"{select} WHERE {own_pk} {ids_of}SELECT {own_pk} FROM {quote(table)}",  # noqa: S608
            "))" if connection.vendor == "postgresql" else ")",
        )
        # An integer key out of the column's range matches no row (as the ORM's lookups answer it).
        low, high = (None, None)
        target = self.key.target_field if self.key.is_relation else self.key
        if target.get_internal_type().endswith(("IntegerField", "AutoField")):
            low, high = connection.ops.integer_field_range(target.get_internal_type())
        order_by = f" ORDER BY {order}" if order else ""
        return Statement(select, page_select, column(self.key), where, where_params, order_by, converters, low, high)

    def __call__(self, ids: Iterable, *, using: str | None = None) -> list[dict]:
        """The rows whose key is one of `ids` (and that match `where`), from `using` (None: where the
        request's reads go, core/replicas.py)."""
        ids = list(dict.fromkeys(i for i in ids if i is not None))
        if not ids:
            return []
        return self._fetch(ids, using)

    def all(self, *, using: str | None = None) -> list[dict]:
        """Every row that matches `where`, whatever its key."""
        return self._fetch(None, using)

    def page(self, value, *, offset: int, limit: int, using: str | None = None) -> list[dict]:
        """The rows whose key equals `value` (None: whatever their key, as `all`) and that match
        `where`, in `order_by`, `limit` of them from `offset`."""
        return self._fetch(None, using, equal=value, window=(limit, offset))

    def count(self, value, *, using: str | None = None) -> int:
        """How many rows `page` pages through."""
        connection = connections[using or read_alias()]
        statement = self._statement(connection)
        table = connection.ops.quote_name(self.model._meta.db_table)
        clauses, params = list(statement.where), list(statement.where_params)
        if value is not None:
            clauses.insert(0, f"{statement.key} = %s")
            params.insert(0, self.key.get_db_prep_value(value, connection))
        where_sql = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"SELECT COUNT(*) FROM {table}{where_sql}"  # noqa: S608
        with connection.cursor() as cursor, postgresql.generic_plan(connection):
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def _statement(self, connection) -> Statement:
        built = self._built.get(connection.vendor)
        if built is None:
            built = self._built[connection.vendor] = self._build(connection)
        return built

    def _fetch(self, ids: list | None, using: str, *, equal=None, window: tuple | None = None) -> list[dict]:
        connection = connections[using or read_alias()]
        select, page_select, key, where, where_params, order, converters, low, high = self._statement(connection)
        clauses, params = [], []
        if equal is not None:
            clauses.append(f"{key} = %s")
            params.append(self.key.get_db_prep_value(equal, connection))
        if ids is not None:
            prep = self.key.get_db_prep_value
            values = [prep(i, connection) for i in ids]
            if low is not None or high is not None:
                values = [v for v in values if (low is None or v >= low) and (high is None or v <= high)]
                if not values:
                    return []
            if connection.vendor == "postgresql":
                clauses.append(f"{key} = ANY(%s)")
                params.append(values)
            else:
                clauses.append(f"{key} IN ({', '.join(['%s'] * len(values))})")
                params.extend(values)
        clauses.extend(where)
        params.extend(where_params)
        where_sql = f"{' WHERE ' if clauses else ''}{' AND '.join(clauses)}"
        if window is None:
            sql = f"{select}{where_sql}{order}"
        elif self.ids_only or (window[1] == 0 and equal is not None):
            # Ids alone, or the first page of one key's rows: a short range of an index, read with its
            # joins at once (with the ids first, the planner may hash a whole joined table instead).
            sql = f"{select}{where_sql}{order} LIMIT %s OFFSET %s"
            params.extend(window)
        else:
            # The page's ids by the WHERE, the order and the window; its rows in the same order.
            head, tail = page_select
            sql = f"{head}{where_sql}{order} LIMIT %s OFFSET %s{tail}{order}"
            params.extend(window)
        with connection.cursor() as cursor, postgresql.generic_plan(connection):
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        names = self.keys
        if not converters:
            return [dict(zip(names, row, strict=True)) for row in rows]
        out = []
        for row in rows:
            row = list(row)
            for position, found, col in converters:
                value = row[position]
                for convert in found:
                    value = convert(value, col, connection)
                row[position] = value
            out.append(dict(zip(names, row, strict=True)))
        return out
