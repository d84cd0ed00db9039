"""Queries per request and their plans, for each benchmarked endpoint, on the database in DATABASE_URL.

Run by bench/run.py in the project's environment; prints JSON. Each endpoint is called in process
(Django's test client, the same code gunicorn runs) at two page sizes to show the query count does
not grow with the page; every SELECT of the first call is run again under EXPLAIN (ANALYZE) and its
plan kept, with any sequential scan of a large table flagged. Last, the median time of one request
in this process, without load: what the endpoint itself costs, and the same for the floor.
"""

import json
import os
import statistics
import sys
import time

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pazar.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

LARGE_TABLES = {
    "accounts_user",
    "addresses_address",
    "catalog_product",
    "catalog_productimage",
    "orders_order",
    "orders_orderitem",
    "conversations_conversation",
    "conversations_message",
}


def explain(sql: str) -> tuple[str, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING ON, SUMMARY ON) {sql}")
        lines = [row[0] for row in cursor.fetchall()]
    seq = sorted({t for line in lines if "Seq Scan on" in line for t in LARGE_TABLES if f"Seq Scan on {t}" in line})
    return "\n".join(lines), seq


def floor_ms(path: str, token: str | None) -> float:
    """The floor's own time for the same request, called the same way (in this process, no load)."""
    os.environ.setdefault("FLOOR_DSN", os.environ["DATABASE_URL"])
    from bench import floor

    route, _, query = path.partition("?")
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": route, "QUERY_STRING": query, "HTTP_HOST": "127.0.0.1"}
    if token:
        environ["HTTP_AUTHORIZATION"] = f"Token {token}"
    status = {}

    def start_response(line, headers):
        status["line"] = line

    times = []
    for n in range(20):
        started = time.perf_counter()
        b"".join(floor.app(dict(environ), start_response))
        if n >= 5:  # the first calls open the connection and prepare the statements
            times.append((time.perf_counter() - started) * 1000)
    assert status["line"].startswith("200"), (path, status)
    return round(statistics.median(times), 1)


def main() -> None:
    endpoints = json.loads(sys.argv[1])
    client = Client(HTTP_HOST="127.0.0.1")
    report = {}
    for name, spec in endpoints.items():
        if spec["method"] != "GET":
            continue
        headers = {"HTTP_AUTHORIZATION": f"Token {spec['token']}"} if spec.get("token") else {}
        counts = {}
        plans = []
        for limit in spec.get("limits", [None]):
            path = (
                spec["path"] if limit is None else f"{spec['path']}{'&' if '?' in spec['path'] else '?'}limit={limit}"
            )
            client.get(path, **headers)  # first calls fill per-process caches (content types, settings)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path, **headers)
            assert response.status_code == 200, (path, response.status_code, response.content[:200])
            counts[str(limit or "default")] = len(captured)
            if not plans:
                for query in captured.captured_queries:
                    sql = query["sql"]
                    if not sql.lstrip().upper().startswith("SELECT") or not any(t in sql for t in LARGE_TABLES):
                        continue
                    plan, seq = explain(sql)
                    plans.append({"sql": sql, "plan": plan, "seq_scans": seq})
        # The request's own cost, without the load: the median of a few calls in this process.
        first = (
            spec["path"]
            if not spec.get("limits")
            else f"{spec['path']}{'&' if '?' in spec['path'] else '?'}limit={spec['limits'][0]}"
        )
        times = []
        for _ in range(15):
            started = time.perf_counter()
            client.get(first, **headers)
            times.append((time.perf_counter() - started) * 1000)
        report[name] = {
            "queries": counts,
            "plans": plans,
            "in_process_ms": round(statistics.median(times), 1),
            "floor_in_process_ms": floor_ms(first, spec.get("token")) if spec.get("floor") else None,
        }
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
