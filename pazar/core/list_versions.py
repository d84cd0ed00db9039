"""Triggers that keep the lists' versions (core.ListVersion), on PostgreSQL and SQLite alike.

A domain app describes, per table, which versions a row's change touches (`Bump`: a SELECT of
(scope, key) pairs from the row image `{row}`, NEW or OLD) and installs them after migrate
(`install`, idempotent). Each insert, update or delete then adds one to every version it touches,
by an upsert, so concurrent writers never lose an increment and the first change creates the row
(in the order of (scope, key), so writers touching the same rows queue rather than deadlock);
nothing in Python has to remember (bulk updates, the admin and imports count the same).
core knows no domain table: the SQL comes from the apps (orders/versions.py, conversations/versions.py,
catalog/versions.py).

A table whose rows are the members of lists (a shopper's orders or conversations, a product's reviews)
declares them (`Members`): its triggers then also keep each list's total in `members` (an insert
adds one, a delete takes one, an update moves one from the old row's lists to the new row's), so
a page reads its count with its version, in the statement it runs anyway, instead of counting
rows. `install` counts the existing rows again (`recount` after a load that bypassed triggers).
"""

import hashlib
from dataclasses import dataclass

from django.db import connection, connections, transaction

TABLE = "core_listversion"
EVENTS = ("INSERT", "UPDATE", "DELETE")


@dataclass(frozen=True)
class Members:
    """The lists a row of the table is a member of: scope `scope` (followed by the row's column `by`
    when given: `'public-' || conversation_type`), key the row's column `key` (or a constant such as
    "0": one list for every row), for the rows that meet `where` (SQL over `{row}`)."""

    scope: str
    key: str
    by: str | None = None
    where: str | None = None

    def select(self, row: str, source: str = "") -> str:
        """The (scope, key) the member row `row` (NEW, OLD, or the alias `source` gives a table) counts
        in, as a SELECT."""
        scope = f"'{self.scope}'" + (f" || {row}.{self.by}" if self.by else "")
        key = self.key if self.key.isdigit() else f"{row}.{self.key}"
        where = f" WHERE {self.where.format(row=row)}" if self.where else ""
        return f'SELECT {scope} AS scope, {key} AS "key"{source}{where}'

    def scopes(self) -> str:
        """An SQL condition on core_listversion.scope naming every list of this kind."""
        scope = self.scope.replace("'", "''")
        return f"scope LIKE '{scope}%'" if self.by else f"scope = '{scope}'"


@dataclass(frozen=True)
class Bump:
    """Row triggers on `table` bumping the versions `keys` selects for the changed row.

    `keys`: a SELECT giving columns `scope` and `"key"`, with `{row}` standing for NEW or OLD (an
    update bumps both images' keys: a row moving from one user to another changes both lists).
    `members`, instead of `keys`: the lists whose members the table's rows are; their versions are
    bumped and their totals kept. `when`: an SQL condition over OLD and NEW that an update must meet
    (IS DISTINCT FROM works on both databases). `mark`: an expression over NEW kept as the latest
    mark (the greatest seen).
    """

    name: str
    table: str
    keys: str = ""
    events: tuple[str, ...] = EVENTS
    when: str | None = None
    mark: str | None = None
    members: tuple[Members, ...] = ()

    def selects(self, row: str) -> str:
        """The (scope, key) pairs the row image `row` touches, as a SELECT."""
        if self.members:
            return " UNION ".join(member.select(row) for member in self.members)
        return self.keys.format(row=row)


def _statement(bump: Bump, event: str, vendor: str) -> str:
    # Each image's pairs with what it adds to their totals: a member row NEW is one more, OLD one less.
    images = {"INSERT": [("NEW", 1)], "DELETE": [("OLD", -1)], "UPDATE": [("NEW", 1), ("OLD", -1)]}[event]
    keys = " UNION ALL ".join(
        f'SELECT i.scope, i."key", {sign if bump.members else 0} AS n FROM ({bump.selects(image)}) AS i'  # noqa: S608
        for image, sign in images
    )
    now = "now()" if vendor == "postgresql" else "CURRENT_TIMESTAMP"
    mark = bump.mark if bump.mark and event != "DELETE" else None
    no_mark = "CAST(NULL AS timestamptz)" if vendor == "postgresql" else "NULL"
    if mark is None:
        keep = f"{TABLE}.mark"
    elif vendor == "postgresql":
        keep = f"GREATEST({TABLE}.mark, excluded.mark)"
    else:
        keep = f"max(coalesce({TABLE}.mark, excluded.mark), coalesce(excluded.mark, {TABLE}.mark))"
    return (
        f'INSERT INTO {TABLE} (scope, "key", version, modified, mark, members) '  # noqa: S608 (the apps' constants)
        f'SELECT k.scope, k."key", 1, {now}, {mark or no_mark}, SUM(k.n) FROM ({keys}) AS k '
        # In one order for every writer: two transactions touching the same versions (a shopper's
        # and the public list's) lock them in the same order, so they queue instead of deadlocking.
        f'WHERE k."key" IS NOT NULL GROUP BY k.scope, k."key" ORDER BY k.scope, k."key" '
        f'ON CONFLICT (scope, "key") DO UPDATE SET version = {TABLE}.version + 1, '
        f"modified = excluded.modified, mark = {keep}, members = {TABLE}.members + excluded.members"
    )


def recount_sql(bump: Bump) -> list[str]:
    """The statements setting the totals of `bump`'s lists from its table's rows (versions unchanged:
    the pages counted those same rows before): every list of theirs at zero, then the counts."""
    scopes = sorted({member.scopes() for member in bump.members})
    statements = [f"UPDATE {TABLE} SET members = 0 WHERE ({' OR '.join(scopes)}) AND members <> 0"] if scopes else []  # noqa: S608
    for member in bump.members:
        rows = member.select("r", source=f" FROM {bump.table} r")
        statements.append(
            f'INSERT INTO {TABLE} (scope, "key", version, members) '  # noqa: S608 (the apps' constants)
            f'SELECT k.scope, k."key", 0, COUNT(*) FROM ({rows}) AS k WHERE k."key" IS NOT NULL '
            f'GROUP BY k.scope, k."key" ON CONFLICT (scope, "key") DO UPDATE SET members = excluded.members'
        )
    return statements


def trigger_sql(bump: Bump, vendor: str) -> list[str]:
    """The statements (re)creating `bump`'s triggers on `vendor` ("postgresql" or "sqlite")."""
    statements = []
    for event in bump.events:
        name = f"lv_{bump.name}_{event.lower()}"
        when = f" WHEN ({bump.when})" if bump.when and event == "UPDATE" else ""
        body = _statement(bump, event, vendor)
        if vendor == "postgresql":
            statements += [
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN {body}; RETURN NULL; END $$ "
                "LANGUAGE plpgsql",
                f"DROP TRIGGER IF EXISTS {name} ON {bump.table}",
                f"CREATE TRIGGER {name} AFTER {event} ON {bump.table} FOR EACH ROW{when} EXECUTE FUNCTION {name}()",
            ]
        else:
            statements += [
                f"DROP TRIGGER IF EXISTS {name}",
                f"CREATE TRIGGER {name} AFTER {event} ON {bump.table} FOR EACH ROW{when} BEGIN {body}; END",
            ]
    return statements


def enabled() -> bool:
    return connection.vendor in ("postgresql", "sqlite")


def install(bumps: list[Bump], using: str = "default") -> None:
    """Create (or replace) the triggers of `bumps` when their tables exist, and count the lists'
    members (post_migrate: safe to rerun). Writes to the member tables wait meanwhile, so no change
    falls between the count and the trigger. On PostgreSQL a bump whose triggers are already these
    is left alone (no lock, no count)."""
    db = connections[using]
    if db.vendor not in ("postgresql", "sqlite"):
        return
    tables = set(db.introspection.table_names())
    wanted = {TABLE} | {bump.table for bump in bumps}
    if not wanted <= tables:
        return
    with transaction.atomic(using=using), db.cursor() as cursor:
        for bump in bumps:
            statements = trigger_sql(bump, db.vendor) + recount_sql(bump)
            functions = [f"lv_{bump.name}_{event.lower()}" for event in bump.events]
            if db.vendor == "postgresql" and installed(cursor, bump.table, functions, statements):
                continue
            if bump.members and db.vendor == "postgresql":
                cursor.execute(f"LOCK TABLE {bump.table} IN SHARE ROW EXCLUSIVE MODE")
            for statement in statements:
                cursor.execute(statement)
            if db.vendor == "postgresql":
                mark_installed(cursor, functions, statements)


def fingerprint(statements: list[str]) -> str:
    return "pazar:" + hashlib.sha256("\n".join(statements).encode()).hexdigest()[:32]


def installed(cursor, table: str, functions: list[str], statements: list[str]) -> bool:
    """Whether `functions` are PostgreSQL triggers of `table` made by exactly `statements` (the
    comment `mark_installed` left on each). A `migrate` that changes none of them then takes no
    lock and recounts nothing: the triggers have kept the totals since they were installed."""
    cursor.execute(
        "SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
        "WHERE t.tgrelid = to_regclass(%s) AND p.proname = ANY(%s) AND obj_description(p.oid, 'pg_proc') = %s",
        [table, functions, fingerprint(statements)],
    )
    return cursor.fetchone()[0] == len(functions)


def mark_installed(cursor, functions: list[str], statements: list[str]) -> None:
    for name in functions:
        cursor.execute(f"COMMENT ON FUNCTION {name}() IS '{fingerprint(statements)}'")


def recount(bumps: list[Bump], using: str = "default") -> None:
    """Count the lists' members again from the rows (after a load that bypassed the triggers)."""
    db = connections[using]
    if db.vendor not in ("postgresql", "sqlite"):
        return
    with transaction.atomic(using=using), db.cursor() as cursor:
        for bump in bumps:
            if bump.members and db.vendor == "postgresql":
                cursor.execute(f"LOCK TABLE {bump.table} IN SHARE ROW EXCLUSIVE MODE")
            for statement in recount_sql(bump):
                cursor.execute(statement)


def installer(bumps_of, dispatch_uid: str):
    """A post_migrate receiver installing `bumps_of()` (a callable: the SQL is built at migrate time)."""

    def receiver(using="default", **kwargs):
        install(bumps_of(), using=using)

    receiver.__name__ = f"install_{dispatch_uid.replace('-', '_')}"
    return receiver
