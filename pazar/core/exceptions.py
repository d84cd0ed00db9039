"""DomainError (a business rule said no, with its code) and the one handler rendering errors as the seeds do."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class DomainError(Exception):
    """A business rule refused what was asked: a code from an app's `error_codes.py` and a message.

    It knows nothing of HTTP. The API's exception handler below answers it as the platform does,
    `406 {"non_field_errors": message, "error_code": code}` (or `status_code` when a service names
    another); the admin shows its message to staff.
    """

    status_code = status.HTTP_406_NOT_ACCEPTABLE
    default_message = _("The request cannot be fulfilled.")

    def __init__(self, error_code: str, message=None, status_code: int | None = None):
        self.error_code = error_code
        self.message = message or self.default_message
        if status_code is not None:
            self.status_code = status_code
        super().__init__(error_code, self.message)

    def __str__(self) -> str:
        return str(self.message)


class ErrorCode:
    """A documented business error: its code and its (translatable) message."""

    def __init__(self, code: str, message):
        self.code = code
        self.message = message

    def error(self, message=None, status_code: int | None = None) -> DomainError:
        return DomainError(self.code, message or self.message, status_code=status_code)


def exception_handler(exc, context):
    """DRF's handler, plus the domain-error body and a JSON 404/403 for Django's own errors."""
    if isinstance(exc, DomainError):
        return Response(
            {"non_field_errors": str(exc), "error_code": exc.error_code},
            status=exc.status_code,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    return response
