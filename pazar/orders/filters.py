"""Query-string filters of the order and reason lists."""

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from pazar.core.filters import SmallIntegerInFilter, utc
from pazar.orders.models import CancellationReason, CancellationType, Order


class DateOrDateTimeField(forms.Field):
    """`2024-10-24` or `2024-10-24T09:32:05Z`: a date stays a date, so `__lte` can take the whole day."""

    default_error_messages = {"invalid": _("Enter a date (YYYY-MM-DD) or an ISO 8601 date and time.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        try:
            parsed = parse_date(value) or parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(parsed, datetime):
            parsed = utc(parsed, self.error_messages["invalid"])
        return parsed


@extend_schema_field(OpenApiTypes.DATETIME)
class CreatedDateFilter(django_filters.Filter):
    """`created_date__gte` / `__lte` with a date or a datetime; a date `__lte` includes that day."""

    field_class = DateOrDateTimeField

    def filter(self, qs, value):
        if value is None:
            return qs
        if isinstance(value, datetime):
            return qs.filter(**{f"{self.field_name}__{self.lookup_expr}": value})
        start = timezone.make_aware(datetime.combine(value, time.min))
        if self.lookup_expr == "lte":
            return qs.filter(**{f"{self.field_name}__lt": start + timedelta(days=1)})
        return qs.filter(**{f"{self.field_name}__gte": start})


class OrderFilter(django_filters.FilterSet):
    """`created_date__gte`, `created_date__lte`, `status` (one code or several, comma-separated), `number`."""

    created_date__gte = CreatedDateFilter(field_name="created_date", lookup_expr="gte")
    created_date__lte = CreatedDateFilter(field_name="created_date", lookup_expr="lte")
    status = SmallIntegerInFilter(field_name="status", lookup_expr="in")
    number = django_filters.CharFilter(field_name="number")

    class Meta:
        model = Order
        fields = ["created_date__gte", "created_date__lte", "status", "number"]


class CancellationReasonFilter(django_filters.FilterSet):
    """`cancellation_type=cancel|refund`."""

    cancellation_type = django_filters.ChoiceFilter(choices=CancellationType.choices)

    class Meta:
        model = CancellationReason
        fields = ["cancellation_type"]
