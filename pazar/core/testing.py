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


def declared_shape(field):
    """What a declared field nests: a serializer (its fields), `[shape]` for a list of them, or None
    (a value, or a free-form JSON object). A method field nests what its `extend_schema_field` says."""
    from drf_spectacular.drainage import get_override
    from rest_framework import serializers

    from pazar.core.serializers import shared

    if isinstance(field, serializers.SerializerMethodField) and field.parent is not None:
        method = getattr(field.parent, field.method_name, None)
        annotated = get_override(method, "field") if method is not None else None
        if annotated is None:
            return None
        field = shared(annotated) if isinstance(annotated, type) else annotated
    if isinstance(field, serializers.ListSerializer):
        inner = declared_shape(field.child)
        return [inner] if inner is not None else None
    if isinstance(field, serializers.ListField):
        inner = declared_shape(field.child)
        return [inner] if inner is not None else None
    if isinstance(field, serializers.BaseSerializer):
        return field
    return None


def assert_matches_declaration(body, declaration, path: str = "$") -> None:
    """`body` (a response's JSON: an object, or a list of them) has exactly the keys `declaration` (a
    response serializer class or instance) declares, recursively through nested serializers, lists
    of them and method fields whose `extend_schema_field` names a serializer. Null and empty nested
    values are not descended into."""
    from pazar.core.serializers import shared

    serializer = shared(declaration) if isinstance(declaration, type) else declaration
    if isinstance(body, list):
        for index, item in enumerate(body):
            assert_matches_declaration(item, serializer, f"{path}[{index}]")
        return
    fields = serializer.child.fields if hasattr(serializer, "child") else serializer.fields
    assert isinstance(body, dict), f"{path}: {body!r} is not an object"
    assert list(body) == list(fields), f"{path}: keys {set(body) ^ set(fields)} differ, or their order"
    for name, field in fields.items():
        inner = declared_shape(field)
        value = body[name]
        if inner is None or value is None:
            continue
        if isinstance(inner, list):
            assert isinstance(value, list), f"{path}.{name}: {value!r} is not a list"
            for index, item in enumerate(value):
                _match(item, inner[0], f"{path}.{name}[{index}]")
        else:
            _match(value, inner, f"{path}.{name}")


def _match(value, shape, path):
    if isinstance(shape, list):
        assert isinstance(value, list), f"{path}: {value!r} is not a list"
        for index, item in enumerate(value):
            _match(item, shape[0], f"{path}[{index}]")
    elif value is not None:
        assert_matches_declaration(value, shape, path)
