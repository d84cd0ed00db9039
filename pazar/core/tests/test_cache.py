"""The Redis cache answers as an empty cache while Redis is unreachable, instead of failing the request."""

import pytest

from pazar.core.cache import ResilientRedisCache
from pazar.core.ratelimit import Limit, ratelimit_hit


@pytest.fixture
def unreachable():
    """A cache whose Redis does not listen (a port nothing uses), with a short connect timeout."""
    return ResilientRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})


def test_reads_miss_and_writes_are_dropped(unreachable):
    assert unreachable.get("k") is None
    assert unreachable.get("k", "fallback") == "fallback"
    assert unreachable.get_many(["a", "b"]) == {}
    assert unreachable.has_key("k") is False
    assert unreachable.set("k", 1) is None
    assert unreachable.add("k", 1) is False
    assert unreachable.delete("k") is False
    assert unreachable.incr("k") == 1


def test_throttles_fail_open_while_redis_is_down(unreachable, monkeypatch):
    from pazar.core import ratelimit

    monkeypatch.setattr(ratelimit, "cache", unreachable)

    # a limit of 1 is not enforced without its counter, and nothing raises
    for _ in range(3):
        ratelimit_hit(Limit("k", 1, 60))


def test_the_project_uses_it_with_redis():
    # with REDIS_URL set, the settings name this backend and sessions kept in the database
    from pazar.core.tests.test_settings import _manage

    code = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)"
    result = _manage("shell", "-v", "0", "-c", code, REDIS_URL="redis://127.0.0.1:6379/15")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "pazar.core.cache.ResilientRedisCache",
        "django.contrib.sessions.backends.cached_db",
    ]
