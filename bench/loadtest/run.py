"""`make loadtest`: the production shape under a mixed load, with faults injected; writes bench/RELIABILITY.md.

1. Starts its own PostgreSQL cluster and Redis on ports free at the start (LOADTEST_PG_PORT,
   LOADTEST_REDIS_PORT and LOADTEST_HTTP_PORT choose them; the machine's own servers are never
   touched, so the faults below hit only this run), migrates, loads the demo shop and
   LOADTEST_SHOPPERS shoppers (bench/loadtest/seed.py, production dependencies only).
2. Starts gunicorn (DEBUG=0, workers sized for the cores or LOADTEST_WEB_WORKERS), a Celery
   worker and Celery beat (whose outbox sweep delivers what a lost task or an outage left).
3. Runs locust headless for LOADTEST_SECONDS with LOADTEST_USERS clients against 127.0.0.1 only,
   and meanwhile restarts PostgreSQL, stops and starts Redis, kills -9 a gunicorn worker and the
   Celery worker (then starts it again).
4. Waits up to LOADTEST_OUTBOX_WAIT seconds for the outbox to drain (the sellers' digest window
   is LOADTEST_DIGEST_MINUTES for the run, so the emails it holds by design fall due inside the
   wait), then checks (bench/loadtest/verify.py): every write answered 2xx is in the database;
   every email was delivered exactly once and none is left undelivered; server errors came only
   from requests in flight during an outage and were clean (no stack trace or SQL in a body);
   latency and throughput outside the outages. Exits 1 when any of these fails.

LOADTEST_REPORT names the report (bench/RELIABILITY.md); the CI smoke writes elsewhere.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
USERS = int(os.environ.get("LOADTEST_USERS", "64"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
WEB_WORKERS = int(os.environ.get("LOADTEST_WEB_WORKERS") or (os.cpu_count() or 1) * 2 + 1)
# The sellers' digest window (minutes) for the run: the last digest is due this long after the load.
DIGEST_MINUTES = int(os.environ.get("LOADTEST_DIGEST_MINUTES", "1"))
OUTBOX_WAIT = int(os.environ.get("LOADTEST_OUTBOX_WAIT", "180"))
SWEEP_SECONDS = 5  # the outbox sweep's period under beat
MARGIN = 2.0  # seconds around an outage during which errors are expected
REPORT = Path(os.environ.get("LOADTEST_REPORT", ROOT / "bench" / "RELIABILITY.md")).resolve()


def free_ports(count: int) -> list[int]:
    """Distinct TCP ports of 127.0.0.1 that nothing listens on now (no fixed port: another run may hold it)."""
    probes = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))  # held open until all are chosen, so they differ
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


_FREE = free_ports(3)
PG_PORT = int(os.environ.get("LOADTEST_PG_PORT") or _FREE[0])
REDIS_PORT = int(os.environ.get("LOADTEST_REDIS_PORT") or _FREE[1])
HTTP_PORT = int(os.environ.get("LOADTEST_HTTP_PORT") or _FREE[2])


def log(message: str) -> None:
    print(f"[loadtest {time.strftime('%H:%M:%S')}] {message}", flush=True)


def pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        sys.exit(f"PostgreSQL server binaries not found ({name}); install postgresql")
    return str(found[-1])


class Services:
    """The throw-away PostgreSQL, Redis and the app's processes of one run."""

    def __init__(self, work: Path):
        self.work = work
        self.pgdata = work / "pg"
        self.mail = work / "mail"
        self.procs: dict[str, subprocess.Popen] = {}
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "pazar.settings",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/pazar",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "PUBLIC_BASE_URL": "https://api.bench.example",
            "TRUSTED_PROXIES": "127.0.0.1",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail),
            "NOTIFICATIONS_RETRY_BASE_SECONDS": "2",
            "NOTIFICATIONS_STALE_AFTER_SECONDS": "15",
            "NOTIFICATIONS_SWEEP_SECONDS": str(SWEEP_SECONDS),
            # a row claimed by the worker that is killed is taken back after this long
            "NOTIFICATIONS_SENDING_TIMEOUT_SECONDS": "20",
            "HOST": "127.0.0.1",
            "PORT": str(HTTP_PORT),
            "WEB_CONCURRENCY": str(WEB_WORKERS),
            "GUNICORN_TIMEOUT": "20",
            "LOG_LEVEL": "WARNING",
        }
        self.env.pop("PAZAR_REQUIRE_POSTGRES", None)

    # --- PostgreSQL and Redis --------------------------------------------------------------

    def pg_start(self) -> None:
        if not self.pgdata.exists():
            self.pgdata.mkdir(parents=True)
            shutil.chown(self.pgdata, "postgres", "postgres")
            self.as_postgres(pg_bin("initdb"), "-D", str(self.pgdata), "-A", "trust", "-U", "postgres")
        options = f"-p {PG_PORT} -k {self.pgdata} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self.as_postgres(
            pg_bin("pg_ctl"),
            "-D",
            str(self.pgdata),
            "-o",
            options,
            "-l",
            str(self.pgdata / "server.log"),
            "-w",
            "start",
        )

    def pg_restart(self) -> None:
        self.as_postgres(pg_bin("pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "restart")

    def pg_stop(self) -> None:
        self.as_postgres(pg_bin("pg_ctl"), "-D", str(self.pgdata), "-m", "immediate", "stop", check=False)

    def as_postgres(self, *command: str, check: bool = True) -> None:
        runner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*runner, *command], check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def redis_start(self) -> None:
        subprocess.run(
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--pidfile",
                str(self.work / "redis.pid"),
                "--logfile",
                str(self.work / "redis.log"),
            ],
            check=True,
        )
        for _ in range(50):
            if subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True).returncode == 0:
                return
            time.sleep(0.1)

    def redis_stop(self) -> None:
        subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "shutdown", "nosave"], capture_output=True)

    # --- the app -----------------------------------------------------------------------------

    def manage(self, *args: str, capture: bool = False) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, check=True, capture_output=capture, text=True
        )
        return result.stdout if capture else ""

    def spawn(self, name: str, command: list[str]) -> None:
        out = open(self.work / f"{name}.log", "ab")  # noqa: SIM115
        self.procs[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )

    def app_start(self) -> None:
        self.spawn(
            "gunicorn", [str(BIN / "gunicorn"), "pazar.wsgi", "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null"]
        )
        self.worker_start()
        self.spawn(
            "beat",
            [
                str(BIN / "celery"),
                "-A",
                "pazar",
                "beat",
                "--loglevel=WARNING",
                "--schedule",
                str(self.work / "beat-schedule"),
            ],
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{HTTP_PORT}/health/", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        sys.exit("gunicorn did not answer /health/ within 60 s")

    def worker_start(self) -> None:
        self.spawn(
            "worker",
            [
                str(BIN / "celery"),
                "-A",
                "pazar",
                "worker",
                "--loglevel=WARNING",
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
            ],
        )

    def kill9(self, name: str) -> None:
        os.killpg(self.procs[name].pid, signal.SIGKILL)
        self.procs[name].wait()

    def gunicorn_worker_pids(self) -> list[int]:
        master = self.procs["gunicorn"].pid
        out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def stop_all(self) -> None:
        for proc in self.procs.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        self.redis_stop()
        self.pg_stop()


def faults(services: Services, started: float, windows: list) -> None:
    """The outage schedule, relative to the start of the load; each window is (name, start, end)."""

    def at(second: float) -> None:
        time.sleep(max(0.0, started + second - time.time()))

    at(SECONDS * 0.2)
    t0 = time.time()
    log("fault: restarting PostgreSQL")
    services.pg_restart()
    windows.append(("PostgreSQL restart", t0, time.time()))

    at(SECONDS * 0.4)
    t0 = time.time()
    log("fault: stopping Redis for 5 s")
    services.redis_stop()
    time.sleep(5)
    services.redis_start()
    windows.append(("Redis stopped", t0, time.time()))

    at(SECONDS * 0.6)
    t0 = time.time()
    pids = services.gunicorn_worker_pids()
    if pids:
        log(f"fault: kill -9 gunicorn worker {pids[0]}")
        os.kill(pids[0], signal.SIGKILL)
    windows.append(("gunicorn worker killed", t0, time.time() + 1))

    at(SECONDS * 0.75)
    t0 = time.time()
    log("fault: kill -9 the Celery worker, start it again after 3 s")
    services.kill9("worker")
    time.sleep(3)
    services.worker_start()
    windows.append(("Celery worker killed", t0, time.time()))


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def analyse(log_path: Path, windows: list, started: float, ended: float) -> dict:
    requests = [json.loads(line) for line in log_path.read_text().splitlines() if '"status"' in line]

    def in_window(r: dict) -> str | None:
        # A request is in an outage when it was in flight during it (a slow one may start before).
        first, last = r["t"], r["t"] + r["ms"] / 1000
        for name, start, end in windows:
            if first <= end + MARGIN and last >= start - MARGIN:
                return name
        return None

    outside = [r for r in requests if in_window(r) is None]
    errors = [r for r in requests if r["status"] >= 500 or r["status"] == 0]
    unexplained = [r for r in errors if in_window(r) is None]
    traces = [r for r in errors if any(s in r.get("body", "") for s in ("Traceback", 'File "', "SELECT ", "psycopg"))]
    quiet_seconds = (ended - started) - sum(
        min(end + MARGIN, ended) - max(start - MARGIN, started) for _name, start, end in windows
    )
    per_window = {name: sum(1 for r in errors if in_window(r) == name) for name, _start, _end in windows}
    statuses: dict[str, int] = {}
    for r in requests:
        statuses[str(r["status"])] = statuses.get(str(r["status"]), 0) + 1
    return {
        "requests": len(requests),
        "statuses": dict(sorted(statuses.items())),
        "errors_in_windows": per_window,
        "errors_outside_windows": len(unexplained),
        "unexplained_examples": unexplained[:5],
        "error_bodies_with_traces": len(traces),
        "p50_ms": round(percentile([r["ms"] for r in outside if 200 <= r["status"] < 500], 0.50), 1),
        "p99_ms": round(percentile([r["ms"] for r in outside if 200 <= r["status"] < 500], 0.99), 1),
        "throughput_rps": round(len(outside) / quiet_seconds, 1) if quiet_seconds > 0 else 0.0,
    }


def wait_for_outbox(services: Services, seconds: int = OUTBOX_WAIT) -> int:
    """Wait until no notification is pending or being sent; return how many still are."""
    deadline = time.time() + seconds
    left = -1
    while time.time() < deadline:
        with contextlib.suppress(psycopg.OperationalError):
            with psycopg.connect(services.env["DATABASE_URL"], connect_timeout=5) as conn:
                left = conn.execute(
                    "SELECT count(*) FROM notifications_notification WHERE status IN ('pending', 'sending')"
                ).fetchone()[0]
            if left == 0:
                return 0
        time.sleep(2)
    return left


def write_report(
    result: dict,
    verify: dict,
    windows: list,
    started: float,
    duration: float,
    left: int,
    passed: bool,
    load_before: float,
) -> None:
    nproc = os.cpu_count()
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    lost = sum(verify["writes_missing_from_db"].values())
    duplicates = verify["emails_sent_twice_or_more"]
    undelivered = verify["emails_not_sent"] + verify["emails_marked_sent_but_not_delivered"]
    lines = [
        "# Reliability under load and faults",
        "",
        f"Command: `make loadtest` (bench/loadtest/run.py), {USERS} clients for {SECONDS} s, "
        f"on {nproc} cores and {memory_gb:.0f} GB; gunicorn with {WEB_WORKERS} workers (DEBUG=0), "
        "PostgreSQL and Redis of its own, a Celery worker and beat (the outbox sweep every "
        f"{SWEEP_SECONDS} s), the sellers' digest window {DIGEST_MINUTES} min, "
        f"up to {OUTBOX_WAIT} s for the outbox to drain. Run on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))}; the machine's load average "
        f"(1 min) was {load_before:.1f} before the load and {os.getloadavg()[0]:.1f} at the end "
        "(others' processes share the cores).",
        "",
        "## Verdict",
        "",
        f"**{'Passed' if passed else 'Failed'}.**",
        "",
        f"- Writes answered 2xx: {sum(verify['writes_answered_2xx'].values())} "
        f"({', '.join(f'{k} {v}' for k, v in verify['writes_answered_2xx'].items())}); "
        f"missing from the database: **{lost}**.",
        f"- Emails in the outbox: {verify['emails_in_outbox']}; delivered exactly once: "
        f"{verify['emails_sent_once']}; delivered twice or more: **{duplicates}**; not delivered after "
        f"recovery: **{undelivered}** (rows still pending or sending when the wait ended: {left}).",
        f"- Server errors (5xx or dropped connections) of requests not in flight during an outage (± {MARGIN:.0f} s): "
        f"**{result['errors_outside_windows']}**; error bodies with a stack trace or SQL: "
        f"**{result['error_bodies_with_traces']}**.",
        f"- Outside the windows: p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, "
        f"{result['throughput_rps']} requests/s.",
        "",
        "## Faults (seconds from the start of the load)",
        "",
        "| fault | from | to | server errors in the window |",
        "| --- | --- | --- | --- |",
        *[
            f"| {name} | {start - started:.1f} | {end - started:.1f} | {result['errors_in_windows'].get(name, 0)} |"
            for name, start, end in windows
        ],
        "",
        "## Answers",
        "",
        f"{result['requests']} requests in {duration:.0f} s; by status: "
        + ", ".join(f"{k}: {v}" for k, v in result["statuses"].items())
        + " (0 = connection dropped, e.g. by the killed worker; 4xx are the workload's expected refusals, "
        "such as a second cancellation of an item, 406, or a throttle, 429).",
        "",
        "## Raw findings",
        "",
        "```json",
        json.dumps({"requests": result, "database": verify}, indent=2, default=str),
        "```",
        "",
    ]
    REPORT.write_text("\n".join(lines))


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="pazar-loadtest-"))
    os.chmod(work, 0o755)
    services = Services(work)
    services.mail.mkdir()
    log_path = work / "requests.jsonl"
    creds = work / "creds.json"
    try:
        log(f"work directory {work}")
        services.pg_start()
        subprocess.run(
            [pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "pazar"], check=True
        )
        services.redis_start()
        services.manage("migrate", "--noinput", "-v", "0")
        log("migrated; loading the demo shop and the shoppers")
        services.manage("demo", "--force", capture=True)
        creds.write_text(services_run_seed(services))
        log("starting gunicorn, the Celery worker and beat")
        services.app_start()
        log(f"serving on 127.0.0.1:{HTTP_PORT}; load: {USERS} clients for {SECONDS} s")

        windows: list = []
        load_before = os.getloadavg()[0]
        started = time.time()
        locust = subprocess.Popen(
            [
                str(BIN / "locust"),
                "-f",
                "bench/loadtest/locustfile.py",
                "--headless",
                "-u",
                str(USERS),
                "-r",
                str(USERS),
                "-t",
                f"{SECONDS}s",
                "--host",
                f"http://127.0.0.1:{HTTP_PORT}",
                "--only-summary",
                "--stop-timeout",
                "5",
            ],
            cwd=ROOT,
            env={**os.environ, "LOADTEST_CREDS": str(creds), "LOADTEST_LOG": str(log_path)},
            stdout=open(work / "locust.log", "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        injector = threading.Thread(target=faults, args=(services, started, windows), daemon=True)
        injector.start()
        locust.wait()
        ended = time.time()
        injector.join(timeout=30)
        log("load finished; waiting for the outbox to drain")
        left = wait_for_outbox(services)
        result = analyse(log_path, windows, started, ended)
        # verify.py exits 1 when a write is lost or an email is not delivered exactly once; its
        # findings are reported either way.
        checked = subprocess.run(
            [PYTHON, "bench/loadtest/verify.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**services.env, "LOADTEST_LOG": str(log_path)},
        )
        if not checked.stdout.strip():
            sys.exit(f"verify.py failed: {checked.stderr[-2000:]}")
        verify = json.loads(checked.stdout)
        passed = (
            checked.returncode == 0
            and verify["passed"]
            and left == 0
            and result["errors_outside_windows"] == 0
            and result["error_bodies_with_traces"] == 0
        )
        write_report(result, verify, windows, started, ended - started, left, passed, load_before)
        log(f"report written to {REPORT}")
        print(REPORT.read_text())
        log("PASSED" if passed else "FAILED: see the verdict above")
        sys.exit(0 if passed else 1)
    finally:
        services.stop_all()
        if os.environ.get("LOADTEST_KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)


def services_run_seed(services: Services) -> str:
    return (
        subprocess.run(
            [PYTHON, "bench/loadtest/seed.py"],
            cwd=ROOT,
            env={**services.env, "LOADTEST_DIGEST_MINUTES": str(DIGEST_MINUTES)},
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )


if __name__ == "__main__":
    main()
