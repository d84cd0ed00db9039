"""gunicorn settings for production: sized for the machine, bound from the environment."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
max_requests = 5000
max_requests_jitter = 500
# LOG_FORMAT=json: the app logs one JSON line per request (with its id), so gunicorn's own line is off.
accesslog = None if os.environ.get("LOG_FORMAT") == "json" else "-"


def post_worker_init(worker):
    """Move what loading the app allocated out of the garbage collector's reach.

    Django, DRF and the URL configuration leave a few hundred thousand long-lived objects that every
    full collection would otherwise walk again; frozen, they are never walked, so a collection costs
    what the request allocated.
    """
    import gc

    gc.freeze()


def child_exit(server, worker):
    """Drop a dead worker's live gauges from the shared metrics directory (its counters are kept)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
