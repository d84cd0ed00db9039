"""A plan's converters answer what the declaration's fields answer."""

import decimal
from decimal import Decimal

import pytest
from rest_framework import serializers

from pazar.core.plans import decimal_text


@pytest.mark.parametrize("value", ["10.50", "0.01", "-3.455", "3.445", "12", "0", "9999999999.99", "1E+2", "7.1250"])
def test_decimal_text_is_drfs_text(value):
    for field in (
        serializers.DecimalField(max_digits=12, decimal_places=2),
        serializers.DecimalField(max_digits=14, decimal_places=3),
        serializers.DecimalField(max_digits=None, decimal_places=2),
    ):
        assert decimal_text(field)(Decimal(value)) == field.to_representation(Decimal(value))
    assert decimal_text(serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)) is None
    too_long = serializers.DecimalField(max_digits=4, decimal_places=2)
    for convert in (decimal_text(too_long), too_long.to_representation):
        with pytest.raises(decimal.InvalidOperation):
            convert(Decimal("123.45"))
