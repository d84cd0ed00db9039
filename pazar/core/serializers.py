"""Serializer helpers shared by the apps."""

import datetime
import functools

from django.conf import settings
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings


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
