"""A response serializer's field list as a builder reads it: names, row keys and converters, in order.

The response serializers are schema declarations (pazar/core/builders.py); a builder keeps their
field list as the one list of names and order by rendering through a `Plan`: each plain column is
read from the row under its key and converted by the declaration's own field object (or taken as
read when the database driver already answers the JSON value), and each declared field (a nested
object, a label, a flag) is one the builder computes.
"""

from rest_framework import serializers
from rest_framework.fields import BooleanField, CharField, EmailField, IntegerField, JSONField, SlugField, URLField
from rest_framework.relations import RelatedField

from pazar.core.serializers import datetime_text, shared

COMPUTED = object()

# Fields whose to_representation gives back the value the database driver already returns
# (str(a str), int(an int), a bool, a parsed JSON value): taken as read, on most fields of a page.
_AS_READ = {CharField, EmailField, URLField, SlugField, IntegerField, BooleanField}


class Plan:
    """`Plan(Serializer)`: `columns` to read, `render(row, computed)` → the declaration's dict, its
    keys in the declaration's order."""

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
                steps.append((name, field.source, datetime_text(field)))
        self.columns = list(dict.fromkeys(key for _name, key, convert in steps if convert is not COMPUTED))
        self.computed = [name for name, _key, convert in steps if convert is COMPUTED]
        self.fields = fields
        # the row's keys carry the prefix of a joined table (`easy_return__code`), written once here
        self.steps = [(name, None if key is None else prefix + key, convert) for name, key, convert in steps]
        self.render = self._compile()

    def _compile(self):
        """`render(row, computed)` as one dict display, written once per plan: no loop nor branch per
        value (a page of orders renders some 1,500). The names are the declaration's and travel as
        string literals; the converters are passed in, not written."""
        namespace: dict = {}
        entries = []
        for position, (name, key, convert) in enumerate(self.steps):
            if convert is None:
                entries.append(f"{name!r}: row[{key!r}]")
            elif convert is COMPUTED:
                entries.append(f"{name!r}: computed[{name!r}]")
            else:
                namespace[f"convert_{position}"] = convert
                entries.append(f"{name!r}: None if (v := row[{key!r}]) is None else convert_{position}(v)")
        source = "def render(row, computed):\n    return {" + ", ".join(entries) + "}\n"
        exec(source, namespace)  # noqa: S102 - the source holds only the literals and names above
        return namespace["render"]
