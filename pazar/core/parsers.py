"""The JSON request parser: DRF's, with nesting bounded so no body can exhaust the stack."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# Deeper than any body of the API needs (the deepest, a bulk cancellation, is 4 levels).
JSON_MAX_DEPTH = 32


def json_depth_exceeds(value, limit: int = JSON_MAX_DEPTH) -> bool:
    """Whether `value` nests lists and objects more than `limit` deep (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class JSONParser(parsers.JSONParser):
    """400, not a RecursionError, for a body nested beyond JSON_MAX_DEPTH."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            too_deep = True
        else:
            too_deep = json_depth_exceeds(data)
        if too_deep:
            raise ParseError(
                _("JSON parse error - nested more than %(depth)d levels deep.") % {"depth": JSON_MAX_DEPTH}
            )
        return data
