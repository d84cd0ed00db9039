"""Request ids (taken or made, echoed, carried into tasks and outbox rows) and the JSON request log line."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from pazar.core import observability
from pazar.notifications.models import Notification
from pazar.notifications.services import notification_enqueue

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_a_callers_request_id_is_echoed(client):
    response = client.get("/health/", HTTP_X_REQUEST_ID="lb-7f3a.91")
    assert response["X-Request-ID"] == "lb-7f3a.91"


@pytest.mark.django_db
@pytest.mark.parametrize("incoming", [None, "", "a b", "x" * 65, "<script>"])
def test_a_missing_or_odd_request_id_is_replaced(client, incoming):
    headers = {} if incoming is None else {"HTTP_X_REQUEST_ID": incoming}
    response = client.get("/health/", **headers)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.django_db
def test_one_log_line_per_request_with_id_user_route_status_duration(client, settings, caplog, user):
    settings.REQUEST_LOG = True
    client.force_login(user)

    with caplog.at_level(logging.INFO, logger="pazar.request"):
        client.get("/users/orders/", HTTP_X_REQUEST_ID="req-1")

    [record] = [r for r in caplog.records if r.name == "pazar.request"]
    assert record.request_id == "req-1"
    assert record.user_id == user.pk
    assert record.route == "/users/orders/"
    assert record.status == 200
    assert record.duration_ms > 0
    assert record.ip == "127.0.0.1"


@pytest.mark.django_db
def test_no_request_line_unless_asked(client, settings, caplog):
    settings.REQUEST_LOG = False
    with caplog.at_level(logging.INFO, logger="pazar.request"):
        client.get("/health/")
    assert not [r for r in caplog.records if r.name == "pazar.request"]


LOG_PROBE = """
from django.test import Client
Client().get("/health/", HTTP_X_REQUEST_ID="probe-42")
"""


def test_log_format_json_writes_one_json_object_per_line(tmp_path):
    # given the JSON log format (the real settings, in a process of its own)
    env = {k: v for k, v in os.environ.items() if k not in {"PAZAR_TESTING"}}
    env.update(LOG_FORMAT="json", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", REDIS_URL="")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", LOG_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    # then the request is one JSON line with its id, route, status and duration
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    [line] = [line for line in lines if line.get("logger") == "pazar.request"]
    assert line["request_id"] == "probe-42"
    assert line["route"] == "/health/" and line["method"] == "GET"
    assert line["status"] in (200, 503)  # no tables in the probe's empty database
    assert line["duration_ms"] > 0 and line["level"] == "INFO" and "time" in line
    assert line["user_id"] is None


@pytest.mark.django_db
def test_a_notification_row_carries_the_request_id():
    token = observability.request_id_var.set("req-outbox")
    try:
        notification_enqueue(kind="sms", event="test_message", to="+905551112233", context={"name": "A"})
    finally:
        observability.request_id_var.reset(token)

    assert Notification.objects.get().request_id == "req-outbox"


def test_a_task_queued_by_a_request_carries_its_id_into_the_worker():
    # when a request queues a task, the id travels in the message headers
    headers = {}
    token = observability.request_id_var.set("req-task")
    try:
        observability.celery_publish_request_id(headers=headers)
    finally:
        observability.request_id_var.reset(token)
    assert headers == {"pazar_request_id": "req-task"}

    # and the worker sets it while the task runs (its logs and outbox rows carry it), then clears it
    task = SimpleNamespace(request=SimpleNamespace(pazar_request_id="req-task"))
    observability.celery_task_prerun(task_id="t1", task=task)
    assert observability.get_request_id() == "req-task"
    record = logging.LogRecord("x", logging.INFO, "f", 1, "m", None, None)
    observability.RequestIdLogFilter().filter(record)
    assert record.request_id == "req-task"
    observability.celery_task_postrun(task_id="t1")
    assert observability.get_request_id() == ""
