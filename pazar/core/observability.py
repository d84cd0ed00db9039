"""Request ids, the JSON request log line and the request metrics: what an operator watches."""

import contextvars
import logging
import os
import re
import time

from django.conf import settings

from pazar.core import metrics
from pazar.core.net import client_ip

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("pazar_request_id", default="")
REQUEST_ID_HEADER = "X-Request-ID"
# A caller's id is kept when it is a plain token (a load balancer's, a trace id); anything else is replaced.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
request_logger = logging.getLogger("pazar.request")


def get_request_id() -> str:
    """The id of the request (or of the task started by one) being handled, "" outside of both."""
    return request_id_var.get()


def new_request_id() -> str:
    return os.urandom(16).hex()


class RequestIdLogFilter(logging.Filter):
    """Adds `request_id` to every log record, so a task's or a query's lines can be matched with the request."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = request_id_var.get() or None
        return True


def _route(request) -> str:
    """The URL pattern that served the request (bounded: never the raw path, so metrics stay small)."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        if match.url_name == "not-found":
            return "not-found"
        return "/" + (match.route or "")
    if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return "static"
    return "unmatched"


class RequestObservabilityMiddleware:
    """Take or make the request id, echo it, time the request, count it and log one line for it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.log_requests = settings.REQUEST_LOG

    def __call__(self, request):
        started = time.perf_counter()
        # META, not request.headers: building the headers mapping costs more than the rest of this.
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else new_request_id()
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        duration = time.perf_counter() - started
        response[REQUEST_ID_HEADER] = request_id
        route = _route(request)
        metrics.observe_request(route=route, method=request.method, status=response.status_code, seconds=duration)
        if self.log_requests:
            user = getattr(request, "user", None)
            request_logger.info(
                "%s %s %s",
                request.method,
                route,
                response.status_code,
                extra={
                    "request_id": request_id,
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                    "method": request.method,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": round(duration * 1000, 2),
                    "ip": client_ip(request),
                },
            )
        return response


def celery_publish_request_id(headers=None, **kwargs):
    """Celery `before_task_publish`: a task queued while handling a request carries its id."""
    request_id = request_id_var.get()
    if headers is not None and request_id and not headers.get("pazar_request_id"):
        headers["pazar_request_id"] = request_id


_task_tokens: dict[str, contextvars.Token] = {}


def celery_task_prerun(task_id=None, task=None, **kwargs):
    """Celery `task_prerun`: the task's log lines and the notifications it writes carry the request's id."""
    request_id = getattr(task.request, "pazar_request_id", None) if task is not None else None
    if request_id is None and task is not None:
        request_id = (getattr(task.request, "headers", None) or {}).get("pazar_request_id")
    if request_id and task_id:
        _task_tokens[task_id] = request_id_var.set(request_id)


def celery_task_postrun(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None) if task_id else None
    if token is not None:
        request_id_var.reset(token)


def connect_celery_signals() -> None:
    from celery import signals

    signals.before_task_publish.connect(celery_publish_request_id, weak=False)
    signals.task_prerun.connect(celery_task_prerun, weak=False)
    signals.task_postrun.connect(celery_task_postrun, weak=False)
