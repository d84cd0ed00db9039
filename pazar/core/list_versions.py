"""Triggers that keep the lists' versions (core.ListVersion), on PostgreSQL and SQLite alike.

A domain app describes, per table, which versions a row's change touches (`Bump`: a SELECT of
(scope, key) pairs from the row image `{row}`, NEW or OLD) and installs them after migrate
(`install`, idempotent). Each insert, update or delete then adds one to every version it touches,
by an upsert, so concurrent writers never lose an increment and the first change creates the row
(in the order of (scope, key), so writers touching the same rows queue rather than deadlock);
nothing in Python has to remember (bulk updates, the admin and imports count the same).
core knows no domain table: the SQL comes from the apps (orders/list_versions.py, conversations/list_versions.py,
catalog/list_versions.py).

A table whose rows are the members of lists (a shopper's orders or conversations, a product's reviews)
declares them (`Members`): its triggers then also keep each list's total in `members` (an insert
adds one, a delete takes one, an update moves one from the old row's lists to the new row's), so
a page reads its count with its version, in the statement it runs anyway, instead of counting
rows. `install` counts the existing rows again (`recount` after a load that bypassed triggers).
"""

import hashlib
import time
from dataclasses import dataclass

from django.db import OperationalError, connection, connections, migrations, transaction

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


def count_sql(bump: Bump) -> str:
    """The (scope, key, n) totals of `bump`'s lists counted from its table's rows, as a SELECT."""
    rows = " UNION ALL ".join(member.select("r", source=f" FROM {bump.table} r") for member in bump.members)
    return (
        f'SELECT k.scope, k."key", COUNT(*) AS n FROM ({rows}) AS k WHERE k."key" IS NOT NULL GROUP BY k.scope, k."key"'  # noqa: S608
    )


def scopes_sql(bump: Bump) -> str:
    """An SQL condition on core_listversion naming every list `bump`'s rows are members of."""
    return " OR ".join(sorted({member.scopes() for member in bump.members}))


def recount_statements(counts: str, scopes: str) -> list[str]:
    """The statements setting the totals of the lists `scopes` names to `counts` (versions unchanged:
    the pages counted those same rows before), for one transaction: every list at zero, then the counts."""
    return [
        f"UPDATE {TABLE} SET members = 0 WHERE ({scopes}) AND members <> 0",  # noqa: S608 (the apps' constants)
        f'INSERT INTO {TABLE} (scope, "key", version, members) SELECT c.scope, c."key", 0, c.n '  # noqa: S608
        f'FROM ({counts}) AS c WHERE true ON CONFLICT (scope, "key") DO UPDATE SET members = excluded.members',
    ]


# --- the registry: every app's declarations, by app label ---------------------------------------------

_REGISTRY: dict[str, object] = {}


def register(app_label: str, bumps_of) -> None:
    """Declare `bumps_of()` (a callable: the SQL is built when asked for) as `app_label`'s triggers.

    Called from the app's `ready()`. The app's migrations install them (`InstallTriggers`, written by
    `makemigrations` from these declarations; `makemigrations --check` fails when they differ).
    """
    _REGISTRY[app_label] = bumps_of


def registered() -> dict[str, list[Bump]]:
    """Every registered app's declarations, by app label."""
    return {label: list(bumps_of()) for label, bumps_of in _REGISTRY.items()}


def operation(bump: Bump):
    """The migration operation installing `bump` as declared today (both databases' SQL in it)."""
    return InstallTriggers(
        name=bump.name,
        table=bump.table,
        events=list(bump.events),
        postgresql=trigger_sql(bump, "postgresql"),
        sqlite=trigger_sql(bump, "sqlite"),
        counts=count_sql(bump) if bump.members else "",
        scopes=scopes_sql(bump) if bump.members else "",
    )


def enabled() -> bool:
    return connection.vendor in ("postgresql", "sqlite")


def fingerprint(statements: list[str]) -> str:
    return "pazar:" + hashlib.sha256("\n".join(statements).encode()).hexdigest()[:32]


def installed(cursor, table: str, functions: list[str], statements: list[str]) -> bool:
    """Whether `functions` are PostgreSQL triggers of `table` made by exactly `statements` (the
    comment `mark_installed` left on each)."""
    cursor.execute(
        "SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
        "WHERE t.tgrelid = to_regclass(%s) AND p.proname = ANY(%s) AND obj_description(p.oid, 'pg_proc') = %s",
        [table, functions, fingerprint(statements)],
    )
    return cursor.fetchone()[0] == len(functions)


def mark_installed(cursor, functions: list[str], statements: list[str]) -> None:
    for name in functions:
        cursor.execute(f"COMMENT ON FUNCTION {name}() IS '{fingerprint(statements)}'")


def sqlite_installed(cursor, statements: list[str]) -> bool:
    """Whether SQLite holds exactly the triggers `statements` create (a table rebuilt by a later
    migration loses its triggers: SQLite drops them with the old table)."""
    wanted = [s for s in statements if s.startswith("CREATE TRIGGER ")]
    cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'")
    present = {row[0] for row in cursor.fetchall()}
    return all(statement in present for statement in wanted)


def ensure(using: str = "default", **kwargs) -> None:
    """post_migrate: install every registered declaration its database lacks, the way its migration
    does (a test database made without migrations, a SQLite table rebuilt by a later migration). A
    PostgreSQL database whose migrations installed these triggers is left alone: no lock, no count.
    On SQLite they are installed and counted again every time."""
    db = connections[using]
    if db.vendor not in ("postgresql", "sqlite"):
        return
    tables = set(db.introspection.table_names())
    for bumps in registered().values():
        for bump in bumps:
            if {TABLE, bump.table} <= tables:
                # SQLite: always, as cheap as its tables are small, and needed: a test's flush deletes
                # rows with the triggers firing (PostgreSQL truncates), leaving totals to count again.
                operation(bump).apply(db, only_if_missing=db.vendor == "postgresql")


def recount(bumps: list[Bump], using: str = "default") -> None:
    """Count the lists' members again from the rows (after a load that bypassed the triggers),
    without blocking writers (`recount_live`) on PostgreSQL, in one transaction on SQLite."""
    db = connections[using]
    for bump in bumps:
        if bump.members:
            counts, scopes = count_sql(bump), scopes_sql(bump)
            recount_live(db, bump.table, counts, scopes, recount_statements(counts, scopes))


BATCH = 5000


def recount_live(db, table: str, counts: str, scopes: str, statements: list[str], batch: int = BATCH) -> None:
    """Set the kept totals of one table's lists to its rows' count, exact while writers go on.

    PostgreSQL, with the table's triggers already in place (every write committed after they were
    created keeps the totals): in one snapshot S, the count C of each list and its kept total V_S;
    then, batch by batch in short transactions, `members = members + (C - V_S)`. A write committed
    before S is in both C and V_S; one after S is in neither, and its trigger adds it to `members`
    beside our additions (both are increments under the row's lock), so each total ends at C plus
    the changes after S: the rows' count. No lock but the rows' own is taken. SQLite (one writer
    at a time): `statements` in one transaction.
    """
    if db.vendor == "sqlite":
        with transaction.atomic(using=db.alias), db.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        return
    if db.vendor != "postgresql":
        return
    if db.in_atomic_block:
        # Inside the caller's transaction no snapshot of our own can be taken: writers wait instead.
        with transaction.atomic(using=db.alias), db.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
            for statement in statements:
                cursor.execute(statement)
        return
    corrections_apply(
        db,
        temporary='pazar_recount (n bigserial PRIMARY KEY, scope varchar(32), "key" bigint, d bigint)',
        snapshot=(
            f'WITH c AS ({counts}), v AS (SELECT scope, "key", members FROM {TABLE} WHERE {scopes}) '  # noqa: S608
            'INSERT INTO pazar_recount (scope, "key", d) '
            'SELECT coalesce(c.scope, v.scope), coalesce(c."key", v."key"), '
            "coalesce(c.n, 0) - coalesce(v.members, 0) "
            'FROM c FULL JOIN v ON v.scope = c.scope AND v."key" = c."key" '
            "WHERE coalesce(c.n, 0) <> coalesce(v.members, 0) "
            "ORDER BY 1, 2"
        ),
        apply=(
            f'INSERT INTO {TABLE} (scope, "key", version, members) '  # noqa: S608
            'SELECT scope, "key", 0, d FROM pazar_recount WHERE n > %s AND n <= %s ORDER BY scope, "key" '
            f'ON CONFLICT (scope, "key") DO UPDATE SET members = {TABLE}.members + excluded.members'
        ),
        batch=batch,
    )


def corrections_apply(db, *, temporary: str, snapshot: str, apply: str, batch: int = BATCH) -> None:
    """Kept counts corrected while writers go on (PostgreSQL, outside a transaction; the reasoning:
    `recount_live`): the temporary table `temporary` (its first column `n bigserial PRIMARY KEY`,
    the rest the corrections) filled by `snapshot` in one REPEATABLE READ transaction, then `apply`
    (the range `n > %s AND n <= %s`) for `batch` rows at a time, each range in a short transaction."""
    name = temporary.split(" ", 1)[0]
    with db.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {temporary}")
        try:
            with transaction.atomic(using=db.alias):
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute(snapshot)
            cursor.execute(f"SELECT coalesce(max(n), 0) FROM {name}")  # noqa: S608
            last = cursor.fetchone()[0]
            for start in range(0, last, batch):
                with transaction.atomic(using=db.alias):
                    cursor.execute(apply, [start, start + batch])
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")


LOCK_TIMEOUT = "1s"
LOCK_ATTEMPTS = 30


def triggers_create(db, statements: list[str], functions: list[str], fingerprinted: list[str]) -> None:
    """Run `statements` (a table's CREATE OR REPLACE of trigger functions and triggers) in one short
    transaction and mark `functions` installed as `fingerprinted`: its lock on the table waits for
    the writers in flight at most LOCK_TIMEOUT (the writers arriving meanwhile queue behind it),
    else it gives way and tries again. Inside a caller's transaction: once, without the timeout."""
    nested = db.in_atomic_block
    for attempt in range(1, LOCK_ATTEMPTS + 1):
        try:
            with transaction.atomic(using=db.alias), db.cursor() as cursor:
                if not nested:
                    cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
                for statement in statements:
                    cursor.execute(statement)
                mark_installed(cursor, functions, fingerprinted)
            return
        except OperationalError as error:
            if nested or attempt == LOCK_ATTEMPTS or getattr(error.__cause__, "sqlstate", None) != "55P03":
                raise
            time.sleep(min(attempt, 5) * 0.2)


class InstallTriggers(migrations.operations.base.Operation):
    """A list's triggers (this module's declarations), as declared when the migration was written.

    It carries each database's SQL, so a migration applied later installs what it was written with;
    `makemigrations` writes a new one when a declaration changes (and `--check` fails until it
    does). Triggers with the same names are replaced. For a table whose rows are members of lists,
    the totals are then counted again without blocking writers: the trigger is created under a lock
    that waits at most `LOCK_TIMEOUT` for the writers in flight (`triggers_create`), then the count
    runs in one snapshot and the totals are corrected in short batches (`recount_live`).
    Put it in an `atomic = False` migration.
    """

    reduces_to_sql = False
    reversible = True
    atomic = False

    def __init__(self, name, table, events, postgresql, sqlite, counts="", scopes=""):
        self.name = name
        self.table = table
        self.events = list(events)
        self.postgresql = list(postgresql)
        self.sqlite = list(sqlite)
        self.counts = counts
        self.scopes = scopes

    def state_forwards(self, app_label, state):
        pass

    def describe(self):
        return f"Install the list-version triggers {self.name} on {self.table}"

    @property
    def migration_name_fragment(self):
        return f"triggers_{self.name}"

    @property
    def functions(self) -> list[str]:
        return [f"lv_{self.name}_{event.lower()}" for event in self.events]

    def statements(self, vendor: str) -> list[str]:
        return self.postgresql if vendor == "postgresql" else self.sqlite

    def fingerprinted(self) -> list[str]:
        return [*self.postgresql, self.counts, self.scopes]

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self.apply(schema_editor.connection)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            for name in self.functions:
                if connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {self.table}")
                    cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
                elif connection.vendor == "sqlite":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")

    def apply(self, connection, only_if_missing: bool = False) -> None:
        """Install the triggers on `connection` and count the totals (`only_if_missing`: unless
        exactly these are there)."""
        vendor = connection.vendor
        if vendor not in ("postgresql", "sqlite"):
            return
        statements = self.statements(vendor)
        with connection.cursor() as cursor:
            if only_if_missing and (
                installed(cursor, self.table, self.functions, self.fingerprinted())
                if vendor == "postgresql"
                else sqlite_installed(cursor, statements)
            ):
                return
        if vendor == "postgresql":
            triggers_create(connection, statements, self.functions, self.fingerprinted())
        else:
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        if self.counts:
            recount_live(
                connection,
                self.table,
                self.counts,
                self.scopes,
                recount_statements(self.counts, self.scopes),
            )
