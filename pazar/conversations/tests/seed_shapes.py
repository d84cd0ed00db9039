"""The shapes seeds 000 and 001 show: each response's keys, their order and their values' types.

This is the one copy of the seed documents' shapes in the tests: the declarations are checked
against it (test_seed_declarations.py), and every other test checks a response against its
declaration (`pazar.core.testing.assert_matches_declaration`). What pazar adds to a seed's shape
is named in test_seed_declarations.py.

A shape maps each key to a type, a pattern (a datetime's text), a nested shape, `[shape]` for a
list of them, or a tuple of alternatives (None for null).
"""

import re

DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
OPTIONAL_TEXT = (str, None)
USER = {"id": int, "first_name": str, "last_name": str, "email": str, "phone": OPTIONAL_TEXT, "gender": OPTIONAL_TEXT}
DATASOURCE = {
    "pk": int,
    "name": str,
    "slug": str,
    "title": str,
    "supplier_code": OPTIONAL_TEXT,
    "address": OPTIONAL_TEXT,
    "email": OPTIONAL_TEXT,
    "phone_number": OPTIONAL_TEXT,
    "fax_number": OPTIONAL_TEXT,
    "kep_address": OPTIONAL_TEXT,
    "mersis_number": OPTIONAL_TEXT,
    "trade_association": OPTIONAL_TEXT,
    "extras": dict,
    "price_list": (int, None),
    "stock_list": (int, None),
    "is_active": bool,
}
IMAGE = {"pk": int, "product": int, "image": str, "order": int, "height": (int, None), "width": (int, None)}
PRODUCT = {"pk": int, "name": str, "sku": str, "absolute_url": str, "product_images": [IMAGE]}
ORDER_ITEM = {"pk": int, "order": int, "order_number": str, "product": (PRODUCT, None)}
MESSAGE = {"id": int, "message_content": str, "user_type": str, "content_object": (USER, DATASOURCE, None)}
CONVERSATION = {
    "id": int,
    "conversation_type": str,
    "item_object": (PRODUCT, ORDER_ITEM, None),
    "is_answered": bool,
    "subject": OPTIONAL_TEXT,
    "message_set": [MESSAGE],
    "user": USER,
    "last_message_date": (DATETIME, None),
    "is_public": bool,
    "item_content": OPTIONAL_TEXT,
    "datasource": DATASOURCE,
}
PUBLIC_MESSAGE = {**MESSAGE, "content_object": {"id": int, "name": str}}
PUBLIC_CONVERSATION = {
    "id": int,
    "user": int,
    "datasource": DATASOURCE,
    "item_object": (PRODUCT, None),
    "message_set": [PUBLIC_MESSAGE],
    "conversation_type": str,
    "last_message_date": (DATETIME, None),
}
MESSAGE_ITEM = {
    "id": int,
    "conversation": int,
    "message_content": str,
    "user_type": str,
    "content_type": str,
    "content_id": int,
    "content_object": (USER, DATASOURCE, None),
    "created_date": DATETIME,
}


def _matches(value, shape) -> bool:
    if isinstance(shape, tuple):
        return any(_matches(value, one) for one in shape)
    if shape is None:
        return value is None
    if isinstance(shape, re.Pattern):
        return isinstance(value, str) and bool(shape.match(value))
    if isinstance(shape, list):
        return isinstance(value, list) and all(_matches(item, shape[0]) for item in value)
    if isinstance(shape, dict):
        return (
            isinstance(value, dict)
            and list(value) == list(shape)
            and all(_matches(value[key], sub) for key, sub in shape.items())
        )
    if shape is int:
        return type(value) is int
    return isinstance(value, shape)


def assert_shape(value, shape):
    """`value` has `shape`: its keys in order, and its values' types, recursively."""
    assert _matches(value, shape), value


# The seed's keys of each shape, for the tests that check a body's keys against the seed.
CONVERSATION_KEYS = set(CONVERSATION)
USER_KEYS = set(USER)
DATASOURCE_KEYS = set(DATASOURCE)
MESSAGE_KEYS = set(MESSAGE)
PRODUCT_ITEM_KEYS = set(PRODUCT)
PRODUCT_IMAGE_KEYS = set(IMAGE)
ORDER_ITEM_OBJECT_KEYS = set(ORDER_ITEM)
PUBLIC_CONVERSATION_KEYS = set(PUBLIC_CONVERSATION)
MESSAGE_LIST_KEYS = set(MESSAGE_ITEM)
# The flat bodies of the writes' 201s.
CREATED_KEYS = {
    "id",
    "datasource",
    "user",
    "subject",
    "item_content",
    "is_public",
    "item_id",
    "conversation_type",
    "message_content",
    "user_type",
    "content_id",
    "content_type",
}
MESSAGE_CREATED_KEYS = {"conversation", "message_content", "user_type", "content_id", "content_type"}
