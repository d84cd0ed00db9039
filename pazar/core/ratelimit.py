"""Fixed-window counters in the shared cache (Redis in production), safe under concurrency."""

import contextlib
from dataclasses import dataclass

from django.core.cache import cache
from rest_framework import exceptions


@dataclass(frozen=True)
class Limit:
    """At most `count` hits per `seconds` for one key."""

    key: str
    count: int
    seconds: int

    @property
    def cache_key(self) -> str:
        return f"ratelimit:{self.key}:{self.seconds}"


def _hit(limit: Limit) -> int:
    cache.add(limit.cache_key, 0, timeout=limit.seconds)
    try:
        return cache.incr(limit.cache_key)
    except ValueError:  # the window expired between add and incr
        cache.set(limit.cache_key, 1, timeout=limit.seconds)
        return 1


def ratelimit_hit(*limits: Limit, detail: str | None = None) -> None:
    """Count one hit against each limit; 429 if any is exceeded (the hit is counted all the same).

    `incr` is atomic in Redis and in the local-memory cache, so concurrent requests cannot both
    pass the last free slot. Counting before the work is done makes the count a reservation: of N
    concurrent requests, no more than the limit get through to the work.
    """
    exceeded = [limit for limit in limits if _hit(limit) > limit.count]
    if exceeded:
        raise exceptions.Throttled(wait=max(limit.seconds for limit in exceeded), detail=detail)


def ratelimit_take(limit: Limit) -> bool:
    """Take one slot of the limit (atomically, like `ratelimit_hit`); False when none was left."""
    return _hit(limit) <= limit.count


def ratelimit_give_back(limit: Limit) -> None:
    """Return a slot taken by `ratelimit_take` (the work it reserved for turned out not to count)."""
    with contextlib.suppress(ValueError):  # the window expired meanwhile: nothing to give back
        cache.decr(limit.cache_key)


def ratelimit_reached(limit: Limit) -> bool:
    """Whether the limit is used up in its current window (counts nothing)."""
    return (cache.get(limit.cache_key) or 0) >= limit.count


def ratelimit_clear(*limits: Limit) -> None:
    """Forget the limits' counts (a success that ends a run of failures)."""
    cache.delete_many([limit.cache_key for limit in limits])
