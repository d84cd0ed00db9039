"""Test helpers shared by the apps' suites (imported by tests only)."""

import contextlib
import threading

from django.db import connection


def run_together(call, count: int = 32) -> list:
    """Run `call(index)` in `count` threads on their own connections, released at the same moment.

    Returns each call's result, or the exception it raised, by index.
    """
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = call(index)
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def run_each(*calls) -> list:
    """Run each of `calls` (no arguments) in its own thread, released at once; results by position."""
    return run_together(lambda index: calls[index](), len(calls))


@contextlib.contextmanager
def replica(alias: str = "replica1", **overrides):
    """A read replica for the test: `alias` is a second connection to the test database (`overrides`
    change its settings, e.g. to make it unreachable), routed as DATABASE_REPLICA_URLS would.

    Yields {alias: [sql, ...]} of the statements each connection ran. Rows must be committed to be
    seen on the second connection: use it in `transaction=True` tests.
    """
    from django.db import connections
    from django.db.utils import load_backend
    from django.test import override_settings

    from pazar.core import replicas

    # Not in connections.settings: a connection made during the test, which the test case allows.
    settings_dict = {**connections["default"].settings_dict, **overrides}
    connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    ran = {"default": [], alias: []}

    def recorder(name):
        def record(execute, sql, params, many, context):
            ran[name].append(sql)
            return execute(sql, params, many, context)

        return record

    replicas._down_until.clear()
    replicas._lag_seen.clear()
    try:
        with (
            override_settings(DATABASE_REPLICAS=[alias], DATABASE_ROUTERS=["pazar.core.replicas.ReplicaRouter"]),
            connections["default"].execute_wrapper(recorder("default")),
            connections[alias].execute_wrapper(recorder(alias)),
        ):
            yield ran
    finally:
        connections[alias].close()
        del connections[alias]
        replicas._down_until.clear()
        replicas._lag_seen.clear()
