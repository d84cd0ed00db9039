"""`make prodcheck`: the production shape on loopback ports, checked from the outside through nginx.

Starts gunicorn (gunicorn.conf.py, DEBUG=0, JSON logs) on PostgreSQL and Redis behind nginx running
deploy/nginx/pazar.conf (only its ports, paths and certificate are replaced: a self-signed one), then
checks what an operator relies on: /health/, the admin login and its CSS, Swagger UI and its JS, a
public avatar under /media/, a private attachment not reachable, X-Forwarded-For believed only from
the proxy, 413 for an oversized body, /metrics closed at nginx and open to the allow-list. Everything
it started is stopped by its pid; the database it made is dropped.

Environment: DATABASE_URL (a PostgreSQL server; a database `<name>_prodcheck` is made beside it),
REDIS_URL (default redis://127.0.0.1:6379/15).
"""

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
HOST = "api.shop.example.com"
SECRET_TEXT = "private attachment: IBAN TR330006100519786457841326"
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)


class Check:
    """Collects the results; the run fails when one is false."""

    def __init__(self):
        self.results: list[tuple[bool, str]] = []

    def __call__(self, ok: bool, what: str, detail: str = "") -> bool:
        self.results.append((bool(ok), what))
        print(f"{'ok  ' if ok else 'FAIL'} {what}" + ("" if ok else f"  ({detail})"), flush=True)
        return bool(ok)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def request(port, path, *, tls=True, method="GET", headers=None, body=None, source="127.0.0.1", length=None):
    """One request from `source` (a loopback address) to 127.0.0.1:port."""
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=15, context=context, source_address=(source, 0))
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15, source_address=(source, 0))
    all_headers = {"Host": HOST, **(headers or {})}
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in all_headers.items():
            conn.putheader(name, value)
        if length is not None:
            conn.putheader("Content-Length", str(length))
        elif body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        if body is not None:
            # nginx may answer (413) and close before the whole body is sent.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                conn.send(body)
        response = conn.getresponse()
        data = response.read()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
    finally:
        conn.close()


def log_line(log: Path, request_id: str, timeout: float = 5.0) -> dict | None:
    """The JSON request line gunicorn's worker logged for this request id."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in log.read_text(errors="replace").splitlines():
            if request_id in line and line.startswith("{"):
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if record.get("request_id") == request_id and "route" in record:
                    return record
        time.sleep(0.1)
    return None


def database_urls() -> tuple[str, str, str]:
    """(admin URL, prodcheck database URL, its name) on DATABASE_URL's PostgreSQL server."""
    base = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/pazar"
    parts = urlsplit(base)
    if not parts.scheme.startswith("postgres"):
        sys.exit("prodcheck: DATABASE_URL must name a PostgreSQL server (the production shape).")
    name = os.environ.get("PRODCHECK_DATABASE") or (parts.path.lstrip("/") or "pazar") + "_prodcheck"
    admin = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    return admin, urlunsplit(parts._replace(path="/" + name)), name


def recreate_database(admin_url: str, name: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def render_nginx(tmp: Path, *, https_port: int, http_port: int, app_port: int) -> Path:
    """deploy/nginx/pazar.conf with only its ports, paths and certificate replaced, inside a main config."""
    site = (ROOT / "deploy" / "nginx" / "pazar.conf").read_text()
    replacements = [
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("    listen [::]:80;\n", ""),
        ("    listen [::]:443 ssl;\n", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
        ("/etc/ssl/certs/pazar.crt", str(tmp / "tls.crt")),
        ("/etc/ssl/private/pazar.key", str(tmp / "tls.key")),
        ("alias /srv/pazar/media/;", f"alias {tmp / 'media'}/;"),
    ]
    for old, new in replacements:
        if old not in site:
            sys.exit(f"prodcheck: deploy/nginx/pazar.conf no longer contains {old!r}")
        site = site.replace(old, new)
    (tmp / "site.conf").write_text(site)
    temp = tmp / "nginx-temp"
    temp.mkdir()
    main = f"""
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {tmp}/site.conf;
}}
"""
    conf = tmp / "nginx.conf"
    conf.write_text(main)
    return conf


def make_files(tmp: Path) -> None:
    from PIL import Image

    (tmp / "media" / "avatars").mkdir(parents=True)
    Image.new("RGB", (8, 8), (200, 30, 30)).save(tmp / "media" / "avatars" / "prodcheck.png")
    (tmp / "private" / "contact-us" / "2026" / "12").mkdir(parents=True)
    (tmp / "private" / "contact-us" / "2026" / "12" / "secret.txt").write_text(SECRET_TEXT)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}"]
        + ["-keyout", str(tmp / "tls.key"), "-out", str(tmp / "tls.crt")],
        check=True,
        capture_output=True,
    )
    # nginx's workers run as an unprivileged user when started as root: they must read the media.
    for path in [tmp, *tmp.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f} s")


def stop(proc: subprocess.Popen | None, sig=signal.SIGTERM) -> None:
    if proc is None or proc.poll() is not None:
        return
    os.kill(proc.pid, sig)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def run_checks(check: Check, *, https_port: int, http_port: int, app_port: int, log: Path) -> None:
    r = request(https_port, "/health/")
    check(r.status == 200 and json.loads(r.body) == {"status": "ok"}, "/health/ through nginx is 200", r.text[:200])
    rid = r.header("X-Request-ID")
    check(bool(rid), "the response carries an X-Request-ID", str(r.headers))

    r = request(http_port, "/health/", tls=False)
    check(r.status == 301 and r.header("Location").startswith("https://"), "plain HTTP redirects to https", r.status)

    r = request(https_port, "/health/ready/")
    body = json.loads(r.body) if r.body.startswith(b"{") else {}
    checks = body.get("checks", {})
    check(
        all(checks.get(name, {}).get("status") == "ok" for name in ("database", "redis", "broker", "outbox")),
        "/health/ready/ reports database, Redis, broker and outbox ok",
        r.text[:300],
    )
    check(
        r.status == 503 and checks.get("worker_heartbeat", {}).get("status") == "failing",
        "/health/ready/ is 503 while no Celery worker has sent a heartbeat",
        r.text[:300],
    )

    r = request(https_port, "/admin/login/")
    css = re.search(r'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', r.text)
    check(r.status == 200 and css, "the admin login page links its CSS by a hashed name", r.text[:200])
    check("pazar" in r.text and "Email" in r.text, "the admin login page says pazar and Email", r.text[:300])
    if css:
        r = request(https_port, css.group(1), headers={"Accept-Encoding": "gzip"})
        check(
            r.status == 200 and r.header("Content-Type").startswith("text/css"),
            "the admin CSS is served (whitenoise)",
            r.status,
        )
        check(r.header("Content-Encoding") == "gzip", "... compressed", r.header("Content-Encoding"))
        check("max-age=315360000" in r.header("Cache-Control"), "... cached for years", r.header("Cache-Control"))

    r = request(https_port, "/api/docs/")
    js = re.search(
        r'src="(/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle\.[0-9a-f]{12}\.js)"', r.text
    )
    check(r.status == 200 and js, "Swagger UI links its JS by a hashed name", r.text[:300])
    if js:
        r = request(https_port, js.group(1))
        check(r.status == 200 and "javascript" in r.header("Content-Type"), "the Swagger UI JS is served", r.status)

    r = request(https_port, "/media/avatars/prodcheck.png")
    check(
        r.status == 200 and r.header("Content-Type") == "image/png", "a public avatar is served under /media/", r.status
    )
    check(r.header("X-Content-Type-Options") == "nosniff", "... with nosniff", str(r.headers))
    check("sandbox" in r.header("Content-Security-Policy"), "... and a sandboxing CSP", str(r.headers))

    for path in (
        "/media/contact-us/2026/12/secret.txt",
        "/private/contact-us/2026/12/secret.txt",
        "/media/../private/contact-us/2026/12/secret.txt",
        "/media/%2e%2e/private/contact-us/2026/12/secret.txt",
    ):
        r = request(https_port, path)
        check(r.status == 404 and b"IBAN" not in r.body, f"a private attachment is not reachable: {path}", r.status)

    rid = "prodcheck-xff-" + secrets.token_hex(4)
    request(https_port, "/health/", headers={"X-Forwarded-For": "203.0.113.9", "X-Request-ID": rid})
    line = log_line(log, rid)
    check(line and line.get("ip") == "127.0.0.1", "a client's own X-Forwarded-For is not believed", line)
    rid = "prodcheck-proxy-" + secrets.token_hex(4)
    request(https_port, "/health/", headers={"X-Request-ID": rid}, source="127.0.0.2")
    line = log_line(log, rid)
    check(line and line.get("ip") == "127.0.0.2", "the address nginx saw is believed from nginx", line)
    check(
        line and line.get("status") == 200 and line.get("route") == "/health/", "... in a JSON request log line", line
    )
    rid = "prodcheck-direct-" + secrets.token_hex(4)
    request(
        app_port,
        "/health/",
        tls=False,
        headers={"X-Forwarded-For": "203.0.113.9", "X-Request-ID": rid},
        source="127.0.0.2",
    )
    line = log_line(log, rid)
    check(
        line and line.get("ip") == "127.0.0.2", "X-Forwarded-For from a caller that is not the proxy is ignored", line
    )

    r = request(https_port, "/users/contact-us/", method="POST", length=13 * 1024 * 1024, body=b"x" * 1024)
    check(r.status == 413, "a body over client_max_body_size (= REQUEST_MAX_BYTES) is refused with 413", r.status)

    r = request(https_port, "/metrics")
    check(r.status == 404, "/metrics is closed at nginx", r.status)
    r = request(app_port, "/metrics", tls=False)
    check(
        r.status == 200 and "pazar_http_requests_total" in r.text and "pazar_outbox_pending" in r.text,
        "/metrics on the app server answers the allow-list, all workers summed",
        r.text[:200],
    )


def main() -> int:
    nginx = find_nginx()
    if not nginx:
        print("prodcheck: nginx is not installed (make prodcheck installs it from Debian)", file=sys.stderr)
        return 2
    started = time.monotonic()
    admin_url, database_url, database_name = database_urls()
    tmp = Path(tempfile.mkdtemp(prefix="pazar-prodcheck-"))
    gunicorn = nginx_proc = None
    check = Check()
    try:
        make_files(tmp)
        recreate_database(admin_url, database_name)
        https_port, http_port, app_port = free_port(), free_port(), free_port()
        env = {k: v for k, v in os.environ.items() if k not in {"PAZAR_TESTING", "PAZAR_REQUIRE_POSTGRES"}}
        env.update(
            DJANGO_SETTINGS_MODULE="pazar.settings",
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS=HOST,
            PUBLIC_BASE_URL=f"https://{HOST}",
            DATABASE_URL=database_url,
            REDIS_URL=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15",
            CACHE_KEY_PREFIX="prodcheck-" + secrets.token_hex(4),
            TRUSTED_PROXIES="127.0.0.1",
            LOG_FORMAT="json",
            MEDIA_ROOT=str(tmp / "media"),
            PRIVATE_MEDIA_ROOT=str(tmp / "private"),
            STATIC_ROOT=str(tmp / "static"),
            PROMETHEUS_MULTIPROC_DIR=str(tmp / "metrics"),
            HOST="127.0.0.1",
            PORT=str(app_port),
            WEB_CONCURRENCY="2",
        )
        (tmp / "metrics").mkdir()
        manage = [PYTHON, str(ROOT / "manage.py")]
        steps = [
            subprocess.Popen([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env={**env, "LOG_LEVEL": "WARNING"}),
            subprocess.Popen([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env),
        ]
        if any(step.wait(timeout=180) != 0 for step in steps):
            print("prodcheck: migrate or collectstatic failed", file=sys.stderr)
            return 1
        conf = render_nginx(tmp, https_port=https_port, http_port=http_port, app_port=app_port)
        test = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(tmp)], capture_output=True, text=True)
        if not check(test.returncode == 0, "nginx accepts deploy/nginx/pazar.conf", test.stderr):
            return 1
        log = tmp / "gunicorn.log"
        with log.open("wb") as out:
            gunicorn = subprocess.Popen(
                [str(Path(PYTHON).parent / "gunicorn"), "pazar.wsgi", "-c", "gunicorn.conf.py"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        nginx_proc = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp)], cwd=tmp)
        wait_until(lambda: request(https_port, "/health/").status == 200, 60, "gunicorn behind nginx")
        run_checks(check, https_port=https_port, http_port=http_port, app_port=app_port, log=log)
    except Exception as exc:
        check(False, "prodcheck ran to the end", f"{type(exc).__name__}: {exc}")
        for name in ("gunicorn.log", "nginx-error.log"):
            path = tmp / name
            if path.exists():
                print(f"--- {name} (last lines)\n" + "\n".join(path.read_text(errors="replace").splitlines()[-20:]))
    finally:
        stop(nginx_proc, signal.SIGQUIT)
        stop(gunicorn)
        try:
            recreate_database(admin_url, database_name, drop_only=True)
        except Exception as exc:  # the checks' verdict stands; say what was left behind
            print(f"prodcheck: could not drop database {database_name}: {exc}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)
    failed = [what for ok, what in check.results if not ok]
    print(
        f"prodcheck: {len(check.results) - len(failed)} passed, {len(failed)} failed "
        f"in {time.monotonic() - started:.0f} s"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
