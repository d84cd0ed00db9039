"""A response serializer's field list as a builder reads it: names, row keys and converters, in order.

The response serializers are schema declarations (pazar/core/builders.py); a builder keeps their
field list as the one list of names and order by rendering through a `Plan`: each plain column is
read from the row under its key and converted by the declaration's own field object (or taken as
read when the database driver already answers the JSON value), and each declared field (a nested
object, a label, a flag) is one the builder computes.
"""

import decimal

from rest_framework import serializers
from rest_framework.fields import BooleanField, CharField, EmailField, IntegerField, JSONField, SlugField, URLField
from rest_framework.relations import RelatedField
from rest_framework.settings import api_settings

from pazar.core.serializers import datetime_text, shared

COMPUTED = object()

# Fields whose to_representation gives back the value the database driver already returns
# (str(a str), int(an int), a bool, a parsed JSON value): taken as read, on most fields of a page.
_AS_READ = {CharField, EmailField, URLField, SlugField, IntegerField, BooleanField}


class Plan:
    """`Plan(Serializer)`: `columns` to read, `render(row, computed)` → the declaration's dict."""

    def __init__(self, serializer_class, *, prefix: str = ""):
        self.serializer_class = serializer_class
        fields = shared(serializer_class).fields
        # A ModelSerializer's declared fields are the computed ones (its columns are generated from the
        # model); a plain Serializer declares everything, and only its method fields and nested
        # serializers are computed.
        if issubclass(serializer_class, serializers.ModelSerializer):
            declared = serializer_class._declared_fields
        else:
            declared = {
                name
                for name, field in fields.items()
                if isinstance(field, serializers.SerializerMethodField | serializers.BaseSerializer)
            }
        steps = []
        for name, field in fields.items():
            if isinstance(field, RelatedField):
                steps.append((name, field.source, None))  # the id, as PrimaryKeyRelatedField answers it
            elif name in declared or field.source == "*":
                steps.append((name, None, COMPUTED))
            elif type(field) in _AS_READ or (type(field) is JSONField and not field.binary):
                steps.append((name, field.source, None))  # the database's value is already the answer
            else:
                steps.append((name, field.source, decimal_text(field) or datetime_text(field)))
        self.columns = list(dict.fromkeys(key for _name, key, convert in steps if convert is not COMPUTED))
        self.computed = [name for name, _key, convert in steps if convert is COMPUTED]
        self.fields = fields
        # the row's keys carry the prefix of a joined table (`easy_return__code`), written once here
        self.steps = [(name, None if key is None else prefix + key, convert) for name, key, convert in steps]

    def render(self, row: dict, computed: dict) -> dict:
        out = {}
        for name, key, convert in self.steps:
            if convert is None:
                out[name] = row[key]
            elif convert is COMPUTED:
                out[name] = computed[name]
            else:
                value = row[key]
                out[name] = None if value is None else convert(value)
        return out


def decimal_text(field):
    """`field.to_representation` of a DecimalField for the builders, which convert ~200 amounts a
    page: DRF copies the thread's decimal context and raises 0.1 to the field's places on every
    value; here both are made once. The same text (the default context's rounding and traps, the
    field's precision); None when the field is not a plain decimal-as-string field."""
    if (
        type(field) is not serializers.DecimalField
        or field.decimal_places is None
        or field.localize
        or field.normalize_output
        or not getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
    ):
        return None
    exponent = decimal.Decimal(".1") ** field.decimal_places
    context = decimal.Context(prec=field.max_digits) if field.max_digits is not None else decimal.Context()
    rounding, slow = field.rounding, field.to_representation

    def convert(value):
        if type(value) is not decimal.Decimal:
            return slow(value)
        return f"{value.quantize(exponent, rounding=rounding, context=context):f}"

    return convert
