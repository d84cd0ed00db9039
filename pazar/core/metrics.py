"""Prometheus metrics: the request counters kept by each process, and `/metrics` that collects them.

With several gunicorn workers, set `PROMETHEUS_MULTIPROC_DIR` to an empty directory (the systemd unit
does): every worker writes its counters there and `/metrics`, answered by any worker, sums them.
The outbox, loyalty and SMS figures are read from the database at scrape time by the collectors named
in `METRICS_COLLECTORS`, so they are the same whichever worker answers and include the Celery workers' work.
"""

import ipaddress
import os
import secrets
from functools import lru_cache

from django.conf import settings
from django.http import HttpResponse
from django.utils.module_loading import import_string
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

from pazar.core.net import client_ip

# Up to the 30 s gunicorn timeout; most API answers fall in the first buckets.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUESTS = Counter("pazar_http_requests", "HTTP requests by route, method and status.", ["route", "method", "status"])
LATENCY = Histogram(
    "pazar_http_request_duration_seconds", "Time to answer, by route.", ["route", "method"], buckets=LATENCY_BUCKETS
)
THROTTLED = Counter("pazar_throttle_hits", "Requests refused by a throttle (429), by route.", ["route"])
TOO_MANY_REQUESTS = 429


# The labelled children, looked up once per (route, method, status): `labels()` takes a lock and
# builds a key each time, which was most of this module's per-request cost.
_children: dict[tuple[str, str, int], tuple] = {}


def observe_request(*, route: str, method: str, status: int, seconds: float) -> None:
    key = (route, method, status)
    children = _children.get(key)
    if children is None:
        children = _children.setdefault(
            key, (REQUESTS.labels(route, method, str(status)), LATENCY.labels(route, method))
        )
    children[0].inc()
    children[1].observe(seconds)
    if status == TOO_MANY_REQUESTS:
        THROTTLED.labels(route).inc()


@lru_cache(maxsize=1)
def _allowed_networks(addresses: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(a, strict=False) for a in addresses)


def _allowed(request) -> bool:
    """A scraper shows `Authorization: Bearer <METRICS_TOKEN>`, or comes from `METRICS_ALLOWED_IPS`."""
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and secrets.compare_digest(header[7:].encode(), token.encode()):
        return True
    try:
        ip = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(ip in net for net in _allowed_networks(tuple(settings.METRICS_ALLOWED_IPS)))


def registry() -> CollectorRegistry:
    """The registry a scrape reads: every process's counters plus the database-backed collectors."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        result = CollectorRegistry()
        multiprocess.MultiProcessCollector(result)
    else:
        result = CollectorRegistry()
        for collector in (REQUESTS, LATENCY, THROTTLED):
            result.register(collector)
    for path in settings.METRICS_COLLECTORS:
        result.register(import_string(path)())
    return result


def metrics_view(request):
    """`GET /metrics`: the Prometheus text format; 404 for a caller who is not allowed (nothing to find)."""
    if not _allowed(request):
        from pazar.core.views import not_found

        return not_found(request)
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
