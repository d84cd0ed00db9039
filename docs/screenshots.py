"""Take the admin screenshots of docs/admin.md with headless Chromium (not part of CI).

    python3 -m venv /tmp/shots && /tmp/shots/bin/pip install websocket-client
    /tmp/shots/bin/python docs/screenshots.py        # needs `chromium` (apt-get install chromium)

Loads the demo shop into a throw-away SQLite database, adds what a working day brings (a return
with an IBAN, a cancel, contact-us messages, a failed email) through the API as a shopper would,
serves it with `runserver`, logs in as the demo admin and captures each page over the DevTools
protocol. Everything it starts is stopped by its pid.
"""

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img"
PYTHON = os.environ.get("PAZAR_PYTHON", str(ROOT / ".venv" / "bin" / "python"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--window-size=1280,860",
]

SEED = r"""
from django.test import Client
from pazar.orders.models import OrderItem, CancellationReason
from pazar.notifications.models import Notification
from pazar.support.models import ContactUsSubject

shopper = Client()
assert shopper.post("/users/login/", {"email": "ayse@pazar.local", "password": "pazar-demo-ayse-2026"},
                    content_type="application/json").status_code == 200
items = OrderItem.objects.filter(order__user__email="ayse@pazar.local").order_by("pk")
for item in items:
    for kind in ("refund", "cancel"):
        reason = CancellationReason.objects.filter(cancellation_type=kind, extra_information_needed=False).first()
        body = {"order_item": item.pk, "reason": reason.pk, "cancellation_type": kind}
        if kind == "refund":
            body.update(iban="TR330006100519786457841326", holder_name="Ayşe Kaya")
        r = shopper.post("/users/orders/cancellation_requests/", body, content_type="application/json")
        print(kind, item.pk, r.status_code)
visitor = Client()
subjects = list(ContactUsSubject.objects.filter(is_order_needed=False))
for name, email, text in [
    ("Ayşe Kaya", "ayse@pazar.local", "Kargom üç gündür aynı şubede bekliyor, ne zaman teslim edilir?"),
    ("John Doe", "john@pazar.local", "The headphones I received have a scratch on the left cup."),
    ("Mehmet Demir", "mehmet@example.com", "Do you ship to Northern Cyprus?"),
]:
    r = visitor.post("/users/contact-us/", {"subject": subjects[0].pk, "full_name": name, "email": email,
                                            "message": text}, content_type="application/json")
    print("contact", r.status_code)
Notification.objects.filter(event="contact_us_ack", to="john@pazar.local").update(
    status="failed", attempts=5, last_error="SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable")
"""

PAGES = [
    ("admin-login.png", "/admin/login/", None),
    ("admin-index.png", "/admin/", None),
    ("cancellation-requests.png", "/admin/orders/cancellationrequest/", None),
    ("cancellation-request.png", "/admin/orders/cancellationrequest/{refund}/change/", None),
    ("contact-us-list.png", "/admin/support/contactusmessage/", None),
    ("contact-us-message.png", "/admin/support/contactusmessage/{contact}/change/", None),
    ("outbox-failed.png", "/admin/notifications/notification/?status__exact=failed", None),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (loopback)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


class Page:
    """A minimal DevTools-protocol client for one tab."""

    def __init__(self, ws_url: str):
        self.ws = websocket.create_connection(ws_url, timeout=30)
        self.next_id = 0

    def call(self, method: str, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        time.sleep(0.3)
        for _ in range(100):
            if self.evaluate("document.readyState") == "complete":
                break
            time.sleep(0.1)
        time.sleep(0.3)

    def screenshot(self, path: Path) -> None:
        """The whole page (up to 1,800 px high), so a change page shows its buttons."""
        height = min(int(self.evaluate("document.documentElement.scrollHeight")), 1800)
        clip = {"x": 0, "y": 0, "width": 1280, "height": height, "scale": 1}
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True, clip=clip)["data"]
        path.write_bytes(base64.b64decode(data))


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="pazar-shots-"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}", "REDIS_URL": "", "DEBUG": "1"}
    env.update(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        MEDIA_ROOT=str(tmp / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp / "private"),
        SMS_GATEWAY_PASSWORD="x",
    )
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    seeded = subprocess.run([*manage, "shell", "-c", SEED], cwd=ROOT, env=env, capture_output=True, text=True)
    print("\n".join(line for line in seeded.stdout.splitlines() if line.startswith(("refund", "cancel", "contact"))))
    ids = (
        subprocess.run(
            [
                *manage,
                "shell",
                "-c",
                "from pazar.orders.models import CancellationRequest as C; "
                "from pazar.support.models import ContactUsMessage as M; "
                "print(C.objects.filter(cancellation_type='refund').first().pk, M.objects.order_by('pk').first().pk)",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.splitlines()[-1]
        .split()
    )
    refund, contact = ids
    port, debug_port = free_port(), free_port()
    server_log = (tmp / "server.log").open("w")
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=server_log,
        stderr=server_log,
    )
    browser = subprocess.Popen(
        [
            "chromium",
            *CHROMIUM_FLAGS,
            f"--remote-debugging-port={debug_port}",
            f"--user-data-dir={tmp / 'chromium'}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(base + "/health/")
        wait_http(f"http://127.0.0.1:{debug_port}/json/version")
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json/list"))  # noqa: S310
        page = Page(next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"])
        page.call("Page.enable")
        OUT.mkdir(parents=True, exist_ok=True)
        page.open(base + "/admin/login/")
        page.screenshot(OUT / "admin-login.png")
        for _attempt in range(3):  # the first submit can race the page's own scripts
            page.open(base + "/admin/login/")
            page.evaluate(
                "document.querySelector('#id_username').value='admin@pazar.local';"
                "document.querySelector('#id_password').value='pazar-demo-admin-2026';"
                "document.querySelector('#login-form').submit();"
            )
            time.sleep(2)
            page.open(base + "/admin/")
            if "/login/" not in page.evaluate("location.href"):
                break
        else:
            print((tmp / "server.log").read_text()[-3000:])
            raise RuntimeError("could not log in: " + str(page.evaluate("document.body.innerText"))[:300])
        # the admin's navigation sidebar closed: the page itself is what the screenshots are about
        page.evaluate("localStorage.setItem('django.admin.navSidebarIsOpen', 'false')")
        for name, path, _ in PAGES[1:]:
            page.open(base + path.format(refund=refund, contact=contact))
            page.screenshot(OUT / name)
            print("wrote", OUT / name)
    finally:
        for proc in (browser, server):
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGTERM)
                proc.wait(timeout=15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
