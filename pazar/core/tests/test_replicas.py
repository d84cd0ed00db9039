"""The replica router (pazar/core/replicas.py): a request's scope, transactions, writes, readiness, and the
settings that make replicas of DATABASE_REPLICA_URLS."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections, transaction
from django.test import RequestFactory

from pazar.addresses.tests.factories import CountryFactory
from pazar.core import replicas
from pazar.core.testing import replica

ROOT = Path(__file__).resolve().parents[3]


def _in_scope(alias):
    scope = replicas.Scope()
    scope.alias = alias
    return replicas._scope.set(scope)


def test_reads_go_where_the_requests_scope_says_and_writes_to_the_primary():
    router = replicas.ReplicaRouter()
    assert router.db_for_read(None) == "default"  # outside a request that opted in
    token = _in_scope("replica1")
    try:
        assert router.db_for_read(None) == "replica1"
        assert router.db_for_write(None) == "default"
    finally:
        replicas._scope.reset(token)
    assert router.allow_migrate("default", "core") and not router.allow_migrate("replica1", "core")


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_every_read_is_the_primarys():
    token = _in_scope("replica1")
    try:
        with transaction.atomic():
            assert replicas.read_alias() == "default"
        assert replicas.read_alias() == "replica1"
    finally:
        replicas._scope.reset(token)


@pytest.mark.django_db
def test_only_reads_of_a_caller_who_has_not_just_written_are_given_a_replica(user):
    request = RequestFactory().get("/")
    request.user = user
    with replica():
        assert replicas.choose(request) == "replica1"
        replicas.pin(user.pk)
        assert replicas.choose(request) is None
        post = RequestFactory().post("/")
        post.user = user
        replicas.cache.clear()
        assert replicas.choose(post) is None


def test_without_replicas_nothing_is_chosen():
    assert replicas.choose(RequestFactory().get("/")) is None


@pytest.mark.django_db
def test_ready_but_degraded_while_a_replica_is_down(api_client, settings):
    settings.REDIS_URL = ""
    unreachable = (
        {"HOST": "127.0.0.1", "PORT": "1"}
        if connections["default"].vendor == "postgresql"
        else {"NAME": "/nonexistent/pazar/replica.sqlite3"}
    )
    with replica(**unreachable):
        body = api_client.get("/health/ready/").json()
        status = api_client.get("/health/ready/").status_code

    assert status == 200
    assert body["status"] == "degraded"
    assert body["checks"]["replicas"]["status"] == "degraded"
    assert body["checks"]["replicas"]["replicas"]["replica1"]["status"] == "down"


@pytest.mark.django_db
def test_ready_and_ok_with_a_replica_that_answers(api_client, settings):
    settings.REDIS_URL = ""
    with replica():
        body = api_client.get("/health/ready/").json()

    assert body["status"] == "ok"
    assert body["checks"]["replicas"]["replicas"]["replica1"] == {"status": "ok", "lag_seconds": 0.0}


@pytest.mark.django_db(transaction=True)
def test_a_location_list_read_on_a_replica_is_cached_no_longer_than_its_allowed_lag(api_client, settings):
    CountryFactory()
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 7
    cached = []
    set_ = replicas.cache.set

    def spy(key, value, timeout=None, **kwargs):
        cached.append((key, timeout))
        return set_(key, value, timeout=timeout, **kwargs)

    with replica() as ran:
        replicas.cache.set = spy
        try:
            response = api_client.get("/address/country/")
        finally:
            replicas.cache.set = set_

    assert response.status_code == 200 and response.json()["count"] == 1
    assert any("addresses_country" in sql for sql in ran["replica1"])
    assert [timeout for key, timeout in cached if key.startswith("addresses:locations:")] == [7]


def _settings_of(env: dict) -> str:
    environ = {
        **os.environ,
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/pazar",
        "DJANGO_SETTINGS_MODULE": "pazar.settings",
        **env,
    }
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "r = s.DATABASES.get('replica1', {}); d = s.DATABASES['default']; "
        "o = r.get('OPTIONS', {}); "
        "print(r.get('ENGINE') == d['ENGINE'], r.get('HOST'), r.get('PORT'), o.get('connect_timeout'),"
        " o.get('options') == d['OPTIONS'].get('options'), s.DATABASE_REPLICAS, "
        "getattr(s, 'DATABASE_ROUTERS', []))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_each_replica_url_is_an_alias_with_the_primarys_engine_and_options():
    shown = _settings_of({"DATABASE_REPLICA_URLS": "postgresql://reader@10.0.0.2:5433/pazar, postgresql://r@h2/pazar"})

    assert shown == ("True 10.0.0.2 5433 1 True ['replica1', 'replica2'] ['pazar.core.replicas.ReplicaRouter']")


def test_without_replica_urls_one_database_and_no_router():
    assert _settings_of({"DATABASE_REPLICA_URLS": ""}) == "False None None None False [] []"
