"""Where one request's time goes, in process: `.venv/bin/python bench/phases.py [endpoint ...]`.

Run with DATABASE_URL on a benchmark database (`pazar_bench_small` or `_large`, as `make bench`
leaves them) and DEBUG=0. Each endpoint is called 100 times through Django's test client after a
warm-up; DRF's and pazar's steps are wrapped with timers, and the mean wall milliseconds of each
step are printed (steps nest: "dispatch" holds "token", "count and page", ...). What bench/NOTES.md
says about where the time goes was measured this way.
"""

import collections
import os
import sys
import time

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pazar.settings")
django.setup()

import psycopg  # noqa: E402
from django.core.handlers import base  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework import generics, views  # noqa: E402

from pazar.conversations import builders as conversation_builders  # noqa: E402
from pazar.core import authentication  # noqa: E402
from pazar.core.rows import RowsBy  # noqa: E402
from pazar.orders import builders as order_builders  # noqa: E402

TIMES: dict[str, float] = collections.defaultdict(float)


def timed(owner, name: str, label: str) -> None:
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            TIMES[label] += time.perf_counter() - started

    setattr(owner, name, wrapper)


timed(base.BaseHandler, "get_response", "1 Django handler, all of it")
timed(views.APIView, "dispatch", "2 DRF dispatch")
timed(views.APIView, "initial", "3 authentication, permissions, throttles")
timed(authentication.TokenAuthentication, "authenticate_credentials", "3a token")
timed(generics.GenericAPIView, "filter_queryset", "4 filters")
timed(generics.GenericAPIView, "paginate_queryset", "5 count and page")
timed(conversation_builders.ConversationBuilder, "build", "6 nested objects and building")
timed(conversation_builders.PublicConversationBuilder, "build", "6 nested objects and building")
timed(order_builders.OrderBuilder, "build", "6 nested objects and building")
timed(RowsBy, "_fetch", "6a nested statements")


def endpoints() -> dict:
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        meta = conn.execute("SELECT value FROM bench_meta WHERE key = 'meta'").fetchone()[0]
    shopper = meta["tokens"][str(meta["readers"][0])]
    seller = meta["tokens"][str(meta["seller_user"])]
    return {
        "orders": ("/users/orders/?limit=12", shopper),
        "order": (f"/users/orders/{meta['hot_orders'][0]}/", shopper),
        "conversations": ("/users/conversations/?limit=20", shopper),
        "inbox": ("/api/v1/remote/1/conversations/?limit=20", seller),
        "reviews": (f"/public-reviews/?product={meta['hot_product']}&limit=20", None),
        "health": ("/health/", None),
    }


def main() -> None:
    known = endpoints()
    client = Client(HTTP_HOST="127.0.0.1")
    for name in sys.argv[1:] or list(known):
        path, token = known[name]
        headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
        for _ in range(10):
            assert client.get(path, **headers).status_code == 200
        TIMES.clear()
        started = time.perf_counter()
        for _ in range(100):
            client.get(path, **headers)
        print(f"{name}: {(time.perf_counter() - started) * 10:.2f} ms a request ({path})")
        for label in sorted(TIMES):
            print(f"  {label:44s} {TIMES[label] * 10:7.2f}")


if __name__ == "__main__":
    main()
