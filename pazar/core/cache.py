"""A Redis cache that keeps the API answering while Redis is down (a restart, a failover).

Every operation that fails to reach Redis logs a warning and behaves like an empty cache: reads
miss, writes are dropped, `add` reports nothing added and `incr` counts from 1. So during an
outage dynamic settings are read from the database, sessions from the database (the
`cached_db` engine), and throttles let requests through (they fail open) instead of every
request answering 503. Celery's broker is another matter: tasks queued meanwhile are picked up
by the periodic sweepers once Redis is back.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _fallback(value):
    def decorate(method):
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as exc:
                logger.warning("cache unreachable, %s answered as empty: %s", method.__name__, exc)
                return value() if callable(value) else value

        wrapper.__name__ = method.__name__
        return wrapper

    return decorate


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache while Redis cannot be reached."""

    get_many = _fallback(dict)(RedisCache.get_many)
    has_key = _fallback(False)(RedisCache.has_key)
    add = _fallback(False)(RedisCache.add)
    set = _fallback(None)(RedisCache.set)
    set_many = _fallback(list)(RedisCache.set_many)
    touch = _fallback(False)(RedisCache.touch)
    delete = _fallback(False)(RedisCache.delete)
    delete_many = _fallback(None)(RedisCache.delete_many)
    incr = _fallback(1)(RedisCache.incr)
    clear = _fallback(None)(RedisCache.clear)

    def get(self, key, default=None, version=None):
        try:
            return RedisCache.get(self, key, default, version)
        except UNREACHABLE as exc:
            logger.warning("cache unreachable, get answered as a miss: %s", exc)
            return default
