"""`make bench`: pazar against a raw-SQL floor, at small and large scale; writes bench/RESULTS.md and a chart.

For the scales (BENCH_SCALES, "small large"):
1. A PostgreSQL database `pazar_bench_<scale>` (BENCH_DB_PREFIX_<scale>) on BENCH_PG_URL (the
   machine's server by default) is filled by `manage.py bench_data` unless it already holds this
   generator's data, and migrated either way (the code's new tables and triggers). Then
   `manage.py bench_data --late-seller` removes what a previous run left (its late seller, the
   shoppers it registered), takes the statistics (ANALYZE) and adds the late seller: every run
   measures from the same statistics, and the late seller is newer than them, as a seller who
   joins a live shop is.
2. Queries per request and the plans of their SELECTs (bench/inspect_queries.py).
3. pazar under gunicorn as in production (gunicorn.conf.py, DEBUG=0, Redis for cache and throttles)
   and the floor (bench/floor.py) under the same gunicorn settings, both scales' servers side by
   side; each endpoint is loaded for BENCH_SECONDS on each server, in BENCH_ROUNDS alternating
   slices, at BENCH_CONCURRENCY connections by an asyncio client in this process, aimed at
   127.0.0.1. Workers' resident memory is sampled throughout. Before any load, each endpoint the
   floor serves is asked of both servers and the run stops unless their JSON is the same.
4. The revalidated runs ("<list>, revalidated") send each target the ETag it was given first and
   count the 304s per second; the floor, which has no ETags, serves its full pages, so their ratio
   is 304s per second ÷ the floor's full pages per second (docs/performance.md, "Revalidation").
5. The writes the run made (messages, cancellation requests) are removed, and the shoppers it
   registered are removed by the next run's `--late-seller`, so the next run starts from the same data.
Ratios, not absolute times, are the result: the machine is shared and the client shares its cores.
"""

import asyncio
import contextlib
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import psycopg.rows

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432").rstrip("/")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
SCALES = os.environ.get("BENCH_SCALES", "small large").replace(",", " ").split()
# The databases are <prefix>_<scale>: another prefix tries this script without touching the shared ones.
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "pazar_bench")
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
WARMUP = float(os.environ.get("BENCH_WARMUP", "2"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str((os.cpu_count() or 1) * 2 + 1)))
REQUEST_TIMEOUT = 30.0
PAZAR_PORT = int(os.environ.get("BENCH_PORT", "8200"))  # pazar small; the floor +1, large +2 and +3
FLOOR_PORT = PAZAR_PORT + 1
# BENCH_OUT: where results.json, RESULTS.md and results.png go (the CI smoke keeps the committed ones).
OUT = Path(os.environ.get("BENCH_OUT", ROOT / "bench")).resolve()
REPORT = OUT / "RESULTS.md"
CHART = OUT / "results.png"
RAW = OUT / "results.json"
# BENCH_SMOKE=1 (CI): exit 1 unless every endpoint answered, and only with 2xx or 304.
SMOKE = os.environ.get("BENCH_SMOKE") == "1"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- data ---------------------------------------------------------------------------------------------


def database(scale: str) -> str:
    return f"{PG_URL}/{DB_PREFIX}_{scale}"


def app_env(scale: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pazar.settings",
        "DATABASE_URL": database(scale),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "PUBLIC_BASE_URL": "https://api.bench.example",
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": str(WORKERS),
        # The benchmark posts far faster than a shopper may: lift the posting limits for it.
        "MESSAGE_POST_PER_USER_PER_MINUTE": "1000000",
        "MESSAGE_POST_PER_USER_PER_HOUR": "1000000",
        "MESSAGE_POST_PER_SELLER_PER_MINUTE": "1000000",
        "MESSAGE_POST_PER_IP_PER_MINUTE": "1000000",
        "REGISTRATION_IP_RATE": "1000000/hour",
    }
    env.pop("PAZAR_REQUIRE_POSTGRES", None)
    if redis_up():
        env["REDIS_URL"] = REDIS_URL
        env["CACHE_KEY_PREFIX"] = f"bench-{secrets.token_hex(4)}"
    else:
        env.pop("REDIS_URL", None)
    return env


def redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )
    return result.stdout if capture else ""


def ensure_data(scale: str) -> dict:
    """The scale's database with this generator's data, loaded if missing or stale; answers its meta."""
    sys.path.insert(0, str(ROOT))
    from pazar.benchdata.scales import SCALES as SIZES
    from pazar.benchdata.scales import SEED, VERSION

    name = f"{DB_PREFIX}_{scale}"
    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if exists:
        with psycopg.connect(database(scale)) as conn:
            table = conn.execute("SELECT to_regclass('bench_meta')").fetchone()[0]
            meta = conn.execute("SELECT value FROM bench_meta WHERE key = 'meta'").fetchone()[0] if table else None
        if meta and meta.get("version") == VERSION and meta["seed"] == SEED and meta["sizes"] == SIZES[scale].__dict__:
            log(f"{name}: data already loaded ({meta['loaded_at']}); migrate")
            # New tables and triggers of this code (the list versions), on the loaded data.
            manage(app_env(scale), "migrate", "--noinput", "-v0")
            return late_seller(scale)
    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    env = app_env(scale)
    env["DEBUG"] = "1"
    log(f"{name}: migrate and load --scale {scale}")
    manage(env, "migrate", "--noinput", "-v0")
    started = time.monotonic()
    meta = json.loads(manage(env, "bench_data", "--scale", scale, capture=True))
    meta["load_seconds"] = round(time.monotonic() - started, 1)
    with psycopg.connect(database(scale)) as conn:
        conn.execute("UPDATE bench_meta SET value = %s WHERE key = 'meta'", [json.dumps(meta)])
    log(f"{name}: loaded in {meta['load_seconds']} s")
    return late_seller(scale)


def late_seller(scale: str) -> dict:
    """The statistics taken again and the late seller added after them (pazar/benchdata/data.py)."""
    log(f"{scale}: ANALYZE, then the late seller")
    return json.loads(manage(app_env(scale), "bench_data", "--late-seller", capture=True))


class WriteJournal:
    """What the write endpoints change, taken back after the run."""

    def __init__(self, scale: str, meta: dict):
        self.url = database(scale)
        self.conversations = [c for ids in meta["writer_conversations"].values() for c in ids]
        self.max_message = meta["baseline_message_id"]
        self.max_request = meta["baseline_request_id"]

    def undo(self) -> None:
        with psycopg.connect(self.url) as conn:
            conn.execute("DELETE FROM conversations_message WHERE id > %s", [self.max_message])
            conn.execute("DELETE FROM orders_cancellationrequest WHERE id > %s", [self.max_request])
            # The conversations' last message is again the generator's: date and answered flag follow it.
            conn.execute(
                """
                UPDATE conversations_conversation c
                SET last_message_date = m.created_date, modified_date = m.created_date, is_answered = m.answered
                FROM (
                    SELECT DISTINCT ON (conversation_id) conversation_id, created_date,
                           content_type = 'datasource' AS answered
                    FROM conversations_message WHERE conversation_id = ANY(%s)
                    ORDER BY conversation_id, created_date DESC, id DESC
                ) m
                WHERE c.id = m.conversation_id
                """,
                [self.conversations],
            )


# --- endpoints ----------------------------------------------------------------------------------------


def endpoints(meta: dict, reason: int, writer_conversations: dict) -> dict:
    tokens = meta["tokens"]
    readers = [tokens[str(u)] for u in meta["readers"]]
    hot = tokens[str(meta["readers"][0])]
    seller = tokens[str(meta["seller_user"])]
    late = meta["late_seller"]["token"]
    registrations = [
        (
            None,
            json.dumps(
                {
                    "email": f"bench-registered-{run}-{n}@bench.local",
                    "password": "a-long-Passphrase-42",
                    "first_name": "Bench",
                    "last_name": f"Registered {n}",
                    "email_allowed": False,
                    "confirm": True,
                }
            ),
        )
        for run in [secrets.token_hex(4)]
        for n in range(20_000)
    ]
    writers = [
        (tokens[w], [writer_conversations[c] for c in meta["writer_conversations"].get(w, [])], meta["writer_items"][w])
        for w in meta["writer_items"]
    ]
    message_bodies = [
        (
            token,
            json.dumps(
                {
                    "conversation": c["id"],
                    "conversation_type": c["conversation_type"],
                    "user": c["user_id"],
                    "user_type": "registered",
                    "datasource": c["datasource_id"],
                    "content_type": "user",
                    "content_id": c["user_id"],
                    "message_content": "Is there any news about this? (bench)",
                }
            ),
        )
        for token, conversations, _items in writers
        for c in conversations
    ]
    cancel_bodies = [
        (token, json.dumps({"order_item": item, "reason": reason, "cancellation_type": "cancel"}))
        for token, _c, items in writers
        for item in items
    ]
    # Interleave the writers so consecutive requests come from different shoppers.
    cancel_bodies = [
        b
        for group in zip(*[cancel_bodies[i :: len(writers)] for i in range(len(writers))], strict=False)
        for b in group
    ]
    orders_list = {
        "method": "GET",
        "targets": [("/users/orders/?limit=12", t, None) for t in readers],
        "path": "/users/orders/?page=1",
        "token": hot,
        "limits": [12, 100],
        "floor": True,
    }
    conversations = {
        "method": "GET",
        "targets": [("/users/conversations/?limit=20", t, None) for t in readers],
        "path": "/users/conversations/?page=1",
        "token": hot,
        "limits": [20, 100],
        "floor": True,
    }
    product_reviews = {
        "method": "GET",
        "targets": [(f"/public-reviews/?product={meta['hot_product']}&limit=20", None, None)],
        "path": f"/public-reviews/?product={meta['hot_product']}",
        "token": None,
        "limits": [20, 100],
        "floor": True,
    }
    return {
        "orders list": orders_list,
        "order detail": {
            "method": "GET",
            "targets": [(f"/users/orders/{o}/", hot, None) for o in meta["hot_orders"]],
            "path": f"/users/orders/{meta['hot_orders'][0]}/",
            "token": hot,
            "floor": True,
        },
        "conversations": conversations,
        "seller inbox, unanswered": {
            "method": "GET",
            "targets": [("/api/v1/remote/1/conversations/?is_answered=false&limit=20", seller, None)],
            "path": "/api/v1/remote/1/conversations/?is_answered=false",
            "token": seller,
            "limits": [20, 100],
            "floor": True,
        },
        "seller inbox, longest wait first": {
            "method": "GET",
            "targets": [("/api/v1/remote/1/conversations/?ordering=reply_needed_since&limit=20", seller, None)],
            "path": "/api/v1/remote/1/conversations/?ordering=reply_needed_since",
            "token": seller,
            "limits": [20, 100],
            "floor": True,
        },
        "seller inbox": {
            "method": "GET",
            "targets": [("/api/v1/remote/1/conversations/?limit=20", seller, None)],
            "path": "/api/v1/remote/1/conversations/?page=1",
            "token": seller,
            "limits": [20, 100],
            "floor": True,
        },
        # A seller created after the statistics were taken (bench_data --late-seller), as sellers join a live
        # shop: its token, datasource, kept counts and conversations are newer than every table's statistics.
        "seller inbox, late seller": {
            "method": "GET",
            "targets": [("/api/v1/remote/1/conversations/?limit=20", late, None)],
            "path": "/api/v1/remote/1/conversations/?page=1",
            "token": late,
            "limits": [20, 100],
            "floor": True,
        },
        "product reviews": product_reviews,
        # HTTP revalidation (docs/performance.md): pazar answers 304 to the ETag it gave each target;
        # the floor, which has none, serves the same full pages, so the ratio is 304s ÷ full pages.
        **{
            f"{name}, revalidated": {**spec, "revalidate": True}
            for name, spec in (
                ("orders list", orders_list),
                ("conversations", conversations),
                ("product reviews", product_reviews),
            )
        },
        "post a message": {
            "method": "POST",
            "targets": [("/users/conversations/", token, body) for token, body in message_bodies],
            "floor": False,
            "once": False,
        },
        "cancellation request": {
            "method": "POST",
            "targets": [("/users/orders/cancellation_requests/", token, body) for token, body in cancel_bodies],
            "floor": False,
            "once": True,  # each item can be asked for once: the targets are used up, not cycled
        },
        "registration": {
            "method": "POST",
            "targets": [("/users/registration/", token, body) for token, body in registrations],
            "floor": False,
            "once": True,  # each address registers once
            # Each one hashes a password (most of its time, on a core): more connections only queue.
            "concurrency": 2,
        },
    }


# --- load ---------------------------------------------------------------------------------------------


async def one_request(
    port: int, method: str, path: str, token: str | None, body: str | None, etag: str | None = None, *, raw=None
) -> tuple[int, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    payload = body.encode() if body else b""
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", "Accept: application/json"]
    if token:
        head.append(f"Authorization: Token {token}")
    if etag:
        head.append(f"If-None-Match: {etag}")
    if body is not None:
        head += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
    await writer.drain()
    response = await reader.read()
    writer.close()
    with contextlib.suppress(Exception):
        await writer.wait_closed()
    status = int(response[9:12]) if response.startswith(b"HTTP/") else 0
    if raw is not None:
        raw.append(response)
    return status, time.perf_counter() - started


async def etag_of(port: int, path: str, token: str | None) -> str | None:
    """The ETag a server gives a GET of `path` (None from the floor, which gives none)."""
    raw: list[bytes] = []
    await one_request(port, "GET", path, token, None, raw=raw)
    head = raw[0].split(b"\r\n\r\n", 1)[0].decode("latin-1") if raw else ""
    for line in head.split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "etag":
            return value.strip()
    return None


class Tally:
    """One endpoint's load on one server, added up over the slices it was given."""

    def __init__(self):
        self.next = 0  # the next target: a slice goes on where the last one stopped
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.wall = 0.0

    def summary(self) -> dict:
        latencies = sorted(self.latencies)

        def pct(p):
            return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1) if latencies else None

        return {
            "requests": sum(self.statuses.values()),
            "ok": len(latencies),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "rps": round(len(latencies) / self.wall, 1) if self.wall else 0.0,
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "p99_ms": pct(0.99),
            "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
        }


async def load(port: int, spec: dict, seconds: float, concurrency: int, tally: Tally) -> None:
    targets = spec["targets"]
    etags = [None] * len(targets)
    if spec.get("revalidate"):
        etags = [await etag_of(port, path, token) for path, token, _body in targets]
    deadline = time.perf_counter() + seconds

    async def client():
        while time.perf_counter() < deadline:
            n = tally.next
            tally.next += 1
            if spec.get("once") and n >= len(targets):
                return
            path, token, body = targets[n % len(targets)]
            etag = etags[n % len(targets)]
            try:
                status, elapsed = await asyncio.wait_for(
                    one_request(port, spec["method"], path, token, body, etag), timeout=REQUEST_TIMEOUT
                )
            except (OSError, TimeoutError):
                status, elapsed = 0, 0.0
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
            # Revalidating with an ETag, only a 304 counts; the floor (no ETag) counts its full pages.
            if (status == 304) if etag else (200 <= status < 300):
                tally.latencies.append(elapsed)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(spec.get("concurrency", concurrency))))
    tally.wall += time.perf_counter() - started


# --- the same answers -----------------------------------------------------------------------------------


def answer(port: int, path: str, token: str | None):
    """A GET's status and JSON body; next/previous links as path and query (each server names its own host)."""
    raw: list[bytes] = []
    status, _elapsed = asyncio.run(one_request(port, "GET", path, token, None, raw=raw))
    body = json.loads(raw[0].split(b"\r\n\r\n", 1)[1]) if raw else None
    if isinstance(body, dict):
        for link in ("next", "previous"):
            if body.get(link):
                parts = urllib.parse.urlsplit(body[link])
                body[link] = f"{parts.path}?{'&'.join(sorted(parts.query.split('&')))}"
    return status, body


def first_difference(a, b, where: str = "") -> str | None:
    """Where two JSON answers first differ (a value, a key, the keys' order), or None."""
    if type(a) is not type(b):
        return f"{where or '/'}: {a!r} ≠ {b!r}"
    if isinstance(a, dict):
        for key in dict.fromkeys([*a, *b]):
            if key not in a or key not in b:
                return f"{where}/{key}: only in {'pazar' if key in a else 'the floor'}"
            found = first_difference(a[key], b[key], f"{where}/{key}")
            if found:
                return found
        if list(a) != list(b):
            return f"{where or '/'}: the keys' order {list(a)} ≠ {list(b)}"
        return None
    if isinstance(a, list | tuple):
        if len(a) != len(b):
            return f"{where}: {len(a)} items ≠ {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{where}/{i}")
            if found:
                return found
        return None
    return None if a == b else f"{where}: {a!r} ≠ {b!r}"


def same_answers(prepared: dict, servers: dict) -> None:
    """Every endpoint the floor serves answers the same JSON from both servers, or the run stops."""
    for scale, p in prepared.items():
        compared = 0
        for name, spec in p["specs"].items():
            if not spec["floor"] or spec["method"] != "GET" or spec.get("revalidate"):
                continue
            for path, token, _body in dict.fromkeys(spec["targets"][:3]):
                ours = answer(servers[scale, "pazar"].port, path, token)
                floors = answer(servers[scale, "floor"].port, path, token)
                if ours[0] != 200 or not isinstance(ours[1], dict):
                    sys.exit(f"{scale}, {name}: pazar answers {path} with {ours[0]}: {ours[1]!r:.300}")
                difference = first_difference(ours, floors)
                if difference:
                    sys.exit(f"{scale}, {name}: pazar and the floor answer {path} differently: {difference}")
                compared += 1
        if not compared:
            sys.exit(f"{scale}: no endpoint of the floor was compared with pazar's")
        log(f"{scale}: pazar and the floor answer every endpoint alike")


# --- servers ------------------------------------------------------------------------------------------


class Server:
    """gunicorn with the production settings file, and a sampler of its workers' memory."""

    def __init__(self, app: str, port: int, env: dict):
        self.env = {**env, "HOST": "127.0.0.1", "PORT": str(port)}
        self.port = port
        self.app = app
        self.peak_rss_kb = 0
        self._stop = threading.Event()

    def __enter__(self):
        self.proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null", self.app],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health/", timeout=2)
                break
            except urllib.error.HTTPError:
                break  # the floor has no /health/: a 404 means it is up
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.app} did not start: {self.proc.stderr.read().decode()[-2000:]}")
                time.sleep(0.3)
        self.sampler = threading.Thread(target=self._sample, daemon=True)
        self.sampler.start()
        return self

    def workers(self) -> list[int]:
        try:
            children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
        except OSError:
            return []
        return [int(c) for c in children]

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            for pid in self.workers():
                with contextlib.suppress(OSError, ValueError):
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith(("VmHWM:", "VmRSS:")):
                            self.peak_rss_kb = max(self.peak_rss_kb, int(line.split()[1]))

    def __exit__(self, *exc):
        self._stop.set()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def prepare(scale: str) -> dict:
    """The scale's data, endpoints, environment, and queries per request with their plans."""
    meta = ensure_data(scale)
    with psycopg.connect(database(scale)) as conn:
        meta["database_bytes"] = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        reason = conn.execute(
            "SELECT id FROM orders_cancellationreason WHERE cancellation_type = 'cancel' AND is_active "
            'ORDER BY "order", id LIMIT 1'
        ).fetchone()[0]
        ids = [c for ids in meta["writer_conversations"].values() for c in ids]
        cursor = conn.cursor(row_factory=psycopg.rows.dict_row)
        rows = cursor.execute(
            "SELECT id, user_id, datasource_id, conversation_type FROM conversations_conversation WHERE id = ANY(%s)",
            [ids],
        ).fetchall()
    specs = endpoints(meta, reason, {r["id"]: r for r in rows})
    env = app_env(scale)
    log(f"{scale}: queries per request and plans")
    inspect_specs = {
        name: {k: v for k, v in s.items() if k != "targets"} for name, s in specs.items() if not s.get("revalidate")
    }
    queries = json.loads(
        subprocess.run(
            [PYTHON, "bench/inspect_queries.py", json.dumps(inspect_specs)],
            cwd=ROOT,
            env=env,
            check=True,
            text=True,
            capture_output=True,
        ).stdout
    )
    return {"meta": meta, "specs": specs, "env": env, "queries": queries}


def measure(prepared: dict) -> dict:
    """Every endpoint on every server, in alternating slices.

    Both scales' pazar and floor servers run side by side (gunicorn.conf.py each; an idle sync
    worker costs no CPU), and each endpoint's BENCH_SECONDS are cut into BENCH_ROUNDS slices given
    in turn to pazar small, floor small, pazar large, floor large: a slowdown of the shared
    machine falls on all four alike instead of on whichever ran at that moment, so the ratios
    (pazar ÷ floor, large ÷ small) hold from run to run.
    """
    scales = list(prepared)
    journals = {scale: WriteJournal(scale, p["meta"]) for scale, p in prepared.items()}
    tallies: dict = {}
    try:
        with contextlib.ExitStack() as stack:
            servers = {}
            for i, scale in enumerate(scales):
                env = prepared[scale]["env"]
                servers[scale, "pazar"] = stack.enter_context(Server("pazar.wsgi:application", PAZAR_PORT + 2 * i, env))
                servers[scale, "floor"] = stack.enter_context(
                    Server("bench.floor:app", FLOOR_PORT + 2 * i, {**env, "FLOOR_DSN": database(scale)})
                )
            same_answers(prepared, servers)
            for name in prepared[scales[0]]["specs"]:
                lineup = [
                    (scale, app)
                    for scale in scales
                    for app in ("pazar", "floor")
                    if app == "pazar" or prepared[scale]["specs"][name]["floor"]
                ]
                for scale, app in lineup:
                    spec = prepared[scale]["specs"][name]
                    tallies[scale, app, name] = Tally()
                    if not spec.get("once"):
                        asyncio.run(load(servers[scale, app].port, spec, WARMUP, CONCURRENCY, Tally()))
                log(f"{name}: {ROUNDS} rounds of {', '.join(f'{app} {scale}' for scale, app in lineup)}")
                for _ in range(ROUNDS):
                    for scale, app in lineup:
                        spec = prepared[scale]["specs"][name]
                        asyncio.run(
                            load(
                                servers[scale, app].port, spec, SECONDS / ROUNDS, CONCURRENCY, tallies[scale, app, name]
                            )
                        )
            rss = {key: server.peak_rss_kb for key, server in servers.items()}
    finally:
        for journal in journals.values():
            journal.undo()
    runs = {}
    for scale, p in prepared.items():
        results = {
            name: {
                "queries": p["queries"].get(name, {}).get("queries"),
                "in_process_ms": p["queries"].get(name, {}).get("in_process_ms"),
                "floor_in_process_ms": p["queries"].get(name, {}).get("floor_in_process_ms"),
                **{
                    app: tallies[scale, app, name].summary()
                    for app in ("pazar", "floor")
                    if (scale, app, name) in tallies
                },
            }
            for name in p["specs"]
        }
        runs[scale] = {
            "meta": {
                k: p["meta"][k] for k in ("scale", "seed", "sizes", "load_seconds", "database_bytes") if k in p["meta"]
            },
            "endpoints": results,
            "plans": {name: q["plans"] for name, q in p["queries"].items()},
            "peak_worker_rss_mb": {app: round(rss[scale, app] / 1024, 1) for app in ("pazar", "floor")},
            "redis": "REDIS_URL" in p["env"],
        }
    return runs


def main() -> None:
    try:
        psycopg.connect(f"{PG_URL}/postgres").close()
    except psycopg.OperationalError as exc:
        sys.exit(f"PostgreSQL is not reachable at {PG_URL} (set BENCH_PG_URL): {exc}")
    started = time.time()
    runs = measure({scale: prepare(scale) for scale in SCALES})
    raw = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started)),
        "command": "make bench",
        "seconds": SECONDS,
        "rounds": ROUNDS,
        "concurrency": CONCURRENCY,
        "workers": WORKERS,
        "machine": machine(),
        "runs": runs,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    RAW.write_text(json.dumps(raw, indent=1) + "\n")
    subprocess.run([PYTHON, "bench/report.py"], cwd=ROOT, check=True, env={**os.environ, "BENCH_OUT": str(OUT)})
    log(f"wrote {REPORT} and {CHART}")
    if SMOKE:
        failures = [
            f"{scale} {app} {name}: {tally['statuses'] or 'no answer'}"
            for scale, run in runs.items()
            for name, result in run["endpoints"].items()
            for app in ("pazar", "floor")
            if (tally := result.get(app)) is not None
            and (not tally["ok"] or any(not (code.startswith("2") or code == "304") for code in tally["statuses"]))
        ]
        for failure in failures:
            log(f"smoke: {failure}")
        sys.exit(1 if failures else 0)


def machine() -> dict:
    mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        "unknown",
    )
    with psycopg.connect(f"{PG_URL}/postgres") as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gb": round(int(mem) / 1024 / 1024), "postgresql": version}


if __name__ == "__main__":
    main()
