"""Dynamic settings at their default cost one cache lookup, no query; a saved value replaces that."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pazar.core.constance import ABSENT, CachedDefaultsDatabaseBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend():
    found = CachedDefaultsDatabaseBackend()
    found._cache = caches["default"]  # as with REDIS_URL set
    return found


def test_a_default_is_looked_up_once_then_remembered(backend):
    with CaptureQueriesContext(connection) as first:
        assert backend.get("ORDER_RETURN_WINDOW_DAYS") is None
    assert len(first) >= 1
    assert caches["default"].get(backend.add_prefix("ORDER_RETURN_WINDOW_DAYS")) == ABSENT
    with CaptureQueriesContext(connection) as again:
        assert backend.get("ORDER_RETURN_WINDOW_DAYS") is None
    assert len(again) == 0


def test_a_saved_value_replaces_the_marker(backend):
    assert backend.get("ORDER_RETURN_WINDOW_DAYS") is None
    backend.set("ORDER_RETURN_WINDOW_DAYS", 30)
    with CaptureQueriesContext(connection) as captured:
        assert backend.get("ORDER_RETURN_WINDOW_DAYS") == 30
    assert len(captured) == 0


def test_without_a_cache_it_reads_the_database(backend):
    backend._cache = None
    backend.set("ORDER_RETURN_WINDOW_DAYS", 21)
    with CaptureQueriesContext(connection) as captured:
        assert backend.get("ORDER_RETURN_WINDOW_DAYS") == 21
    assert len(captured) == 1


def test_the_marker_never_leaks_whoever_cached_it(backend):
    """A concurrent request may cache the marker between two steps of a read: still the default."""
    caches["default"].set(backend.add_prefix("ORDER_RETURN_WINDOW_DAYS"), ABSENT)
    assert backend.get("ORDER_RETURN_WINDOW_DAYS") is None
    caches["default"].delete(backend.add_prefix("ORDER_RETURN_WINDOW_DAYS"))
    backend.autofill = lambda: caches["default"].set(backend.add_prefix("ORDER_RETURN_WINDOW_DAYS"), ABSENT)
    assert backend.get("ORDER_RETURN_WINDOW_DAYS") is None


def test_values_read_answer_without_a_lookup_and_only_within(backend):
    from pazar.core.constance import values_read

    caches["default"].clear()
    # given a request that read ORDER_RETURN_WINDOW_DAYS (stored as 30) and another setting at its default
    with values_read({"ORDER_RETURN_WINDOW_DAYS": 30, "CONVERSATION_MASK_CONTACT_INFO": None}):
        with CaptureQueriesContext(connection) as inside:
            assert backend.get("ORDER_RETURN_WINDOW_DAYS") == 30
            assert backend.get("CONVERSATION_MASK_CONTACT_INFO") is None  # the default
        assert len(inside) == 0
    # then outside the block the backend reads as before (nothing stored: the default)
    assert caches["default"].get(backend.add_prefix("ORDER_RETURN_WINDOW_DAYS")) is None
    assert backend.get("ORDER_RETURN_WINDOW_DAYS") is None
