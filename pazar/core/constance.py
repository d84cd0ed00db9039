"""django-constance's database backend, remembering in the cache that a setting keeps its default.

constance caches a stored value, but a setting nobody changed has no row, so its cache entry stays
empty and every read of it costs two more cache lookups and a database query (on the order pages,
`config.ORDER_RETURN_WINDOW_DAYS` is read by every request). Here an absent row is
cached as a marker too; saving the setting in the admin replaces the marker, as it replaces a value.
Without a cache (no REDIS_URL) this is constance's backend unchanged.

`values_read(...)`: a request that has already read some settings from the database (the
revalidated lists read them with their versions, for the ETag) answers those from what it read,
without another cache lookup or query, so the page and its ETag agree on them.
"""

import contextlib
from contextvars import ContextVar

from constance.backends.database import DatabaseBackend
from constance.codecs import loads

ABSENT = "__pazar_constance_default__"
# {name: stored value, or None for "at its default"} while a request answers from what it read.
_read: ContextVar[dict | None] = ContextVar("pazar_constance_read", default=None)


@contextlib.contextmanager
def values_read(values: dict):
    """Within, the settings named in `values` answer these (None: the setting's default)."""
    token = _read.set(values)
    try:
        yield
    finally:
        _read.reset(token)


class CachedDefaultsDatabaseBackend(DatabaseBackend):
    def get(self, key):
        read = _read.get()
        if read is not None and key in read:
            return read[key]
        if not self._cache:
            return super().get(key)
        # constance's own steps (cache, autofill, row), with the marker understood at each one: a
        # concurrent request may have cached it at any moment.
        cache_key = self.add_prefix(key)
        cached = self._cache.get(cache_key)
        if cached is None:
            self.autofill()
            cached = self._cache.get(cache_key)
        if cached is not None:
            return None if cached == ABSENT else cached
        match = self._model._default_manager.filter(key=cache_key).only("value").first()
        value = loads(match.value) if match is not None else None
        # add, not set: a value saved meanwhile by another process wins.
        self._cache.add(cache_key, ABSENT if value is None else value)
        return value
