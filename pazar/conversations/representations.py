"""The read path of the conversation lists: a page as plain dicts, from rows.

The lists (a shopper's conversations, a seller's inbox, public questions and reviews) answer
exactly what ConversationSerializer and PublicConversationSerializer answer, field for field and
in the same order (a test compares the two on every kind of conversation), but without building
model instances and serializer fields for every message, author, product and image: on a page of
20 conversations that was four fifths of the request's time (`make bench`, cProfile). Field lists
come from the serializers' Meta, so a field added there appears here too or fails that test.

One query per kind of object, whatever the page size: messages, users, datasources, order items,
products, images (a kind with nothing to fetch costs no query). The page is the view's filtered
QuerySet as `values()`; every nested kind except order items is read by a statement written once
(pazar/core/rows.py) instead of QuerySets built and compiled on every request.
"""

from django.db.models import QuerySet
from rest_framework.fields import DateTimeField

from pazar.accounts.models import User
from pazar.accounts.serializers import UserSummarySerializer
from pazar.catalog.models import DataSource, Product, ProductImage
from pazar.catalog.serializers import DataSourceSerializer, ProductImageSerializer
from pazar.conversations.masking import masking_on, visible_text
from pazar.conversations.models import Conversation, ItemContent, Message, SenderType
from pazar.conversations.serializers import public_name
from pazar.core.pagination import KnownCount
from pazar.core.rows import RowsBy
from pazar.core.serializers import datetime_text
from pazar.orders.models import OrderItem

PAGE_COLUMNS = (
    "id",
    "conversation_type",
    "is_answered",
    "subject",
    "user_id",
    "last_message_date",
    "is_public",
    "item_content",
    "datasource_id",
    "product_id",
    "order_item_id",
    "reply_needed_since",
)
MESSAGE_COLUMNS = (
    "id",
    "conversation_id",
    "message_content",
    "user_type",
    "content_type",
    "content_id",
    "sender_user_id",
    "sender_datasource_id",
)
DATASOURCE_FIELDS = tuple(DataSourceSerializer.Meta.fields)
USER_FIELDS = tuple(UserSummarySerializer.Meta.fields)
IMAGE_FIELDS = tuple(ProductImageSerializer.Meta.fields)
ORDER_ITEM_FIELDS = ("pk", "order", "order__number", "product")
_datetime = datetime_text(DateTimeField())

# The nested objects' queries, written once (pazar/core/rows.py).
_messages = RowsBy(Message, MESSAGE_COLUMNS, key="conversation", order_by=("created_date", "pk"))
_approved_messages = RowsBy(
    Message, MESSAGE_COLUMNS, key="conversation", order_by=("created_date", "pk"), where={"is_approved": True}
)
_users = RowsBy(User, USER_FIELDS)
_datasources = RowsBy(DataSource, DATASOURCE_FIELDS)
_images = RowsBy(ProductImage, IMAGE_FIELDS, key="product", order_by=("order", "pk"))
_products_rows = RowsBy(Product, ("pk", "name", "sku", "absolute_url"))


def page_rows(queryset: QuerySet[Conversation]) -> QuerySet:
    """The list's queryset (filters and order kept) as rows of the page's own columns, no joins."""
    return queryset.select_related(None).prefetch_related(None).values(*PAGE_COLUMNS)


def _by_pk(rows: RowsBy, ids: set) -> dict:
    return {row[rows.names[0]]: row for row in rows(ids)}


def _products(ids: set) -> dict:
    """Products as ProductSummarySerializer shows them, images included (two queries, none without ids)."""
    images: dict[int, list] = {}
    for image in _images(ids):
        images.setdefault(image["product"], []).append(image)
    return {row["pk"]: {**row, "product_images": images.get(row["pk"], [])} for row in _products_rows(ids)}


def conversations(
    rows: list[dict], *, public: bool = False, seller: bool = False, viewer: str | None = None
) -> list[dict]:
    """A page of conversations as the list endpoints answer it (`seller`: the inbox's extra field;
    `viewer`: who reads it, for masking contact details)."""
    if not rows:
        return []
    mask_on = masking_on() if viewer else False
    messages: dict[int, list] = {}
    for message in (_approved_messages if public else _messages)([r["id"] for r in rows]):
        messages.setdefault(message["conversation_id"], []).append(message)
    all_messages = [m for ms in messages.values() for m in ms]

    user_ids = {m["sender_user_id"] for m in all_messages if m["sender_user_id"]}
    if not public:
        user_ids |= {r["user_id"] for r in rows}
    users = _by_pk(_users, user_ids)
    datasources = _by_pk(
        _datasources,
        {r["datasource_id"] for r in rows}
        | {m["sender_datasource_id"] for m in all_messages if m["sender_datasource_id"]},
    )
    order_item_ids = {
        r["order_item_id"] for r in rows if r["item_content"] == ItemContent.ORDERITEM and r["order_item_id"]
    }
    order_items = (
        {row["pk"]: row for row in OrderItem.objects.filter(pk__in=order_item_ids).values(*ORDER_ITEM_FIELDS)}
        if order_item_ids
        else {}
    )
    products = _products(
        {r["product_id"] for r in rows if r["item_content"] == ItemContent.PRODUCT and r["product_id"]}
        | {item["product"] for item in order_items.values()}
    )

    def item_object(row):
        if row["item_content"] == ItemContent.PRODUCT:
            return products.get(row["product_id"])
        if row["item_content"] == ItemContent.ORDERITEM and row["order_item_id"] in order_items:
            item = order_items[row["order_item_id"]]
            if public:
                return products.get(item["product"])
            return {
                "pk": item["pk"],
                "order": item["order"],
                "order_number": item["order__number"],
                "product": products.get(item["product"]),
            }
        return None

    def author(message):
        if message["content_type"] == SenderType.DATASOURCE:
            datasource = datasources.get(message["sender_datasource_id"])
            if public:
                name = (datasource["title"] or datasource["name"]) if datasource else ""
                return {"id": message["content_id"], "name": name}
            return datasource
        user = users.get(message["sender_user_id"])
        if public:
            return {"id": message["content_id"], "name": public_name(_Name(user)) if user else ""}
        return user

    def message_list(row):
        return [
            {
                "id": m["id"],
                "message_content": visible_text(
                    m["message_content"], author=m["content_type"], viewer=viewer, on=mask_on
                ),
                "user_type": m["user_type"],
                "content_object": author(m),
            }
            for m in messages.get(row["id"], [])
        ]

    if public:
        return [
            {
                "id": row["id"],
                "user": row["user_id"],
                "datasource": datasources[row["datasource_id"]],
                "item_object": item_object(row),
                "message_set": message_list(row),
                "conversation_type": row["conversation_type"],
                "last_message_date": _datetime(row["last_message_date"]),
            }
            for row in rows
        ]
    listed = [
        {
            "id": row["id"],
            "conversation_type": row["conversation_type"],
            "item_object": item_object(row),
            "is_answered": row["is_answered"],
            "subject": row["subject"],
            "message_set": message_list(row),
            "user": users[row["user_id"]],
            "last_message_date": _datetime(row["last_message_date"]),
            "is_public": row["is_public"],
            "item_content": row["item_content"],
            "datasource": datasources[row["datasource_id"]],
        }
        for row in rows
    ]
    if seller:
        for item, row in zip(listed, rows, strict=True):
            item["reply_needed_since"] = _datetime(row["reply_needed_since"]) if row["reply_needed_since"] else None
    return listed


class _Name:
    """The two attributes public_name reads, from a row."""

    def __init__(self, row: dict):
        self.first_name = row["first_name"]
        self.last_name = row["last_name"]


class FastListMixin:
    """`GET` of a conversation list through `conversations()` instead of the serializer."""

    public = False
    seller = False

    def known_count(self) -> int | None:
        """The list's total when it is known without counting rows (the seller inbox)."""
        return None

    def list(self, request, *args, **kwargs):
        # self.viewer(): who reads the list (masking.py), from the view's other mixins.
        rows = page_rows(self.filter_queryset(self.get_queryset()))
        count = self.known_count()
        page = self.paginate_queryset(rows if count is None else KnownCount(rows, count))
        return self.get_paginated_response(
            conversations(list(page), public=self.public, seller=self.seller, viewer=self.viewer())
        )
