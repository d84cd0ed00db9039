"""The read paths' datetime text is DRF's DateTimeField text, value for value."""

import datetime
import zoneinfo

import pytest
from rest_framework import serializers

from pazar.core.serializers import datetime_text

UTC = datetime.UTC
ISTANBUL = zoneinfo.ZoneInfo("Europe/Istanbul")


@pytest.mark.parametrize(
    "value",
    [
        datetime.datetime(2026, 11, 30, 21, 5, 7, 123456, tzinfo=UTC),
        datetime.datetime(2026, 11, 30, 23, 59, 59, tzinfo=ISTANBUL),  # another zone, no microseconds
        datetime.datetime(1, 1, 2, tzinfo=UTC),
        datetime.datetime(2026, 1, 1, 12, 0),  # naive: DRF's own handling
        "2026-01-01T00:00:00Z",  # already text
        None,
    ],
)
def test_same_text_as_drf(value):
    field = serializers.DateTimeField()
    fast = datetime_text(field)
    assert fast is not field.to_representation  # the fast path is in use for the default field
    assert fast(value) == field.to_representation(value)


def test_a_field_with_its_own_format_or_zone():
    value = datetime.datetime(2026, 11, 30, 22, 30, tzinfo=UTC)
    formatted = serializers.DateTimeField(format="%d.%m.%Y %H")
    assert datetime_text(formatted)(value) == formatted.to_representation(value) == "30.11.2026 22"
    for own in (serializers.DateTimeField(default_timezone=ISTANBUL), serializers.DateTimeField(format="iso-8601")):
        assert datetime_text(own) == own.to_representation  # DRF's method itself
