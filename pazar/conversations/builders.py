"""The JSON of conversations and messages: the only code that builds it (pazar/core/builders.py).

- `ConversationBuilder`: a conversation as its shopper reads it (lists, detail), or, with
  `seller=True`, as the seller's inbox does (`reply_needed_since` more); `viewer` says who reads,
  for masking contact details (masking.py).
- `PublicConversationBuilder`: a public question or review: the author's display name only, a
  review of an order item shows its product only.
- `MessageBuilder`: a message of the message lists, its author nested.
- `conversation_created` / `message_created`: the flat bodies of the writes' 201s.

The shapes are declared by the schema-only serializers of serializers.py, and every dict here is
rendered through them (a `Plan`, pazar/core/field_plans.py): a declared column is read and converted by
its field object, and each computed field (the nested objects, the masked text) names what it
reads, so the statements' columns come from the declarations too. A page's rows come with the
conversation's user, datasource and product joined (one statement: `page_rows`, or `USER_PAGE`,
`inbox_page`, `public_page` for the unfiltered lists and the inbox's own filter and order); then
one statement per nested kind,
whatever the page size: messages, order items (their orders' numbers and products joined), images
(a kind with nothing to fetch costs no query). A message's author is the conversation's user or
datasource (services.py checks it), so it is found in the page's rows; another author (an old
row, a staff edit) is read by one statement more.
"""

from django.db.models import QuerySet

from pazar.accounts.builders import user_summary
from pazar.accounts.models import User
from pazar.catalog.models import DataSource, ProductImage
from pazar.catalog.serializers import DataSourceSerializer, ProductImageSerializer, ProductSummarySerializer
from pazar.conversations import selectors
from pazar.conversations.masking import masking_on, visible_text
from pazar.conversations.models import Conversation, ItemContent, Message, SenderType
from pazar.conversations.serializers import (
    ConversationCreatedSerializer,
    ConversationSerializer,
    MessageCreatedSerializer,
    MessageListSerializer,
    MessageSerializer,
    OrderItemObjectSerializer,
    PublicConversationSerializer,
    PublicMessageSerializer,
    SellerConversationSerializer,
    public_name,
)
from pazar.core.builders import Builder
from pazar.core.field_plans import Plan
from pazar.core.rows import RowsBy
from pazar.orders.models import OrderItem

# What each computed field of a conversation reads of the conversation's row (its joined user,
# datasource and product are read under `user__`, `datasource__`, `product__`: `JOINED`).
CONVERSATION_READS = {
    "item_object": ("item_content", "product", "order_item"),
    "message_set": ("id",),
    "user": ("user",),
    "datasource": ("datasource",),
}
SHOPPER_PLAN = Plan(ConversationSerializer, reads=CONVERSATION_READS)
SELLER_PLAN = Plan(SellerConversationSerializer, reads=CONVERSATION_READS)
PUBLIC_PLAN = Plan(PublicConversationSerializer, reads={k: v for k, v in CONVERSATION_READS.items() if k != "user"})
# The page statements serve the three shapes: every column one of them reads.
OWN_COLUMNS = tuple(dict.fromkeys([*SELLER_PLAN.columns, *PUBLIC_PLAN.columns]))

# A message in `message_set`: its text is masked for the viewer and its author is found by kind.
MESSAGE_READS = {
    "message_content": ("message_content", "content_type"),
    "content_object": ("content_type", "content_id", "sender_user", "sender_datasource"),
}
SET_MESSAGE_PLAN = Plan(MessageSerializer, reads=MESSAGE_READS)
PUBLIC_MESSAGE_PLAN = Plan(PublicMessageSerializer, reads=MESSAGE_READS)
MESSAGE_PLAN = Plan(MessageListSerializer, reads=MESSAGE_READS)
# A conversation's messages are read by their conversation (the key), without a date (ordered by it).
SET_MESSAGE_COLUMNS = tuple(dict.fromkeys([*SET_MESSAGE_PLAN.columns, *PUBLIC_MESSAGE_PLAN.columns, "conversation"]))
MESSAGE_COLUMNS = tuple(MESSAGE_PLAN.columns)

DATASOURCE_PLAN = Plan(DataSourceSerializer)
PRODUCT_PLAN = Plan(ProductSummarySerializer, prefix="product__", reads={"product_images": ("pk",)})
IMAGE_PLAN = Plan(ProductImageSerializer, reads={"image": ("image",)})
JOINED = {"user": user_summary.columns, "datasource": DATASOURCE_PLAN.columns, "product": PRODUCT_PLAN.columns}
# A page's row: the conversation's columns, its user's, datasource's and product's under `user__`,
# `datasource__`, `product__`.
PAGE_COLUMNS = (
    *OWN_COLUMNS,
    *(f"{rel}__{name}" for rel, names in JOINED.items() for name in names),
)

# The statements, written once (pazar/core/rows.py).
# The list pages' statements, compiled from the lists' descriptions (selectors.py): a filtered page's
# rows by their ids, and the pages no query filter narrows, scoped by one key.
PAGE = selectors.USER_CONVERSATIONS.by_ids(OWN_COLUMNS, JOINED)
USER_PAGE = selectors.USER_CONVERSATIONS.statement(OWN_COLUMNS, JOINED)
INBOX_PAGE = selectors.SELLER_CONVERSATIONS.statement(OWN_COLUMNS, JOINED)
_messages = RowsBy(Message, SET_MESSAGE_COLUMNS, key="conversation", order_by=("created_date", "pk"))
_approved_messages = RowsBy(
    Message, SET_MESSAGE_COLUMNS, key="conversation", order_by=("created_date", "pk"), where={"is_approved": True}
)
_users = RowsBy(User, user_summary.columns)
_datasources = RowsBy(DataSource, DATASOURCE_PLAN.columns)
# An order item as `item_object`, its product found by the item's.
ORDER_ITEM_PLAN = Plan(OrderItemObjectSerializer, reads={"product": ("product",)})
_order_items = RowsBy(
    OrderItem, ORDER_ITEM_PLAN.own_columns, related={**ORDER_ITEM_PLAN.joined, "product": PRODUCT_PLAN.columns}
)
_images = RowsBy(
    ProductImage, tuple(dict.fromkeys([*IMAGE_PLAN.columns, "product"])), key="product", order_by=("order", "pk")
)


def page_rows(queryset: QuerySet[Conversation]) -> QuerySet:
    """A filtered list's queryset (filters and order kept) as page rows, user and datasource joined."""
    return queryset.select_related(None).prefetch_related(None).values(*PAGE_COLUMNS)


def inbox_page(*, is_answered: bool | None = None, by_wait: bool = False) -> RowsBy | None:
    """The page statement of a seller's inbox (selectors.inbox_list): unfiltered, filtered by
    `is_answered`, or the longest wait first (`by_wait`); None for both at once."""
    listed = selectors.inbox_list(is_answered=is_answered, by_wait=by_wait)
    return None if listed is None else listed.statement(OWN_COLUMNS, JOINED)


def public_page(kind: str) -> RowsBy:
    """The page statement of a product's public questions or reviews (selectors.PUBLIC_CONVERSATIONS)."""
    return selectors.PUBLIC_CONVERSATIONS[kind].statement(OWN_COLUMNS, JOINED)


# A datasource as read by its own statement, or joined to a conversation's or a message's row.
_DATASOURCE = {
    prefix: Plan(DataSourceSerializer, prefix=prefix) for prefix in ("", "datasource__", "sender_datasource__")
}


def _datasource(row: dict, prefix: str = "datasource__") -> dict | None:
    if row[f"{prefix}pk"] is None:
        return None
    return _DATASOURCE[prefix].render(row, {})


def _product_objects(rows: list[dict]) -> dict:
    """Products as conversations nest them, from rows that joined them under `product__`, their
    images read by one statement (none without products)."""
    joined = {row["product__pk"]: row for row in rows if row["product__pk"] is not None}
    if not joined:
        return {}
    images: dict[int, list] = {}
    for image in _images(joined):
        images.setdefault(image["product"], []).append(IMAGE_PLAN.render(image, {"image": image["image"]}))
    return {pk: PRODUCT_PLAN.render(row, {"product_images": images.get(pk, [])}) for pk, row in joined.items()}


class _Attrs:
    """What a page of conversations nests."""

    __slots__ = ("messages", "users", "datasources", "order_items", "products", "mask_on")


class _ConversationsBase(Builder):
    """Loading shared by the private and the public shapes."""

    public = False
    viewer: str | None = None

    def rows(self, ids) -> list[dict]:
        return PAGE(ids)

    def load(self, rows: list[dict], *, request=None) -> _Attrs:
        attrs = _Attrs()
        attrs.mask_on = masking_on() if self.viewer else False
        messages: dict[int, list] = {}
        for message in (_approved_messages if self.public else _messages)([r["id"] for r in rows]):
            messages.setdefault(message["conversation"], []).append(message)
        attrs.messages = messages

        # Authors: the conversations' own users and datasources, joined into the page's rows.
        users = {r["user"]: user_summary.joined(r, "user") for r in rows}
        datasources = {r["datasource"]: _datasource(r) for r in rows}
        senders = [m for ms in messages.values() for m in ms]
        other_users = {m["sender_user"] for m in senders if m["sender_user"] and m["sender_user"] not in users}
        other_datasources = {
            m["sender_datasource"]
            for m in senders
            if m["sender_datasource"] and m["sender_datasource"] not in datasources
        }
        users.update({row["id"]: user_summary.render(row) for row in _users(other_users)} if other_users else {})
        datasources.update(
            {row["pk"]: _datasource(row, "") for row in _datasources(other_datasources)} if other_datasources else {}
        )
        attrs.users, attrs.datasources = users, datasources

        order_item_ids = {
            r["order_item"] for r in rows if r["item_content"] == ItemContent.ORDERITEM and r["order_item"]
        }
        order_items = {row["pk"]: row for row in _order_items(order_item_ids)} if order_item_ids else {}
        attrs.order_items = order_items
        attrs.products = _product_objects(
            [r for r in rows if r["item_content"] == ItemContent.PRODUCT] + list(order_items.values())
        )
        return attrs

    def item_object(self, row: dict, attrs: _Attrs):
        if row["item_content"] == ItemContent.PRODUCT:
            return attrs.products.get(row["product"])
        if row["item_content"] == ItemContent.ORDERITEM and row["order_item"] in attrs.order_items:
            item = attrs.order_items[row["order_item"]]
            if self.public:
                return attrs.products.get(item["product"])
            return ORDER_ITEM_PLAN.render(item, {"product": attrs.products.get(item["product"])})
        return None

    def author(self, message: dict, attrs: _Attrs):
        if message["content_type"] == SenderType.DATASOURCE:
            return attrs.datasources.get(message["sender_datasource"])
        return attrs.users.get(message["sender_user"])

    message_plan = SET_MESSAGE_PLAN

    def message_set(self, row: dict, attrs: _Attrs) -> list[dict]:
        viewer, mask_on, author, render = self.viewer, attrs.mask_on, self.author, self.message_plan.render
        return [
            render(
                m,
                {
                    "message_content": visible_text(
                        m["message_content"], author=m["content_type"], viewer=viewer, on=mask_on
                    ),
                    "content_object": author(m, attrs),
                },
            )
            for m in attrs.messages.get(row["id"], [])
        ]


class ConversationBuilder(_ConversationsBase):
    """A conversation with its user, datasource, item and messages (oldest first); `seller` adds
    `reply_needed_since`."""

    def __init__(self, *, seller: bool = False, viewer: str | None = None):
        self.seller = seller
        self.viewer = viewer
        self.schema = SellerConversationSerializer if seller else ConversationSerializer
        self.plan = SELLER_PLAN if seller else SHOPPER_PLAN

    def render(self, row: dict, attrs: _Attrs, *, request=None) -> dict:
        return self.plan.render(
            row,
            {
                "item_object": self.item_object(row, attrs),
                "message_set": self.message_set(row, attrs),
                "user": attrs.users.get(row["user"]),
                "datasource": attrs.datasources.get(row["datasource"]),
            },
        )


class PublicConversationBuilder(_ConversationsBase):
    """A public question or review; `user` is the id only and authors show a display name."""

    schema = PublicConversationSerializer
    plan = PUBLIC_PLAN
    message_plan = PUBLIC_MESSAGE_PLAN
    public = True
    viewer = "public"

    def author(self, message: dict, attrs: _Attrs):
        if message["content_type"] == SenderType.DATASOURCE:
            datasource = attrs.datasources.get(message["sender_datasource"])
            name = (datasource["title"] or datasource["name"]) if datasource else ""
            return {"id": message["content_id"], "name": name}
        user = attrs.users.get(message["sender_user"])
        return {"id": message["content_id"], "name": public_name(_Name(user)) if user else ""}

    def render(self, row: dict, attrs: _Attrs, *, request=None) -> dict:
        return self.plan.render(
            row,
            {
                "datasource": attrs.datasources.get(row["datasource"]),
                "item_object": self.item_object(row, attrs),
                "message_set": self.message_set(row, attrs),
            },
        )


class _Name:
    """The two attributes public_name reads, from a row."""

    __slots__ = ("first_name", "last_name")

    def __init__(self, row: dict):
        self.first_name = row["first_name"]
        self.last_name = row["last_name"]


# --- messages -----------------------------------------------------------------------------------------

MESSAGE_PAGE_COLUMNS = (
    *MESSAGE_COLUMNS,
    *(f"sender_user__{name}" for name in user_summary.columns),
    *(f"sender_datasource__{name}" for name in DATASOURCE_PLAN.columns),
)
_message_rows = RowsBy(
    Message,
    MESSAGE_COLUMNS,
    related={"sender_user": user_summary.columns, "sender_datasource": DATASOURCE_PLAN.columns},
)


def message_page_rows(queryset: QuerySet[Message]) -> QuerySet:
    """A filtered message list as rows, each with its author joined."""
    return queryset.select_related(None).values(*MESSAGE_PAGE_COLUMNS)


class MessageBuilder(Builder):
    """A message of the message lists; `content_object` is its author (a user or a datasource)."""

    schema = MessageListSerializer

    def __init__(self, *, viewer: str | None = None):
        self.viewer = viewer

    def rows(self, ids) -> list[dict]:
        return _message_rows(ids)

    def load(self, rows: list[dict], *, request=None) -> bool:
        return masking_on() if self.viewer else False

    def render(self, row: dict, mask_on: bool, *, request=None) -> dict:
        if row["content_type"] == SenderType.DATASOURCE:
            author = _datasource(row, "sender_datasource__")
        else:
            author = user_summary.joined(row, "sender_user")
        return MESSAGE_PLAN.render(
            row,
            {
                "message_content": visible_text(
                    row["message_content"], author=row["content_type"], viewer=self.viewer, on=mask_on
                ),
                "content_object": author,
            },
        )


# --- the writes' bodies ---------------------------------------------------------------------------------

_CONVERSATION_CREATED = Plan(ConversationCreatedSerializer)
_MESSAGE_CREATED = Plan(MessageCreatedSerializer)


class _Created:
    """What a create's answer reads: the new conversation and its first message."""

    __slots__ = ("conversation", "message")

    def __init__(self, conversation: Conversation, message: Message):
        self.conversation = conversation
        self.message = message


def conversation_created(conversation: Conversation, message: Message) -> dict:
    """The flat answer to a create: the conversation and its new message (ConversationCreatedSerializer)."""
    return _CONVERSATION_CREATED.render_object(_Created(conversation, message))


def message_created(message: Message) -> dict:
    """The answer to a message post (MessageCreatedSerializer)."""
    return _MESSAGE_CREATED.render_object(message)
