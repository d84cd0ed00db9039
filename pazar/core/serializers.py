"""Serializer helpers shared by the apps."""

import datetime
import functools
import math

from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings
from rest_framework.validators import ProhibitSurrogateCharactersValidator


@functools.cache
def shared(serializer_class: type[serializers.BaseSerializer]) -> serializers.BaseSerializer:
    """One context-free instance per serializer class, its fields built on first use and kept."""
    return serializer_class()


def represent(serializer_class: type[serializers.BaseSerializer], instance) -> dict:
    """`serializer_class(instance).data` without building the serializer again.

    Building a ModelSerializer introspects its model and creates every field: about a millisecond
    each time, which a list paid once per nested object (each message's author, each item's
    product). The fields are built once per class here and reused; to_representation keeps no
    state, so one instance serves every call. Only for serializers that need no context.
    """
    return shared(serializer_class).to_representation(instance)


def datetime_text(field: serializers.DateTimeField):
    """`field.to_representation` for the read paths, which convert hundreds of datetimes a page.

    DRF looks the current time zone up for every value (a thread-local read through asgiref); pazar
    never activates a time zone other than settings.TIME_ZONE, so the default zone is used here,
    looked up once. The same text for the same value (a test compares the two); a field with its
    own time zone or the ISO 8601 format, or a naive or textual value, goes through DRF's method.
    """
    fmt = getattr(field, "format", api_settings.DATETIME_FORMAT)
    if type(field) is not serializers.DateTimeField or hasattr(field, "timezone") or not fmt:
        return field.to_representation
    if fmt.lower() == ISO_8601 or not settings.USE_TZ:
        return field.to_representation
    zone = timezone.get_default_timezone()
    slow = field.to_representation

    def convert(value):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            return value.astimezone(zone).strftime(fmt)
        return slow(value)

    return convert


# The widest integer a free JSON value may hold: what a 64-bit column or client can read back.
JSON_INT_MAX = 2**63 - 1


def json_value_problem(value) -> str | None:
    """Why a free JSON value cannot be stored and read back, or None.

    What text fields refuse (NUL, which PostgreSQL refuses in jsonb; lone surrogates, which are
    not UTF-8), in keys and values at any depth, with Django's and DRF's own messages; and numbers
    that JSON cannot carry: infinities and NaN (`1e400` parses as infinity), integers past 64 bits.
    """
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str):
            if "\x00" in node:
                return str(ProhibitNullCharactersValidator.message)
            surrogate = next((char for char in node if "\ud800" <= char <= "\udfff"), None)
            if surrogate is not None:
                return str(ProhibitSurrogateCharactersValidator.message).format(code_point=ord(surrogate))
        elif isinstance(node, float):
            if not math.isfinite(node):
                return str(JSON_NUMBER_MESSAGE)
        elif isinstance(node, int) and not isinstance(node, bool) and abs(node) > JSON_INT_MAX:
            return str(JSON_NUMBER_MESSAGE)
    return None


JSON_NUMBER_MESSAGE = _("Numbers must be finite, and integers at most 64 bits.")
