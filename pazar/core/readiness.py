"""`/health/ready/`: whether this server can do its work (database, Redis, broker, a live worker, the outbox).

Each check returns a dict with `status` ("ok", "degraded", "failing" or "skipped") and what it
measured; the view answers 200 when none is failing, 503 otherwise. "degraded" serves, with less:
a read replica down or lagging (its reads go to the primary), and makes the overall status "degraded".
The checks run are named in `READINESS_CHECKS`, so a domain app adds its own (the outbox backlog
lives in pazar/notifications) without core importing it.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string

OK, DEGRADED, FAILING, SKIPPED = "ok", "degraded", "failing", "skipped"
HEARTBEAT_KEY = "pazar:worker-heartbeat"


def database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": OK}


def replicas() -> dict:
    """Each read replica (DATABASE_REPLICA_URLS): ok, down or lagging; the primary serves their reads meanwhile."""
    from pazar.core import replicas as replica_reads

    aliases = replica_reads.configured()
    if not aliases:
        return {"status": SKIPPED, "reason": "DATABASE_REPLICA_URLS is not set: every read is the primary's."}
    states = {alias: replica_reads.probe(alias) for alias in aliases}
    status = OK if all(state["status"] == OK for state in states.values()) else DEGRADED
    return {"status": status, "replicas": states}


def _redis_client():
    import redis as redis_lib

    return redis_lib.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)


def redis() -> dict:
    if not settings.REDIS_URL:
        return {"status": SKIPPED, "reason": "REDIS_URL is not set: cache and sessions are local."}
    _redis_client().ping()
    return {"status": OK}


def broker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": SKIPPED, "reason": "No broker: background jobs run inline."}
    from pazar.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=1)
    return {"status": OK}


def worker_heartbeat() -> dict:
    """A Celery worker ran the heartbeat task that beat queues every `WORKER_HEARTBEAT_SECONDS`."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": SKIPPED, "reason": "No worker: background jobs run inline."}
    beat = cache.get(HEARTBEAT_KEY)
    if beat is None:
        return {"status": FAILING, "reason": "No worker heartbeat seen (are the worker and beat running?)."}
    age = time.time() - float(beat)
    status = OK if age <= settings.READINESS_HEARTBEAT_MAX_AGE_SECONDS else FAILING
    return {
        "status": status,
        "age_seconds": round(age, 1),
        "max_age_seconds": settings.READINESS_HEARTBEAT_MAX_AGE_SECONDS,
    }


def record_worker_heartbeat() -> None:
    cache.set(HEARTBEAT_KEY, time.time(), timeout=settings.READINESS_HEARTBEAT_MAX_AGE_SECONDS * 10)


def run_checks() -> tuple[bool, dict]:
    """Run every check; an exception is a failing check with the exception's class (never its text: no secrets)."""
    results = {}
    for path in settings.READINESS_CHECKS:
        name = path.rsplit(".", 1)[-1]
        started = time.perf_counter()
        try:
            result = import_string(path)()
        except Exception as exc:
            result = {"status": FAILING, "error": type(exc).__name__}
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = result
    ready = all(r["status"] != FAILING for r in results.values())
    degraded = any(r["status"] == DEGRADED for r in results.values())
    return ready, {
        "status": ("degraded" if degraded else "ok") if ready else "unavailable",
        "checked_at": timezone.now().isoformat(),
        "checks": results,
    }
