"""OpenAPI error responses of the accounts endpoints (the top ones and the lifecycle's)."""

from drf_spectacular.utils import OpenApiResponse

ERROR_400 = OpenApiResponse(description='Field errors: {"field": ["message"]} or {"non_field_errors": [...]}')
ERROR_429 = OpenApiResponse(description='Too many attempts: {"detail": "..."}')
ERROR_403 = OpenApiResponse(description='Not logged in, or a session write without CSRF: {"detail": "..."}')
