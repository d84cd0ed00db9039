"""Endpoints that belong to no domain: health, CSRF token, JSON error pages."""

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


def server_error(request):
    """JSON 500 without a stack trace."""
    return JsonResponse({"detail": _("A server error occurred.")}, status=500, json_dumps_params=UNICODE)
