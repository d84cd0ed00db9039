"""What the request id, metrics and JSON request log cost per request, in process (not `make bench`).

    DATABASE_URL=sqlite:////tmp/cost.sqlite3 python manage.py migrate && ... demo && python bench/observability_cost.py

Django's test client, no network: the same requests with RequestObservabilityMiddleware removed,
in place (metrics + request id), and in place with the JSON request line (written to /dev/null).
Rounds alternate between the variants so that machine noise falls on all of them alike; the figure
is the best round's mean time per request (noise on a shared machine only adds time).
"""

import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pazar.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from pythonjsonlogger.orjson import OrjsonFormatter  # noqa: E402

from pazar.accounts.models import User  # noqa: E402

OBSERVABILITY = "pazar.core.observability.RequestObservabilityMiddleware"
ROUNDS = int(os.environ.get("COST_ROUNDS", "15"))
PER_ROUND = int(os.environ.get("COST_REQUESTS", "200"))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def run(variant: str, path: str, user) -> float:
    middleware = list(settings.MIDDLEWARE)
    if variant == "without":
        middleware.remove(OBSERVABILITY)
    with override_settings(MIDDLEWARE=middleware, REQUEST_LOG=variant == "with + JSON log"):
        client = client_for(user)
        client.get(path)  # loads the middleware chain
        started = time.perf_counter()
        for _ in range(PER_ROUND):
            client.get(path)
        return (time.perf_counter() - started) / PER_ROUND


def middleware_alone() -> None:
    """The middleware's own time around a view that does nothing, resolved as a real route."""
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.urls import resolve

    from pazar.core.observability import RequestObservabilityMiddleware

    factory = RequestFactory()
    match = resolve("/users/orders/")

    def view(request):
        request.resolver_match = match
        return HttpResponse(b"{}")

    for log in (False, True):
        with override_settings(REQUEST_LOG=log):
            middleware = RequestObservabilityMiddleware(view)
            requests = [factory.get("/users/orders/") for _ in range(20000)]
            started = time.perf_counter()
            for request in requests:
                middleware(request)
            per = (time.perf_counter() - started) / len(requests)
        label = "with the JSON request line" if log else "metrics + request id"
        print(f"middleware alone ({label}): {per * 1e6:.1f} µs per request")


def main() -> None:
    handler = logging.FileHandler(os.devnull)
    handler.setFormatter(OrjsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"))
    request_logger = logging.getLogger("pazar.request")
    request_logger.handlers = [handler]
    request_logger.propagate = False
    middleware_alone()
    user = User.objects.get(email="ayse@pazar.local")
    variants = ["without", "with", "with + JSON log"]
    for path in ("/health/", "/users/orders/", "/users/conversations/"):
        times = {v: [] for v in variants}
        for _ in range(ROUNDS):
            for variant in variants:
                times[variant].append(run(variant, path, user))
        # the best round of each variant: on a shared machine noise only ever adds time
        base = min(times["without"])
        print(f"{path}: without {base * 1000:.3f} ms/request (best of {ROUNDS} rounds)")
        for variant in variants[1:]:
            value = min(times[variant])
            change = f"{(value / base - 1) * 100:+.1f} %, {(value - base) * 1e6:+.0f} µs"
            print(f"  {variant}: {value * 1000:.3f} ms ({change})")


if __name__ == "__main__":
    main()
