"""Fixed-window counters in the shared cache (Redis in production), safe under concurrency."""

from dataclasses import dataclass

from django.core.cache import cache
from rest_framework import exceptions


@dataclass(frozen=True)
class Limit:
    """At most `count` hits per `seconds` for one key."""

    key: str
    count: int
    seconds: int


def _hit(limit: Limit) -> int:
    key = f"ratelimit:{limit.key}:{limit.seconds}"
    cache.add(key, 0, timeout=limit.seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.set(key, 1, timeout=limit.seconds)
        return 1


def ratelimit_hit(*limits: Limit) -> None:
    """Count one hit against each limit; 429 if any is exceeded (the hit is counted all the same).

    `incr` is atomic in Redis and in the local-memory cache, so concurrent requests cannot both
    pass the last free slot.
    """
    exceeded = [limit for limit in limits if _hit(limit) > limit.count]
    if exceeded:
        raise exceptions.Throttled(wait=max(limit.seconds for limit in exceeded))
