"""Query-string filters shared by the lists, and the filter backend every list uses.

Ids are whole numbers within the database's range.

django-filter's NumberFilter takes any decimal (`3.7`, `4e272`); a value beyond a column's range
would reach the database and fail there. These refuse it as a 400 on the parameter instead.
"""

import functools

import django_filters
from django import forms
from django_filters import rest_framework as rest_framework_filters

MAX_BIGINT = 2**63 - 1
MAX_SMALLINT = 2**15 - 1


class IdFilter(django_filters.Filter):
    """An object id: an integer from 1 to the largest bigint."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_BIGINT)
        super().__init__(*args, **kwargs)


class SmallIntegerInFilter(django_filters.BaseInFilter, django_filters.Filter):
    """A comma-separated list of small integers (`status=200,550`)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_SMALLINT)
        super().__init__(*args, **kwargs)


class UtcIsoDateTimeField(forms.DateTimeField):
    """An ISO 8601 datetime turned into UTC in Python.

    Python accepts offsets up to ±23:59 while PostgreSQL refuses more than ±15:59; converting first
    means any offset Python parses reaches the database as a plain UTC time. A date too close to
    year 1 or 9999 to convert is a validation error, not a 500.
    """

    input_formats = [django_filters.fields.IsoDateTimeField.ISO_8601]

    def strptime(self, value, format):
        return django_filters.fields.IsoDateTimeField().strptime(value, format)

    def to_python(self, value):
        parsed = super().to_python(value)
        return utc(parsed, self.error_messages["invalid"]) if parsed is not None else None


def utc(value, message):
    """`value` (aware or naive, in the current time zone) in UTC; out of range → ValidationError."""
    from datetime import UTC

    from django.utils import timezone

    try:
        aware = value if timezone.is_aware(value) else timezone.make_aware(value)
        return aware.astimezone(UTC)
    except (OverflowError, ValueError):
        raise forms.ValidationError(message, code="invalid")


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """`created_date__gte=2024-10-24T09:32:05+03:00`, compared in UTC."""

    field_class = UtcIsoDateTimeField


class DjangoFilterBackend(rest_framework_filters.DjangoFilterBackend):
    """django-filter's backend, binding only the filters the query string names.

    A FilterSet copies every filter and builds a form field for each on every request, though a
    filter whose parameter is absent changes nothing, so a list's cost must not grow with the
    filters it offers but only with those a request names. The FilterSet used here is the view's own
    class with `base_filters` narrowed to the filters whose name starts a query parameter (`name`,
    or `name_min`-style keys of two-part widgets; required filters are always kept), so validation,
    errors and results are the same; the schema still documents every filter (drf-spectacular reads
    the view's class, not this).
    """

    def get_filterset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return None
        kwargs = self.get_filterset_kwargs(request, queryset, view)
        keys = list(kwargs["data"].keys())
        present = frozenset(
            name
            for name, found in filterset_class.base_filters.items()
            if found.extra.get("required") or any(key == name or key.startswith(f"{name}_") for key in keys)
        )
        return _narrowed(filterset_class, present)(**kwargs)


@functools.lru_cache(maxsize=512)
def _narrowed(filterset_class, present: frozenset):
    if len(present) == len(filterset_class.base_filters):
        return filterset_class
    narrowed = type(filterset_class.__name__, (filterset_class,), {"__module__": filterset_class.__module__})
    narrowed.base_filters = {name: found for name, found in filterset_class.base_filters.items() if name in present}
    return narrowed
