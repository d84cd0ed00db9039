"""`make replicacheck`: pazar on a real PostgreSQL streaming replica, checked end to end.

Starts its own primary (initdb under a temporary directory, on a free loopback port; never the shared
server) and a hot standby made from it with `pg_basebackup -R` on another free port, runs pazar
in this process (Django's test client, DATABASE_URL on the primary, DATABASE_REPLICA_URLS on the
standby, a local cache), and checks:

- where statements went: the opted-in reads (public questions, locations, the seller inbox and
  metrics) on the standby, as Django ran them (a wrapper per alias) and as each server counted
  them (pg_stat_statements); a shopper's own list and every write on the primary;
- read-your-writes while the standby's replay is paused (`pg_wal_replay_pause()`): a public list
  may answer the old page (and its old ETag); the writer's own reads right after the write are
  current; a standby behind by more than DATABASE_REPLICA_MAX_LAG_SECONDS is not read;
- the standby down (stopped): reads answer from the primary at once, the failure is remembered,
  /health/ready/ answers 200 "degraded" naming it; back up, reads return to it.

Prints a pass/fail table; exits 1 when a check fails, 2 when the clusters cannot be made. The
PostgreSQL binaries come from PG_BIN (default: the newest /usr/lib/postgresql/*/bin); as root,
they run as the `postgres` OS user (initdb refuses root). Everything started is stopped by its pid.
"""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN_SECONDS = 30
MAX_LAG_SECONDS = 30
RETRY_SECONDS = 2


def pg_bin() -> Path:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not found:
        sys.exit("replicacheck: no PostgreSQL binaries (set PG_BIN)")
    return found[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One PostgreSQL server of the check, in a directory of its own."""

    def __init__(self, bin_dir: Path, data: Path, port: int):
        self.bin, self.data, self.port = bin_dir, data, port
        self.as_postgres = os.geteuid() == 0

    def run(self, *args, check=True) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *map(str, args[1:])]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)  # noqa: S603

    def start(self) -> None:
        self.run("pg_ctl", "-D", self.data, "-l", self.data.parent / f"{self.data.name}.log", "-w", "-t", "60", "start")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check=False)

    def url(self, database: str = "pazar") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


def make_clusters(tmp: Path) -> tuple[Cluster, Cluster]:
    bin_dir = pg_bin()
    if os.geteuid() == 0:
        postgres = pwd.getpwnam("postgres")
        os.chown(tmp, postgres.pw_uid, postgres.pw_gid)
    primary = Cluster(bin_dir, tmp / "primary", free_port())
    primary.run("initdb", "-D", primary.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
                "--no-sync")  # fmt: skip
    with open(primary.data / "postgresql.conf", "a") as conf:
        conf.write(
            f"port = {primary.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{tmp}'\n"
            "wal_level = replica\nmax_wal_senders = 4\nfsync = off\nsynchronous_commit = off\n"
            "full_page_writes = off\nshared_buffers = 32MB\nmax_connections = 40\n"
            "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = top\n"
        )
    primary.start()
    primary.run("createdb", "-h", "127.0.0.1", "-p", primary.port, "-U", "postgres", "pazar")
    primary.run("psql", "-h", "127.0.0.1", "-p", primary.port, "-U", "postgres", "-d", "pazar", "-qc",
                "CREATE EXTENSION pg_stat_statements")  # fmt: skip
    replica = Cluster(bin_dir, tmp / "replica", free_port())
    replica.run("pg_basebackup", "-h", "127.0.0.1", "-p", primary.port, "-U", "postgres", "-D", replica.data,
                "-R", "-X", "stream", "-c", "fast", "--no-sync")  # fmt: skip
    with open(replica.data / "postgresql.conf", "a") as conf:
        conf.write(f"port = {replica.port}\nhot_standby = on\n")
    replica.start()
    return primary, replica


class Table:
    """The checks' results, printed as they come and as a table at the end."""

    def __init__(self):
        self.rows: list[tuple[bool, str, str]] = []

    def __call__(self, ok: bool, what: str, detail: str = "") -> bool:
        self.rows.append((bool(ok), what, detail))
        print(f"{'pass' if ok else 'FAIL'}  {what}" + (f"  ({detail})" if detail else ""), flush=True)
        return bool(ok)

    def print(self) -> None:
        width = max(len(what) for _, what, _ in self.rows)
        print(f"\n{'result':6}  {'check':{width}}  detail")
        for ok, what, detail in self.rows:
            print(f"{'pass' if ok else 'FAIL':6}  {what:{width}}  {detail}")
        failed = sum(1 for ok, _, _ in self.rows if not ok)
        print(f"\n{len(self.rows) - failed} passed, {failed} failed")


def setup_django(primary: Cluster, replica: Cluster) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="pazar.settings",
        DATABASE_URL=primary.url(),
        DATABASE_REPLICA_URLS=replica.url(),
        DATABASE_REPLICA_PIN_SECONDS=str(PIN_SECONDS),
        DATABASE_REPLICA_MAX_LAG_SECONDS=str(MAX_LAG_SECONDS),
        DATABASE_REPLICA_RETRY_SECONDS=str(RETRY_SECONDS),
        REDIS_URL="",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PAZAR_TESTING="1",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def sql(cluster: Cluster, statement: str) -> str:
    return cluster.run("psql", "-h", "127.0.0.1", "-p", cluster.port, "-U", "postgres", "-d", "pazar", "-tAXc",
                       statement).stdout.strip()  # fmt: skip


def wait_caught_up(primary: Cluster, replica: Cluster, timeout: float = 30) -> bool:
    target = sql(primary, "SELECT pg_current_wal_lsn()")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sql(replica, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "t":
            return True
        time.sleep(0.1)
    return False


class Recorder:
    """The statements Django ran on each alias."""

    def __init__(self):
        from django.db import connections

        self.ran: dict[str, list[str]] = {"default": [], "replica1": []}
        for alias in self.ran:
            connections[alias].execute_wrappers.append(self._wrapper(alias))

    def _wrapper(self, alias):
        def record(execute, sql_text, params, many, context):
            self.ran[alias].append(sql_text)
            return execute(sql_text, params, many, context)

        return record

    @contextlib.contextmanager
    def watch(self):
        for statements in self.ran.values():
            statements.clear()
        yield self.ran

    @staticmethod
    def touches(statements, table: str) -> bool:
        return any(table in text for text in statements)

    @staticmethod
    def read_data(statements) -> bool:
        """Whether any of `statements` read pazar's tables (not the replica's lag probe)."""
        return any(name in text for text in statements for name in ('FROM "', "core_listversion"))


def run_checks(check: Table, primary: Cluster, replica: Cluster) -> None:
    from django.conf import settings
    from django.test import Client

    from pazar.accounts.models import User
    from pazar.accounts.services import token_for
    from pazar.addresses.models import Country
    from pazar.catalog.models import Channel, DataSource
    from pazar.conversations.models import ConversationType, SenderType
    from pazar.conversations.services import Sender, conversation_create
    from pazar.core import replicas

    datasource = DataSource.objects.create(name="seller", slug="seller", title="Seller", supplier_code="SUP1")
    channel = Channel.objects.create(name="web")
    seller = User.objects.create_user(email="seller@example.com", password="pw-Seller-12345", datasource=datasource)
    shopper = User.objects.create_user(email="shopper@example.com", password="pw-Shopper-12345")
    asker = User.objects.create_user(email="asker@example.com", password="pw-Asker-12345")
    Country.objects.create(name="Türkiye", code="tr")

    def question(user, text: str, *, is_public=True):
        return conversation_create(
            user=user,
            datasource=datasource,
            conversation_type=ConversationType.QUESTION,
            sender=Sender(SenderType.USER, user=user),
            message_content=text,
            is_public=is_public,
        )[0]

    first = question(shopper, "Is it waterproof?")
    seller_client = Client(HTTP_AUTHORIZATION=f"Token {token_for(user=seller)}")
    shopper_client = Client()
    shopper_client.force_login(shopper)
    anonymous = Client()
    inbox = f"/api/v1/remote/{channel.pk}/conversations/"
    reply = {
        "conversation": first.pk,
        "message_content": "Yes.",
        "user_type": "registered",
        "content_type": "datasource",
        "content_id": datasource.pk,
    }
    check(wait_caught_up(primary, replica), "the standby replays the primary's writes")
    recorder = Recorder()
    sql(primary, "SELECT pg_stat_statements_reset()")
    sql(replica, "SELECT pg_stat_statements_reset()")

    # 1. Where statements go.
    for what, client, path, table in (
        ("public questions", anonymous, "/public-questions/", "conversations_conversation"),
        ("locations", shopper_client, "/address/country/", "addresses_country"),
        ("seller inbox", seller_client, inbox, "conversations_conversation"),
        ("seller metrics", seller_client, f"{inbox}metrics/", "conversations_conversation"),
    ):
        with recorder.watch() as ran:
            status = client.get(path).status_code
        check(
            status == 200 and Recorder.touches(ran["replica1"], table) and not Recorder.touches(ran["default"], table),
            f"{what}: read on the standby",
            f"{status}, standby {len(ran['replica1'])} statements, primary {len(ran['default'])}",
        )
    with recorder.watch() as ran:
        status = anonymous.get("/public-questions/").status_code
    check(
        Recorder.touches(ran["replica1"], "core_listversion")
        and not Recorder.touches(ran["default"], "core_listversion"),
        "public questions: ETag versions and page from the same server",
    )
    with recorder.watch() as ran:
        status = shopper_client.get("/users/conversations/").status_code
    check(
        status == 200
        and not Recorder.read_data(ran["replica1"])
        and Recorder.touches(ran["default"], "conversations_conversation"),
        "a shopper's own conversations: the primary (not opted in)",
    )
    on_standby = sql(replica, "SELECT count(*) FROM pg_stat_statements WHERE query LIKE '%core_listversion%'")
    check(int(on_standby or 0) > 0, "the standby's pg_stat_statements counted the version reads", f"{on_standby} kinds")
    on_primary = sql(
        primary,
        "SELECT count(*) FROM pg_stat_statements"
        " WHERE query LIKE '%FROM core_listversion%' AND query NOT LIKE '%pg_stat%'",
    )
    # The shopper's own list is revalidated too: its versions are the primary's one kind.
    check(int(on_primary or 0) <= 1, "the primary's pg_stat_statements: the shopper's own list's versions", on_primary)

    # 2. Lag: the standby's replay paused.
    response = anonymous.get("/public-questions/")
    count_before, etag_before = response.json()["count"], response["ETag"]
    sql(replica, "SELECT pg_wal_replay_pause()")
    second = question(asker, "Does it come in blue?")
    with recorder.watch() as ran:
        stale = anonymous.get("/public-questions/", HTTP_IF_NONE_MATCH=etag_before)
    check(
        stale.status_code == 304 and not Recorder.read_data(ran["default"]),
        "replay paused: a public list may be a moment old (the standby's 304, old ETag)",
        f"{stale.status_code}",
    )
    with recorder.watch() as ran:
        wrote = seller_client.post(inbox.replace("conversations/", "messages/"), reply)
    check(
        wrote.status_code == 201 and not Recorder.touches(ran["replica1"], "INSERT"),
        "a write goes to the primary",
        str(wrote.status_code),
    )
    with recorder.watch() as ran:
        own = seller_client.get(inbox)
    answered = {row["id"]: row["is_answered"] for row in own.json()["results"]}
    check(
        answered.get(first.pk) is True and second.pk in answered and not Recorder.read_data(ran["replica1"]),
        "read-your-writes: the seller's inbox right after its reply (primary, pinned)",
        f"answered={answered.get(first.pk)}",
    )
    asker_client = Client()
    asker_client.force_login(asker)
    mine = asker_client.get("/users/conversations/").json()
    check(
        second.pk in [row["id"] for row in mine["results"]],
        "the shopper's own list right after its question is current",
    )
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 0
    replicas._lag_seen.clear()
    time.sleep(0.2)
    with recorder.watch() as ran:
        guarded = anonymous.get("/public-questions/")
    lag = replicas.probe("replica1")
    check(
        guarded.json()["count"] == count_before + 1 and not Recorder.read_data(ran["replica1"]),
        "a standby behind by more than DATABASE_REPLICA_MAX_LAG_SECONDS is not read",
        f"lag {lag.get('lag_seconds')} s",
    )
    ready = anonymous.get("/health/ready/")
    check(
        ready.status_code == 200 and ready.json()["checks"]["replicas"]["replicas"]["replica1"]["status"] == "lagging",
        "/health/ready/: 200, the standby 'lagging'",
        str(ready.json()["checks"]["replicas"]),
    )
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = MAX_LAG_SECONDS
    sql(replica, "SELECT pg_wal_replay_resume()")
    check(wait_caught_up(primary, replica), "replay resumed: the standby catches up")
    replicas._lag_seen.clear()
    with recorder.watch() as ran:
        fresh = anonymous.get("/public-questions/", HTTP_IF_NONE_MATCH=etag_before)
    check(
        fresh.status_code == 200 and fresh.json()["count"] == count_before + 1 and fresh["ETag"] != etag_before,
        "caught up: the standby answers the new page and a new ETag",
        f"{fresh.status_code} via {'standby' if ran['replica1'] else 'primary'}",
    )
    check(Recorder.touches(ran["replica1"], "core_listversion"), "caught up: reads are the standby's again")

    # 3. The standby down.
    replica.stop()
    started = time.perf_counter()
    with recorder.watch() as ran:
        down = anonymous.get("/public-questions/")
    elapsed = time.perf_counter() - started
    check(
        down.status_code == 200 and down.json()["count"] == count_before + 1,
        "standby stopped: reads fall back to the primary",
        f"{down.status_code} in {elapsed * 1000:.0f} ms, {len(ran['replica1'])} statement(s) tried on the standby",
    )
    started = time.perf_counter()
    tried = []
    probe = replicas.probe
    replicas.probe = lambda alias: tried.append(alias) or probe(alias)
    try:
        again = anonymous.get("/public-questions/")
    finally:
        replicas.probe = probe
    check(again.status_code == 200 and tried == [], "the failure is remembered: the next request does not try it")
    ready = anonymous.get("/health/ready/")
    state = ready.json()["checks"]["replicas"]
    check(
        ready.status_code == 200
        and ready.json()["status"] == "degraded"
        and state["replicas"]["replica1"]["status"] == "down",
        "/health/ready/: 200, 'degraded', the standby 'down'",
        str(state),
    )
    replica.start()
    time.sleep(RETRY_SECONDS + 0.5)
    with recorder.watch() as ran:
        back = anonymous.get("/public-questions/")
    check(
        back.status_code == 200 and Recorder.touches(ran["replica1"], "core_listversion"),
        f"standby back: read again after DATABASE_REPLICA_RETRY_SECONDS ({RETRY_SECONDS} s)",
    )
    ready = anonymous.get("/health/ready/")
    check(ready.json()["checks"]["replicas"]["status"] == "ok", "/health/ready/: the standby 'ok' again")


def main() -> int:
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="pazar-replicacheck-"))
    clusters: list[Cluster] = []
    check = Table()
    try:
        try:
            primary, replica = make_clusters(tmp)
        except subprocess.CalledProcessError as exc:
            print(f"replicacheck: could not make the clusters: {exc.cmd}\n{exc.stdout}\n{exc.stderr}")
            for log in tmp.glob("*.log"):
                print(log.read_text()[-2000:])
            return 2
        clusters = [replica, primary]
        print(f"primary on :{primary.port}, standby on :{replica.port} ({time.monotonic() - started:.1f} s)")
        setup_django(primary, replica)
        print(f"migrated ({time.monotonic() - started:.1f} s)")
        run_checks(check, primary, replica)
    finally:
        from django.db import connections

        with contextlib.suppress(Exception):
            connections.close_all()
        for cluster in clusters:
            cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    check.print()
    print(f"replicacheck took {time.monotonic() - started:.1f} s")
    return 0 if check.rows and all(ok for ok, _, _ in check.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
