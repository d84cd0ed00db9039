"""`/health/ready/`: one JSON entry per check, 200 when none fails, 503 when one does."""

import os
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from pazar.core import readiness
from pazar.core.tasks import worker_heartbeat_task
from pazar.notifications.models import Notification, NotificationStatus

URL = "/health/ready/"


def _pending(age: timedelta) -> Notification:
    row = Notification.objects.create(kind="email", event="x", to="a@example.com", language="en", body_text="b")
    Notification.objects.filter(pk=row.pk).update(created_date=timezone.now() - age)
    return row


@pytest.mark.django_db
def test_ready_without_redis_skips_what_development_does_not_run(api_client, settings):
    settings.REDIS_URL = ""
    response = api_client.get(URL)

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["outbox"] == {**body["checks"]["outbox"], "status": "ok", "oldest_pending_seconds": 0.0}
    for name in ("redis", "broker", "worker_heartbeat"):
        assert body["checks"][name]["status"] == "skipped"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_an_old_pending_notification_makes_it_unready(api_client, settings):
    settings.READINESS_OUTBOX_MAX_AGE_SECONDS = 600
    _pending(timedelta(minutes=5))
    assert api_client.get(URL).status_code == 200

    _pending(timedelta(minutes=20))
    response = api_client.get(URL)

    outbox = response.json()["checks"]["outbox"]
    assert response.status_code == 503
    assert outbox["status"] == "failing" and 1190 < outbox["oldest_pending_seconds"] < 1300
    # sent and failed rows do not count
    Notification.objects.update(status=NotificationStatus.FAILED)
    assert api_client.get(URL).status_code == 200


@pytest.mark.django_db
def test_a_failing_database_is_a_503_naming_the_error_class_only(api_client, monkeypatch, settings):
    def broken():
        raise OperationalError("password authentication failed for user pazar at db.internal")

    monkeypatch.setattr(readiness, "database", broken)
    response = api_client.get(URL)

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"]["status"] == "failing"
    assert response.json()["checks"]["database"]["error"] == "OperationalError"
    assert "password" not in response.content.decode()


@pytest.mark.django_db
def test_the_worker_heartbeat_is_what_the_periodic_task_records(api_client, settings, monkeypatch):
    # given a deployment with a broker (a worker is expected) and a broker that answers
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(readiness, "broker", lambda: {"status": "ok"})
    settings.READINESS_HEARTBEAT_MAX_AGE_SECONDS = 120

    # no heartbeat yet: unready
    response = api_client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"]["worker_heartbeat"]["status"] == "failing"

    # the worker ran the heartbeat task: ready
    worker_heartbeat_task.apply()
    body = api_client.get(URL).json()
    assert body["checks"]["worker_heartbeat"]["status"] == "ok"
    assert body["checks"]["worker_heartbeat"]["age_seconds"] < 5

    # an old heartbeat: unready again
    monkeypatch.setattr(readiness.time, "time", lambda: 10**10)
    assert api_client.get(URL).status_code == 503


def test_the_heartbeat_is_scheduled(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["worker-heartbeat"]
    assert schedule["task"] == "pazar.core.tasks.worker_heartbeat_task"
    assert schedule["schedule"] < settings.READINESS_HEARTBEAT_MAX_AGE_SECONDS


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (CI runs it)")
@pytest.mark.django_db
def test_redis_and_the_broker_answer_when_redis_is_there(settings):
    settings.REDIS_URL = os.environ["REDIS_URL"]
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert readiness.redis() == {"status": "ok"}
    assert readiness.broker() == {"status": "ok"}
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    with pytest.raises(Exception):  # noqa: B017 - any connection error
        readiness.redis()
