"""Production mode: refuses the default secret key, passes the deploy checks, answers hardened HTTP."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from redis.exceptions import ConnectionError as RedisConnectionError

from pazar.core import views

ROOT = Path(__file__).resolve().parents[3]


def _manage(*args, **env):
    environ = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "PAZAR_TESTING"}}
    environ["PUBLIC_BASE_URL"] = "https://api.shop.example.com"
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_the_default_secret_key():
    result = _manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("base", ["http://127.0.0.1:8000", "http://localhost:8000/"])
def test_production_refuses_links_to_this_machine(base):
    # given DEBUG=0 with a real secret key but the development link base
    result = _manage(
        "check", DEBUG="0", SECRET_KEY="k" * 60, ALLOWED_HOSTS="api.shop.example.com", PUBLIC_BASE_URL=base
    )
    # then it does not start, and says which setting to change
    assert result.returncode != 0
    assert "PUBLIC_BASE_URL" in result.stderr
    assert "TRADEIN_LINK_BASE_URL" in result.stderr


def test_production_passes_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-key-" + "x7Qp" * 12,
        ALLOWED_HOSTS="api.shop.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PRODUCTION_PROBE = """
import json
from django.test import Client
client = Client(raise_request_exception=False)
out = {}
r = client.get("/csrf_token/", secure=True, HTTP_HOST="api.shop.example.com")
cookie = r.cookies["csrftoken"]
out["csrf_cookie"] = {"secure": bool(cookie["secure"]), "samesite": cookie["samesite"]}
out["hsts"] = r.get("Strict-Transport-Security", "")
out["nosniff"] = r.get("X-Content-Type-Options", "")
ok = client.get("/csrf_token/", secure=True, HTTP_HOST="api.shop.example.com", HTTP_ORIGIN="https://shop.example.com")
bad = client.get("/csrf_token/", secure=True, HTTP_HOST="api.shop.example.com", HTTP_ORIGIN="https://evil.example")
out["cors_allowed"] = ok.get("Access-Control-Allow-Origin", "")
out["cors_refused"] = bad.get("Access-Control-Allow-Origin", "")
plain = client.get("/csrf_token/", HTTP_HOST="api.shop.example.com")
out["http_redirects_to"] = plain.get("Location", "")
# the database file cannot be opened: every query fails
broken = client.get("/users/orders/", secure=True, HTTP_HOST="api.shop.example.com", HTTP_AUTHORIZATION="Token x")
out["error_status"] = broken.status_code
out["error_type"] = broken.get("Content-Type", "")
out["retry_after"] = broken.get("Retry-After", "")
out["error_body"] = broken.content.decode()
from django.conf import settings
out["session_cookie"] = [
    settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY, settings.SESSION_COOKIE_SAMESITE
]
print("PROBE" + json.dumps(out))
"""


def test_production_http_answers_are_hardened(tmp_path):
    # given the production mode, with the storefront's origin configured and a database that fails
    result = _manage(
        "shell",
        "-c",
        PRODUCTION_PROBE,
        DEBUG="0",
        SECRET_KEY="a-long-random-production-key-" + "x7Qp" * 12,
        ALLOWED_HOSTS="api.shop.example.com",
        CORS_ALLOWED_ORIGINS="https://shop.example.com",
        DATABASE_URL=f"sqlite:///{tmp_path}/missing-dir/db.sqlite3",
        REDIS_URL="",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    probe = json.loads(result.stdout.split("PROBE", 1)[1])

    # then cookies are Secure and SameSite, the session cookie HttpOnly, HSTS is sent, plain HTTP redirects
    assert probe["csrf_cookie"] == {"secure": True, "samesite": "Lax"}
    assert probe["session_cookie"] == [True, True, "Lax"]
    assert probe["hsts"].startswith("max-age=31536000")
    assert probe["nosniff"] == "nosniff"
    assert probe["http_redirects_to"].startswith("https://")
    # and CORS answers only the configured storefront
    assert probe["cors_allowed"] == "https://shop.example.com"
    assert probe["cors_refused"] == ""
    # and a database outage is a 503 to retry, a JSON body without a trace, SQL or file path
    assert probe["error_status"] == 503
    assert probe["retry_after"] == "5"
    assert probe["error_type"] == "application/json"
    body = probe["error_body"]
    for leak in ("Traceback", "sqlite", "OperationalError", "SELECT", ".py", str(tmp_path)):
        assert leak not in body, body


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ValueError("secret internals"), 500),
        (OperationalError("could not connect to server: secret internals"), 503),
        (RedisConnectionError("Error 111 connecting to secret internals"), 503),
    ],
    ids=["bug", "database-down", "redis-down"],
)
def test_the_error_handler_tells_an_outage_from_a_bug(error, status):
    # given an exception being handled, as Django calls handler500
    try:
        raise error
    except Exception:
        # when the handler answers
        response = views.server_error(RequestFactory().get("/"))

    # then an outage is a 503 to retry, anything else a 500, neither with a word of the exception
    assert response.status_code == status
    assert b"secret" not in response.content
    assert ("Retry-After" in response) is (status == 503)
