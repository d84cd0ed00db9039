"""Endpoints that belong to no domain: health, CSRF token, JSON error pages."""

import sys

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import connection
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

UNICODE = {"ensure_ascii": False}


@extend_schema(
    tags=["system"],
    responses={
        200: inline_serializer("Health", {"status": serializers.CharField()}),
        503: OpenApiResponse(description="The database is unreachable."),
    },
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def health(request):
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return Response({"status": "unavailable"}, status=503)
    return Response({"status": "ok"})


@extend_schema(
    tags=["system"],
    responses={
        200: inline_serializer(
            "Readiness",
            {
                "status": serializers.CharField(),
                "checked_at": serializers.CharField(),
                "checks": serializers.DictField(),
            },
        ),
        503: OpenApiResponse(description="A check is failing: the same body, `status` is `unavailable`."),
    },
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def health_ready(request):
    """Readiness: database, read replicas, Redis, broker, worker heartbeat, outbox backlog; 503 when one is
    failing, 200 "degraded" when a replica is down or lagging."""
    from pazar.core.readiness import run_checks

    ready, body = run_checks()
    return Response(body, status=200 if ready else 503, headers={"Cache-Control": "no-store"})


@extend_schema(
    tags=["auth"],
    responses={200: inline_serializer("CsrfToken", {"csrf_token": serializers.CharField()})},
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def csrf_token(request):
    """Return a CSRF token and set the `csrftoken` cookie."""
    return Response({"csrf_token": get_token(request)})


def csrf_failure(request, reason=""):
    """Django-level CSRF refusals in DRF's 403 shape."""
    return JsonResponse(
        {"detail": _("CSRF Failed: %(reason)s") % {"reason": reason}}, status=403, json_dumps_params=UNICODE
    )


@csrf_exempt
def not_found(request, exception=None):
    """JSON 404 for paths no route matches."""
    return JsonResponse({"detail": _("Not found.")}, status=404, json_dumps_params=UNICODE)


ADMIN_PREFIX = "/admin/"


def bad_request(request, exception=None):
    """JSON 400 for what Django refuses before any view answers (an unknown Host, too many fields, a huge body).

    Django renders a SuspiciousOperation with this handler when DEBUG is off; the answer names the
    kind of problem only, never the header or the data that caused it.
    """
    if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        detail = _("The request has too many fields.")
    elif isinstance(exception, RequestDataTooBig):
        detail = _("The request body is too large.")
    else:
        detail = _("Bad request.")
    return JsonResponse({"detail": detail}, status=400, json_dumps_params=UNICODE)


def permission_denied(request, exception=None):
    """JSON 403 for Django-level refusals; the admin keeps Django's page, which staff read in a browser."""
    if request.path.startswith(ADMIN_PREFIX):
        from django.views.defaults import permission_denied as html_permission_denied

        return html_permission_denied(request, exception)
    return JsonResponse(
        {"detail": _("You do not have permission to perform this action.")}, status=403, json_dumps_params=UNICODE
    )


def _backend_unavailable(exc: BaseException | None) -> bool:
    """Whether the failure is the database or Redis being unreachable (a restart, a failover)."""
    from django.db import InterfaceError, OperationalError

    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is a pinned dependency
        RedisConnectionError = RedisTimeoutError = OperationalError  # noqa: N806
    return isinstance(exc, (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError))


def server_error(request):
    """JSON 500 without a stack trace; 503 with Retry-After when a backing service is unreachable.

    Django calls this while handling the exception, so `sys.exc_info()` names it. A database or
    Redis outage is temporary and says so: clients and load balancers may retry.
    """
    if _backend_unavailable(sys.exc_info()[1]):
        response = JsonResponse(
            {"detail": _("The service is temporarily unavailable. Please try again.")},
            status=503,
            json_dumps_params=UNICODE,
        )
        response["Retry-After"] = "5"
        return response
    return JsonResponse({"detail": _("A server error occurred.")}, status=500, json_dumps_params=UNICODE)
