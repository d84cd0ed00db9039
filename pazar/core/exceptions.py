"""One exception handler rendering every error in the seeds' shapes."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class DomainError(exceptions.APIException):
    """A business rule refused the request: 406 {"non_field_errors": msg, "error_code": code}.

    Services raise it with a code from their app's `error_codes.py`.
    """

    status_code = status.HTTP_406_NOT_ACCEPTABLE
    default_detail = _("The request cannot be fulfilled.")
    default_code = "domain_error"

    def __init__(self, error_code: str, message=None, status_code: int | None = None):
        self.error_code = error_code
        if status_code is not None:
            self.status_code = status_code
        super().__init__(detail=message or self.default_detail, code=error_code)


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
            {"non_field_errors": str(exc.detail), "error_code": exc.error_code},
            status=exc.status_code,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    return response
