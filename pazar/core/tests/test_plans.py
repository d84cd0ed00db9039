"""A plan renders a declaration: its columns, its computed fields' reads, and converters that answer
what the declaration's fields answer."""

import decimal
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers

from pazar.core.field_plans import Plan, decimal_text


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


class _Line(serializers.Serializer):
    """A declaration of plain fields, one computed field, a dotted source and a related id."""

    id = serializers.IntegerField()
    order_number = serializers.CharField(source="order.number")
    price = serializers.DecimalField(max_digits=12, decimal_places=2)
    label = serializers.SerializerMethodField()

    def get_label(self, line) -> str: ...


def test_a_plan_reads_the_plain_columns_and_what_each_computed_field_reads():
    plan = Plan(_Line, reads={"label": ("status", "price")})

    assert plan.columns == ["id", "order__number", "price", "status"]
    assert plan.computed == ["label"]
    row = {"id": 1, "order__number": "N1", "price": Decimal("3.5"), "status": "200"}
    assert plan.render(row, {"label": "Waiting"}) == {
        "id": 1,
        "order_number": "N1",
        "price": "3.50",
        "label": "Waiting",
    }


def test_a_plain_field_named_in_reads_is_computed():
    plan = Plan(_Line, reads={"label": (), "price": ("price", "quantity")})

    assert plan.computed == ["price", "label"]
    assert plan.render({"id": 1, "order__number": "N1"}, {"price": "x", "label": "y"})["price"] == "x"


@pytest.mark.parametrize(
    ("reads", "named"),
    [({}, "label"), ({"label": (), "colour": ()}, "colour")],
    ids=["a computed field without its reads", "reads of an undeclared field"],
)
def test_reads_that_do_not_match_the_declaration_fail_naming_the_field(reads, named):
    with pytest.raises(ImproperlyConfigured, match=named):
        Plan(_Line, reads=reads)


def test_render_object_reads_each_source_and_a_related_fields_id():
    class Created(serializers.Serializer):
        id = serializers.IntegerField(source="line.pk")
        order = serializers.PrimaryKeyRelatedField(read_only=True)
        price = serializers.DecimalField(max_digits=12, decimal_places=2, source="line.price")

    obj = SimpleNamespace(order_id=7, line=SimpleNamespace(pk=3, price=Decimal("2")))

    assert Plan(Created).render_object(obj) == {"id": 3, "order": 7, "price": "2.00"}
