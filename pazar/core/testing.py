"""Test helpers shared by the apps' suites (imported by tests only)."""

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
