"""Replay every migration on a loaded database and report how long each one blocked the API.

`make migrationcheck` (MIGRATIONS_SCALE=small|large|xlarge, default small), or
`.venv/bin/python bench/migrations.py --scale large [--database NAME]`. Writes bench/MIGRATIONS.md
and bench/migrations.json. `--upgrade --database NAME` applies only what NAME lacks (a database
that an earlier release migrated), measured the same way, into bench/MIGRATIONS-upgrade.md.

A migration that touches rows only matters where those rows exist, and the data generator writes
today's schema, so the replay goes like this:

1. A new database (`<prefix>_migrations_<scale>`, BENCH_DB_PREFIX as bench/run.py) has every
   migration applied one at a time on its empty tables (the initial migrations' figures: in a real
   shop each of them ran once, before its tables had a row).
2. `manage.py bench_data --scale <scale>` loads the scale (COPY; `--database` reuses a loaded one).
3. Every pazar app is migrated back to its `0001_initial` (columns, indexes and tables added later
   are dropped, the rows stay) and pazar's triggers are dropped, as in a shop whose release predates
   them all.
4. Every later migration is applied again, one at a time (the `*_list_version_triggers` ones
   install the list versions' triggers and count the kept totals again without a table lock:
   pazar/core/migration_operations.py `InstallTriggers`), then the post_migrate step that `migrate`
   ends with (the seller inbox's trigger installed and counted, the list versions' triggers found in
   place), then that step once more (what every later `migrate` pays). Meanwhile a probe thread
   reads and writes one row at a time on each big table (`SELECT ... WHERE id = ?`,
   `UPDATE ... SET id = id WHERE id = ?`, the locks an API request takes) and a sampler reads
   pg_locks every 50 ms: the longest probe and the longest table lock that blocks reads or writes
   (SHARE and stronger) held by the migrating session.

The target: no probe blocked for more than a second, at every step. Backfills that come before the
trigger migrations in the replay run without the release's triggers here, so a backfill in a shop
with those triggers pays their per-row cost besides.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432").rstrip("/")
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "pazar_bench")
REPORT = ROOT / "bench" / "MIGRATIONS.md"
RAW = ROOT / "bench" / "migrations.json"
LIMIT_SECONDS = 1.0

# The tables requests read and write; the probe takes one row lock at a time on each.
PROBED = [
    "accounts_user",
    "addresses_address",
    "catalog_product",
    "orders_order",
    "orders_orderitem",
    "conversations_conversation",
    "conversations_message",
    "conversations_inboxcount",
    "notifications_notification",
    "support_contactusmessage",
    "core_listversion",
]
BLOCKING_MODES = ("ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock")
PAZAR_APPS = [
    "core",
    "catalog",
    "accounts",
    "addresses",
    "notifications",
    "loyalty",
    "orders",
    "support",
    "conversations",
]


def log(message: str) -> None:
    print(f"[migrations {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Step:
    """What one migration (or the post_migrate step) cost, as the probe and the sampler saw it."""

    name: str
    seconds: float = 0.0
    read_ms: float = 0.0
    read_table: str = ""
    write_ms: float = 0.0
    write_table: str = ""
    wait_seconds: float = 0.0
    rows_seconds: float = 0.0
    lock_seconds: float = 0.0
    lock: str = ""
    rows: dict = field(default_factory=dict)

    @property
    def blocked_seconds(self) -> float:
        """The verdict's figure: the longest any request could wait for the migration, the longest of
        the probe's lock waits, a blocking table lock held, and a transaction holding row locks
        (the probe's wall times also count CPU waits on a busy machine, so they are not in it)."""
        return max(self.wait_seconds, self.lock_seconds, self.rows_seconds)


class Probe(threading.Thread):
    """Reads and writes single rows of the probed tables in a loop, keeping each step's slowest."""

    def __init__(self, dsn: str):
        super().__init__(daemon=True)
        self.conn = psycopg.connect(dsn, autocommit=True)
        self.conn.execute("SET statement_timeout = '600s'")
        self.stop = threading.Event()
        self.step: Step | None = None
        self.bounds: dict[str, tuple[int, int]] = {}
        self.rng = random.Random(1)
        self.lock = threading.Lock()

    def refresh(self) -> None:
        """The probed tables that exist now and their id ranges (read between steps)."""
        bounds = {}
        for table in PROBED:
            if self.conn.execute("SELECT to_regclass(%s)", [table]).fetchone()[0] is None:
                continue
            key = "datasource_id" if table == "conversations_inboxcount" else "id"
            lo, hi = self.conn.execute(f'SELECT min("{key}"), max("{key}") FROM "{table}"').fetchone()  # noqa: S608
            if lo is not None:
                bounds[table] = (lo, hi, key)
        with self.lock:
            self.bounds = bounds

    def run(self) -> None:
        while not self.stop.is_set():
            with self.lock:
                tables = list(self.bounds.items())
            for table, (lo, hi, key) in tables:
                row = self.rng.randint(lo, hi)
                for kind, sql in (
                    ("read", f'SELECT 1 FROM "{table}" WHERE "{key}" = %s'),  # noqa: S608
                    ("write", f'UPDATE "{table}" SET "{key}" = "{key}" WHERE "{key}" = %s'),  # noqa: S608
                ):
                    started = time.monotonic()
                    try:
                        self.conn.execute(sql, [row])
                    except psycopg.Error:
                        continue  # a table dropped or changed under the probe: the next round sees it
                    ms = (time.monotonic() - started) * 1000
                    step = self.step
                    if step is None:
                        continue
                    if kind == "read" and ms > step.read_ms:
                        step.read_ms, step.read_table = ms, table
                    if kind == "write" and ms > step.write_ms:
                        step.write_ms, step.write_table = ms, table
            time.sleep(0.02)


class Sampler(threading.Thread):
    """Samples the blocking table locks the migrating session holds; keeps each step's longest."""

    def __init__(self, dsn: str, pid: int, probe_pid: int):
        super().__init__(daemon=True)
        self.conn = psycopg.connect(dsn, autocommit=True)
        self.pid = pid
        self.probe_pid = probe_pid
        self.waiting_since: float | None = None
        self.stop = threading.Event()
        self.step: Step | None = None
        self.since: dict[tuple[str, str], float] = {}
        self.tables: set[str] = set()

    def run(self) -> None:
        while not self.stop.is_set():
            now = time.monotonic()
            rows = self.conn.execute(
                "SELECT l.relation::regclass::text, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE l.pid = %s AND l.granted AND l.locktype = 'relation' AND c.relkind IN ('r', 'p') "
                "AND l.mode = ANY(%s)",
                [self.pid, list(BLOCKING_MODES)],
            ).fetchall()
            waiting = self.conn.execute(
                "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s", [self.probe_pid]
            ).fetchone()
            if waiting and waiting[0]:
                self.waiting_since = self.waiting_since or now
            else:
                self.waiting_since = None
            writing = self.conn.execute(
                "SELECT extract(epoch FROM now() - a.xact_start) FROM pg_stat_activity a WHERE a.pid = %s "
                "AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.locktype = 'relation' "
                "AND l.mode = 'RowExclusiveLock' AND l.relation::regclass::text = ANY(%s))",
                [self.pid, list(self.tables)],
            ).fetchone()
            held = {(table, mode) for table, mode in rows if table in self.tables}
            for key in list(self.since):
                if key not in held:
                    del self.since[key]
            step = self.step
            if step is not None and self.waiting_since is not None:
                step.wait_seconds = max(step.wait_seconds, now - self.waiting_since)
            if step is not None and writing and writing[0] is not None:
                step.rows_seconds = max(step.rows_seconds, float(writing[0]))
            for key in held:
                start = self.since.setdefault(key, now)
                if step is not None and now - start > step.lock_seconds:
                    step.lock_seconds, step.lock = now - start, f"{key[1]} on {key[0]}"
            time.sleep(0.05)


def admin(sql: str) -> None:
    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def setup_django(database: str) -> None:
    os.environ["DATABASE_URL"] = f"{PG_URL}/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pazar.settings")
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def row_counts(dsn: str) -> dict:
    with psycopg.connect(dsn) as conn:
        found = {}
        for table in PROBED:
            if conn.execute("SELECT to_regclass(%s)", [table]).fetchone()[0] is not None:
                found[table] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
        return found


def measured(name: str, probe: Probe, sampler: Sampler, run) -> Step:
    """Run one step with the probe and the sampler watching it."""
    from django.db import connection

    probe.refresh()
    sampler.tables = {row[0] for row in connection.introspection.get_table_list(connection.cursor())}
    step = Step(name)
    probe.step = sampler.step = step
    started = time.monotonic()
    run()
    step.seconds = time.monotonic() - started
    time.sleep(0.2)  # the probe's statement under way when the step ended counts for it
    probe.step = sampler.step = None
    log(
        f"{name}: {step.seconds:.2f} s, probe waited {step.wait_seconds:.2f} s, rows {step.rows_seconds:.2f} s, "
        f"lock {step.lock_seconds:.2f} s {step.lock}, "
        f"probes read {step.read_ms:.0f} ms write {step.write_ms:.0f} ms"
    )
    return step


def forwards(executor, probe: Probe | None, sampler: Sampler | None, skip_applied: bool = True) -> list[Step]:
    """Apply every unapplied migration, one at a time, each measured."""
    executor.loader.build_graph()
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    state = executor._create_project_state(with_applied_migrations=True)
    steps = []
    for migration, backwards in plan:
        assert not backwards

        def apply(migration=migration):
            nonlocal state
            state = executor.apply_migration(state, migration)

        name = f"{migration.app_label} {migration.name}"
        if probe is None:
            started = time.monotonic()
            apply()
            steps.append(Step(name, seconds=time.monotonic() - started))
        else:
            steps.append(measured(name, probe, sampler, apply))
    return steps


def drop_pazar_triggers(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND (t.tgname LIKE 'lv\\_%' OR t.tgname = 'conversations_inbox_count')"
        ).fetchall()
        for name, table in rows:
            conn.execute(f'DROP TRIGGER "{name}" ON "{table}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default=os.environ.get("MIGRATIONS_SCALE", "small"))
    parser.add_argument("--database", help="a database bench_data already loaded (steps 1 and 2 are skipped)")
    parser.add_argument("--keep", action="store_true", help="keep the database made for the replay")
    parser.add_argument(
        "--upgrade",
        action="store_true",
        help="with --database: apply only what it lacks, as an upgrade from its release does (no step 3); "
        "writes bench/MIGRATIONS-upgrade.md",
    )
    args = parser.parse_args()
    if args.upgrade and not args.database:
        parser.error("--upgrade needs --database")
    report_path, raw_path = (
        (REPORT.with_name("MIGRATIONS-upgrade.md"), RAW.with_name("migrations-upgrade.json"))
        if args.upgrade
        else (REPORT, RAW)
    )

    database = args.database or f"{DB_PREFIX}_migrations_{args.scale}"
    dsn = f"{PG_URL}/{database}"
    initial: list[Step] = []
    load_seconds = None
    if not args.database:
        admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin(f'CREATE DATABASE "{database}"')
    setup_django(database)
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if not args.database:
        log(f"{database}: every migration on the empty database")
        initial = forwards(executor, None, None)
        emit_post_migrate_signal(0, False, "default")
        log(f"{database}: bench_data --scale {args.scale}")
        env = {**os.environ, "DATABASE_URL": dsn, "DEBUG": "1"}
        started = time.monotonic()
        subprocess.run(
            [PYTHON, "manage.py", "bench_data", "--scale", args.scale, "--no-progress"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        load_seconds = time.monotonic() - started
    rows = row_counts(dsn)
    log(f"rows: {rows}")

    back_seconds = 0.0
    if not args.upgrade:
        log("back to each app's 0001_initial, pazar's triggers dropped")
        started = time.monotonic()
        executor.loader.build_graph()
        executor.migrate([(app, "0001_initial") for app in PAZAR_APPS])
        drop_pazar_triggers(dsn)
        back_seconds = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    probe = Probe(dsn)
    sampler = Sampler(dsn, pid, probe.conn.info.backend_pid)
    probe.refresh()
    probe.start()
    sampler.start()
    executor = MigrationExecutor(connection)
    steps = forwards(executor, probe, sampler)
    steps.append(
        measured(
            "post_migrate: inbox trigger installed, counted",
            probe,
            sampler,
            lambda: emit_post_migrate_signal(0, False, "default"),
        )
    )
    steps.append(
        measured(
            "post_migrate again (a later `migrate`)",
            probe,
            sampler,
            lambda: emit_post_migrate_signal(0, False, "default"),
        )
    )
    probe.stop.set()
    sampler.stop.set()
    with psycopg.connect(dsn) as conn:
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    connection.close()
    probe.join(5)
    sampler.join(5)
    if not args.database and not args.keep:
        admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    result = {
        "scale": args.scale,
        "upgrade": args.upgrade,
        "rows": rows,
        "database_bytes": size,
        "load_seconds": load_seconds,
        "back_seconds": back_seconds,
        "initial": [s.__dict__ for s in initial],
        "steps": [{**s.__dict__, "blocked_seconds": s.blocked_seconds} for s in steps],
        "limit_seconds": LIMIT_SECONDS,
        "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    raw_path.write_text(json.dumps(result, indent=1) + "\n")
    report_path.write_text(report(result))
    worst = max(s.blocked_seconds for s in steps)
    log(f"wrote {report_path.relative_to(ROOT)}; the longest a request could wait: {worst:.2f} s")
    return 0 if worst <= LIMIT_SECONDS else 1


def report(result: dict) -> str:
    rows = ", ".join(f"{table} {count:,}" for table, count in result["rows"].items() if count)
    lines = [
        "# Migrations on a loaded database" + (": an upgrade" if result.get("upgrade") else ""),
        "",
        f"`bench/migrations.py --scale {result['scale']}{' --upgrade' if result.get('upgrade') else ''}` "
        f"({result['at']}; see its docstring for the design)."
        + (
            " Only what the database lacked was applied, as in a shop upgrading from the release that"
            " made it (its triggers installed by that release's post_migrate)."
            if result.get("upgrade")
            else ""
        ),
        f"Rows: {rows}. Database size {result['database_bytes'] / 2**30:.1f} GiB"
        + (f"; loaded in {result['load_seconds']:.0f} s" if result["load_seconds"] else "")
        + ".",
        "",
        "Each later migration applied on the rows, one at a time, sampled every 50 ms. *probe waited*: the",
        "longest the probe (one-row reads and writes on the big tables) waited for a lock; *rows locked*:",
        "the longest transaction of the migrating session that held row locks on a table in use (what a",
        "request writing one of those rows could wait); *lock*: the longest a table lock that blocks",
        "reads or writes (SHARE or stronger) was held (0 = never seen); *read*/*write*: the slowest",
        "probe's wall time (CPU waits on the shared machine included). Target: the longest of the first",
        f"three at most {result['limit_seconds']:g} s. What the figures mean and what changed since: bench/NOTES.md.",
        "",
        "| step | seconds | probe waited (s) | rows locked (s) | lock (s) | lock held | read probe (ms) "
        "| write probe (ms) | ≤ 1 s |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |",
    ]
    for s in result["steps"]:
        ok = "yes" if s["blocked_seconds"] <= result["limit_seconds"] else "**no**"
        lines.append(
            f"| {s['name']} | {s['seconds']:.2f} | {s['wait_seconds']:.2f} | {s['rows_seconds']:.2f} | "
            f"{s['lock_seconds']:.2f} | "
            f"{s['lock'] or '–'} | "
            f"{s['read_ms']:.0f} {s['read_table']} | {s['write_ms']:.0f} {s['write_table']} | {ok} |"
        )
    if result["initial"]:
        total = sum(s["seconds"] for s in result["initial"])
        lines += [
            "",
            f"On the empty database, all {len(result['initial'])} migrations took {total:.1f} s "
            f"(the slowest: {max(result['initial'], key=lambda s: s['seconds'])['name']}).",
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
