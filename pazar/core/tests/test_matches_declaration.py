"""`assert_matches_declaration` (pazar/core/testing.py) checks a body's keys against its declaration."""

import pytest
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pazar.core.testing import assert_matches_declaration


class _Tag(serializers.Serializer):
    """A nested object."""

    name = serializers.CharField()


class _Item(serializers.Serializer):
    """An object with nested ones: a serializer, a list of them, an annotated method field."""

    id = serializers.IntegerField()
    tag = _Tag(allow_null=True)
    tags = _Tag(many=True)
    best = serializers.SerializerMethodField()
    extra = serializers.JSONField()

    @extend_schema_field(_Tag(allow_null=True))
    def get_best(self, obj): ...


GOOD = {"id": 1, "tag": {"name": "a"}, "tags": [{"name": "b"}], "best": None, "extra": {"free": 1}}


def test_a_body_with_the_declared_keys_matches():
    assert_matches_declaration(GOOD, _Item)
    assert_matches_declaration([GOOD, {**GOOD, "tag": None, "best": {"name": "c"}}], _Item)


@pytest.mark.parametrize(
    "body",
    [
        {k: v for k, v in GOOD.items() if k != "extra"},
        {**GOOD, "more": 1},
        {**GOOD, "tag": {"name": "a", "more": 1}},
        {**GOOD, "tags": [{"name": "b"}, {}]},
        {**GOOD, "best": {"title": "c"}},
        dict(reversed(GOOD.items())),
    ],
    ids=["missing", "extra", "nested extra", "list item", "method field", "order"],
)
def test_a_missing_extra_or_misplaced_key_fails_at_any_depth(body):
    with pytest.raises(AssertionError):
        assert_matches_declaration(body, _Item)
