"""Triggers that keep the lists' versions (core.ListVersion), on PostgreSQL and SQLite alike.

A domain app describes, per table, which versions a row's change touches (`Bump`: a SELECT of
(scope, key) pairs from the row image `{row}`, NEW or OLD) and installs them after migrate
(`install`, idempotent). Each insert, update or delete then adds one to every version it touches,
by an upsert, so concurrent writers never lose an increment and the first change creates the row;
nothing in Python has to remember (bulk updates, the admin and imports count the same).
core knows no domain table: the SQL comes from the apps (orders/versions.py, conversations/versions.py,
catalog/versions.py).
"""

from dataclasses import dataclass

from django.db import connection, transaction

TABLE = "core_listversion"
EVENTS = ("INSERT", "UPDATE", "DELETE")


@dataclass(frozen=True)
class Bump:
    """Row triggers on `table` bumping the versions `keys` selects for the changed row.

    `keys`: a SELECT giving columns `scope` and `"key"`, with `{row}` standing for NEW or OLD (an
    update bumps both images' keys: a row moving from one user to another changes both lists).
    `when`: an SQL condition over OLD and NEW that an update must meet (IS DISTINCT FROM works on
    both databases). `mark`: an expression over NEW kept as the latest mark (the greatest seen).
    """

    name: str
    table: str
    keys: str
    events: tuple[str, ...] = EVENTS
    when: str | None = None
    mark: str | None = None


def _statement(bump: Bump, event: str, vendor: str) -> str:
    images = {"INSERT": ["NEW"], "DELETE": ["OLD"], "UPDATE": ["NEW", "OLD"]}[event]
    keys = " UNION ".join(bump.keys.format(row=image) for image in images)
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
        f'INSERT INTO {TABLE} (scope, "key", version, modified, mark) '  # noqa: S608 (the apps' constants)
        f'SELECT DISTINCT k.scope, k."key", 1, {now}, {mark or no_mark} FROM ({keys}) AS k '
        f'WHERE k."key" IS NOT NULL '
        f'ON CONFLICT (scope, "key") DO UPDATE SET version = {TABLE}.version + 1, '
        f"modified = excluded.modified, mark = {keep}"
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


def enabled() -> bool:
    return connection.vendor in ("postgresql", "sqlite")


def install(bumps: list[Bump], using: str = "default") -> None:
    """Create (or replace) the triggers of `bumps` when their tables exist (post_migrate: safe to rerun)."""
    from django.db import connections

    db = connections[using]
    if db.vendor not in ("postgresql", "sqlite"):
        return
    tables = set(db.introspection.table_names())
    wanted = {TABLE} | {bump.table for bump in bumps}
    if not wanted <= tables:
        return
    with transaction.atomic(using=using), db.cursor() as cursor:
        for bump in bumps:
            for statement in trigger_sql(bump, db.vendor):
                cursor.execute(statement)


def installer(bumps_of, dispatch_uid: str):
    """A post_migrate receiver installing `bumps_of()` (a callable: the SQL is built at migrate time)."""

    def receiver(using="default", **kwargs):
        install(bumps_of(), using=using)

    receiver.__name__ = f"install_{dispatch_uid.replace('-', '_')}"
    return receiver
