"""deploy/: the files an operator copies stay true to the code, and `make prodcheck` passes."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
NGINX_SITE = ROOT / "deploy" / "nginx" / "pazar.conf"
ENV_EXAMPLE = ROOT / "deploy" / ".env.example"
READERS = re.compile(r'(?:os\.environ\.get|env_int|env_bool|env_list)\(\s*"([A-Z][A-Z0-9_]+)"')
# Read by the test harness only, never set by an operator.
NOT_FOR_OPERATORS = {"PAZAR_TESTING"}


def test_env_example_names_every_variable_pazar_reads():
    sources = [ROOT / "pazar" / "settings.py", ROOT / "gunicorn.conf.py", ROOT / "pazar" / "core" / "sentry.py"]
    read = {name for path in sources for name in READERS.findall(path.read_text())} - NOT_FOR_OPERATORS
    named = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", ENV_EXAMPLE.read_text(), re.MULTILINE))
    assert sorted(read - named) == []


def test_nginx_body_limit_is_request_max_bytes():
    [size] = re.findall(r"client_max_body_size (\d+)m;", NGINX_SITE.read_text())
    assert int(size) * 1024 * 1024 == settings.REQUEST_MAX_BYTES


def test_systemd_units_restart_and_read_the_environment_file():
    for name in ("pazar-web", "pazar-worker", "pazar-beat"):
        unit = (ROOT / "deploy" / "systemd" / f"{name}.service").read_text()
        assert "EnvironmentFile=/etc/pazar/pazar.env" in unit
        assert re.search(r"^Restart=(on-failure|always)$", unit, re.MULTILINE)


def _nginx_available() -> bool:
    if shutil.which("nginx") or os.path.exists("/usr/sbin/nginx"):
        return True
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    subprocess.run(["apt-get", "update", "-qq"], capture_output=True, timeout=300)
    install = subprocess.run(
        ["apt-get", "install", "-y", "-qq", "nginx-light"],
        capture_output=True,
        timeout=300,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return install.returncode == 0


@pytest.mark.postgres
def test_prodcheck_passes():
    # the production shape behind nginx (deploy/prodcheck.py); skipped only when nginx cannot be installed
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        pytest.skip("needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL), as CI has")
    if not _nginx_available():
        pytest.skip("nginx is not installed and cannot be installed here")
    env = {k: v for k, v in os.environ.items() if k not in {"PAZAR_TESTING", "PAZAR_REQUIRE_POSTGRES"}}
    result = subprocess.run(
        [sys.executable, "deploy/prodcheck.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert ", 0 failed" in result.stdout
