"""django-constance's database backend, remembering in the cache that a setting keeps its default.

constance caches a stored value, but a setting nobody changed has no row, so its cache entry stays
empty and every read of it costs two more cache lookups and a database query (on the order pages,
`config.ORDER_RETURN_WINDOW_DAYS`: one query of every request, `make bench`). Here an absent row is
cached as a marker too; saving the setting in the admin replaces the marker, as it replaces a value.
Without a cache (no REDIS_URL) this is constance's backend unchanged.
"""

from constance.backends.database import DatabaseBackend

ABSENT = "__pazar_constance_default__"


class CachedDefaultsDatabaseBackend(DatabaseBackend):
    def get(self, key):
        if not self._cache:
            return super().get(key)
        cache_key = self.add_prefix(key)
        cached = self._cache.get(cache_key)
        if cached == ABSENT:
            return None
        if cached is not None:
            return cached
        value = super().get(key)
        if value is None:
            # add, not set: a value saved meanwhile by another process wins.
            self._cache.add(cache_key, ABSENT)
        return value
