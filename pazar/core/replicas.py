"""Reads on read replicas (DATABASE_REPLICA_URLS): which reads may go there, and when they may not.

Nothing reads a replica unless its view opts in with `@replica_reads` (lists that may be a moment
old: public questions and reviews, locations, the seller inbox and metrics). For such a view's
`GET`/`HEAD`, once authentication, permissions and throttles have run on the primary, one database
is chosen for the whole request, so a list's versions (its ETag) and its page are read from the
same place (pazar/core/revalidation.py). The primary is chosen when:

- the caller wrote in the last DATABASE_REPLICA_PIN_SECONDS (`ReplicaPinMiddleware` pins the
  user after any unsafe request, in the cache, which every server shares): the caller's own
  writes are read back, and an ETag never names a version older than them;
- no replica is usable: down (a failed connection is remembered for DATABASE_REPLICA_RETRY_SECONDS
  by each process, so requests meanwhile pay no connect timeout), or behind the primary by more
  than DATABASE_REPLICA_MAX_LAG_SECONDS (measured at most once a second per process).

Inside a transaction every read is the primary's (`ReplicaRouter`), and every write is.
DATABASE_REPLICA_MAX_LAG_SECONDS at most DATABASE_REPLICA_PIN_SECONDS keeps a caller's writes
visible after the pin ends. Public lists read on a replica may be up to that lag old.
"""

import contextvars
import functools
import random
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from rest_framework.permissions import SAFE_METHODS

PIN_KEY = "pazar:read-primary:{}"
LAG_CHECK_SECONDS = 1.0
# How far a standby's replay is behind what it has received (0 when caught up, or not a standby).
LAG_SQL = (
    "SELECT CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)


class Scope:
    """The database a request's reads use (None: the primary's)."""

    __slots__ = ("alias",)

    def __init__(self):
        self.alias: str | None = None


_scope: contextvars.ContextVar[Scope | None] = contextvars.ContextVar("pazar_read_scope", default=None)
# Per process: alias -> monotonic time until which it is not tried again; alias -> (checked at, lag).
_down_until: dict[str, float] = {}
_lag_seen: dict[str, tuple[float, float]] = {}


def configured() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", ()))


def read_alias() -> str:
    """The database a read issued now goes to: the request's replica, unless inside a transaction."""
    scope = _scope.get()
    if scope is None or scope.alias is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return scope.alias


class ReplicaRouter:
    """Django's router: writes and migrations on the primary, reads where the request's scope says."""

    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # a replica holds the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def pin_key(user_id) -> str:
    return PIN_KEY.format(user_id)


def pin(user_id) -> None:
    """The user's reads go to the primary for DATABASE_REPLICA_PIN_SECONDS (after a write)."""
    cache.set(pin_key(user_id), 1, timeout=settings.DATABASE_REPLICA_PIN_SECONDS)


def pinned(user) -> bool:
    return bool(user is not None and user.is_authenticated and cache.get(pin_key(user.pk)))


def mark_down(alias: str) -> None:
    _down_until[alias] = time.monotonic() + settings.DATABASE_REPLICA_RETRY_SECONDS
    connections[alias].close()


def lag_seconds(alias: str) -> float:
    """How far `alias` is behind (0 on anything but PostgreSQL); raises DatabaseError when unreachable."""
    connection = connections[alias]
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(LAG_SQL)
        return float(cursor.fetchone()[0])


def probe(alias: str) -> dict:
    """A replica's state now: {"status": "ok" | "down" | "lagging", ...} (readiness and the routing)."""
    try:
        lag = lag_seconds(alias)
    except DatabaseError as exc:
        mark_down(alias)
        return {"status": "down", "error": type(exc).__name__}
    _down_until.pop(alias, None)
    _lag_seen[alias] = (time.monotonic(), lag)
    state = "lagging" if lag > settings.DATABASE_REPLICA_MAX_LAG_SECONDS else "ok"
    return {"status": state, "lag_seconds": round(lag, 3)}


def usable(alias: str) -> bool:
    """Whether reads may go to `alias` now: up (not failed lately) and not lagging too far."""
    now = time.monotonic()
    if _down_until.get(alias, 0.0) > now:
        return False
    seen = _lag_seen.get(alias)
    if seen is not None and now - seen[0] < LAG_CHECK_SECONDS:
        connection = connections[alias]
        try:
            connection.close_if_health_check_failed()
            connection.ensure_connection()
        except DatabaseError:
            mark_down(alias)
            return False
        return seen[1] <= settings.DATABASE_REPLICA_MAX_LAG_SECONDS
    return probe(alias)["status"] == "ok"


def choose(request) -> str | None:
    """The replica this request's reads use, or None (the primary)."""
    aliases = configured()
    if not aliases or request.method not in ("GET", "HEAD") or pinned(getattr(request, "user", None)):
        return None
    for alias in random.sample(aliases, len(aliases)):
        if usable(alias):
            return alias
    return None


def reading_replica() -> bool:
    """Whether this request's reads go to a replica (a page read there may be a moment old)."""
    return read_alias() != DEFAULT_DB_ALIAS


def cache_timeout(seconds: int) -> int:
    """How long a page read now may be cached: a replica's page no longer than its allowed lag, after
    which it is read again from a replica that has caught up."""
    if reading_replica():
        return min(seconds, max(1, int(settings.DATABASE_REPLICA_MAX_LAG_SECONDS)))
    return seconds


def replica_reads(cls):
    """Class decorator for a DRF view: its `GET`/`HEAD` may read a replica (see the module's rules).

    The choice is made after `initial()` (the caller, known from the primary) and holds for the
    rest of the request, whatever other decorators wrap the handler. A replica lost during the
    request (its connection fails) is marked down and the request is answered again from the
    primary: a `GET` writes nothing, so running it twice is safe.
    """
    dispatch, initial = cls.dispatch, cls.initial

    @functools.wraps(dispatch)
    def scoped_dispatch(self, request, *args, **kwargs):
        scope = Scope()
        token = _scope.set(scope)
        try:
            return dispatch(self, request, *args, **kwargs)
        except (OperationalError, InterfaceError):
            if scope.alias is None:
                raise
            mark_down(scope.alias)
            _scope.set(Scope())
            return dispatch(self, request, *args, **kwargs)
        finally:
            _scope.reset(token)

    @functools.wraps(initial)
    def choosing_initial(self, request, *args, **kwargs):
        initial(self, request, *args, **kwargs)
        scope = _scope.get()
        if scope is not None and scope.alias is None:
            scope.alias = choose(request)

    cls.dispatch, cls.initial = scoped_dispatch, choosing_initial
    return cls


class ReplicaPinMiddleware:
    """After an unsafe request (a write, or an attempt) by a logged-in user, that user reads the primary
    for DATABASE_REPLICA_PIN_SECONDS. Nothing happens without replicas."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and configured():
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                pin(user.pk)
        return response
