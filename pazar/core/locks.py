"""Serialise writers that no unique constraint can order (e.g. uniqueness behind a dynamic setting)."""

import zlib

from django.db import connection


def advisory_xact_lock(key: str) -> None:
    """Hold a PostgreSQL transaction-level advisory lock on `key` until the transaction ends.

    Must run inside `transaction.atomic()`. SQLite serialises writers by itself, so it is a no-op there.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(key.encode()) - 2**31])
