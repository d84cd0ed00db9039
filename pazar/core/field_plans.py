"""A response serializer's field list as a builder reads it: names, row keys and converters, in order.

The response serializers are schema declarations (pazar/core/builders.py); a builder keeps their
field list as the one list of names and order by rendering through a `Plan`: each plain column is
read from the row under its key and converted by the declaration's own field object (or taken as
read when the database driver already answers the JSON value), and each declared field (a nested
object, a label, a flag) is one the builder computes.

A builder says, for each field it computes, which of the row's columns the computation reads
(`reads=`); the plan checks that these are exactly the declaration's computed fields (naming a
missing or unknown one), and its `columns` are then everything a builder's statement reads: the
plain fields' columns and the computed fields' reads, so no builder keeps its own column list. A
plain field named in `reads` is computed too (a message's text, masked by the builder).
"""

import decimal
import operator

from django.core.exceptions import ImproperlyConfigured
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

    def __init__(self, serializer_class, *, prefix: str = "", reads: dict[str, tuple] | None = None):
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
                steps.append((name, _key(field), None))  # the id, as PrimaryKeyRelatedField answers it
            elif name in declared or field.source == "*" or (reads is not None and name in reads):
                steps.append((name, None, COMPUTED))
            elif type(field) in _AS_READ or (type(field) is JSONField and not field.binary):
                steps.append((name, _key(field), None))  # the database's value is already the answer
            else:
                steps.append((name, _key(field), decimal_text(field) or datetime_text(field)))
        self.columns = list(dict.fromkeys(key for _name, key, convert in steps if convert is not COMPUTED))
        self.computed = [name for name, _key, convert in steps if convert is COMPUTED]
        if reads is not None:
            missing = [name for name in self.computed if name not in reads]
            unknown = [name for name in reads if name not in fields]
            if missing or unknown:
                raise ImproperlyConfigured(
                    f"{serializer_class.__name__}: the builder computes no {missing} (say what each reads), "
                    f"and {unknown} are not declared"
                )
            self.columns = list(dict.fromkeys([*self.columns, *(key for name in self.computed for key in reads[name])]))
        self.fields = fields
        self._attributes = [
            (name, None if convert is COMPUTED else _attribute(field), convert)
            for (name, _key, convert), field in zip(steps, fields.values(), strict=True)
        ]
        # the row's keys carry the prefix of a joined table (`easy_return__code`), written once here
        self.steps = [(name, None if key is None else prefix + key, convert) for name, key, convert in steps]
        # render(row, computed) -> the declaration's dict: the steps written out once as one dict
        # display (each row of every page is rendered, so no per-field branching at run time).
        self.render = _compiled(self.steps)

    @property
    def own_columns(self) -> list[str]:
        """The columns of the plan's own table (a statement's names)."""
        return [key for key in self.columns if "__" not in key]

    @property
    def joined(self) -> dict[str, list[str]]:
        """The columns a dotted source reads of a table one foreign key away (a statement's `related`)."""
        found: dict[str, list[str]] = {}
        for key in self.columns:
            if "__" in key:
                rel, name = key.split("__", 1)
                found.setdefault(rel, []).append(name)
        return found

    def render_object(self, obj, computed: dict | None = None) -> dict:
        """The declaration's dict from an object's attributes (each plain field's `source`, dotted
        through related objects; a related field's id), for a write's answer built from the saved
        instances."""
        out = {}
        for name, get, convert in self._attributes:
            if convert is COMPUTED:
                out[name] = computed[name]
                continue
            value = get(obj)
            out[name] = value if convert is None or value is None else convert(value)
        return out


def _compiled(steps):
    """A function building the dict the steps describe: a read value, a converted one or a computed
    one per declared field, in the declaration's order."""
    namespace, items = {}, []
    for n, (name, key, convert) in enumerate(steps):
        if convert is None:
            value = f"row[{key!r}]"
        elif convert is COMPUTED:
            value = f"computed[{name!r}]"
        else:
            namespace[f"convert_{n}"] = convert
            value = f"(None if (v_{n} := row[{key!r}]) is None else convert_{n}(v_{n}))"
        items.append(f"{name!r}: {value}")
    exec(f"def render(row, computed):\n    return {{{', '.join(items)}}}\n", namespace)  # noqa: S102
    return namespace["render"]


def _key(field) -> str:
    """The row key of a plain field: its source, a dotted one as `values()` names it (`order__number`)."""
    return field.source.replace(".", "__")


def _attribute(field):
    """What reads a plain field's value from an object: its source, a related field's id."""
    if isinstance(field, RelatedField) and "." not in field.source:
        return operator.attrgetter(f"{field.source}_id")
    return operator.attrgetter(field.source)


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
