"""What the conversation tests share: the seeds' keys (seed_shapes.py), request bodies and the filter cases."""

from dataclasses import dataclass
from datetime import UTC, datetime

from pazar.catalog.tests.factories import DataSourceFactory, ProductFactory, ProductImageFactory
from pazar.conversations.models import Conversation, ConversationType
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.conversations.tests.seed_shapes import (  # noqa: F401 (the seeds' keys, shared by the tests)
    CONVERSATION_KEYS,
    CREATED_KEYS,
    DATASOURCE_KEYS,
    MESSAGE_CREATED_KEYS,
    MESSAGE_KEYS,
    ORDER_ITEM_OBJECT_KEYS,
    PRODUCT_IMAGE_KEYS,
    PRODUCT_ITEM_KEYS,
    PUBLIC_CONVERSATION_KEYS,
    USER_KEYS,
)
from pazar.orders.tests.factories import OrderFactory, OrderItemFactory

PAGE_KEYS = {"count", "next", "previous", "results"}


def user_body(user, datasource, /, **overrides) -> dict:
    """A shopper's body for `POST .../conversations/`: a message to the store, as the seed sends it."""
    body = {
        "conversation_type": "message",
        "user": str(user.pk),
        "user_type": "registered",
        "message_content": "Hello, this is a message.",
        "datasource": str(datasource.pk),
        "content_type": "user",
        "content_id": str(user.pk),
    }
    body.update(overrides)
    return body


def buy_from(user, datasource):
    """Tie `user` to `datasource` as its customer (an order item), so the seller may contact them."""
    return OrderItemFactory(order=OrderFactory(user=user), product=ProductFactory(data_source=datasource))


def seller_body(user, datasource, /, **overrides) -> dict:
    """A seller's body for `POST /api/v1/remote/<channel>/conversations/`, written as its datasource."""
    body = {
        "conversation_type": "message",
        "user": str(user.pk),
        "user_type": "registered",
        "message_content": "Your order leaves tomorrow.",
        "datasource": str(datasource.pk),
        "content_type": "datasource",
        "content_id": str(datasource.pk),
    }
    body.update(overrides)
    return body


def ids(response) -> list[int]:
    return [result["id"] for result in response.json()["results"]]


# --- filters -----------------------------------------------------------------------------------------

JANUARY = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
FEBRUARY = datetime(2026, 2, 20, 12, 0, tzinfo=UTC)


@dataclass
class FilterPair:
    """Two conversations that differ in everything a list can be filtered by."""

    first: Conversation
    second: Conversation

    def cases(self) -> dict[str, tuple[dict, Conversation]]:
        """Query parameters, each with the one conversation of the pair it must keep."""
        first, second = self.first, self.second
        return {
            "modified_date": ({"modified_date": "2026-01-10"}, first),
            "modified_date__gte": ({"modified_date__gte": "2026-02-01T00:00:00+00:00"}, second),
            "modified_date__lte": ({"modified_date__lte": "2026-01-31T23:59:59+00:00"}, first),
            "created_date": ({"created_date": "2026-02-20"}, second),
            "created_date__gte": ({"created_date__gte": "2026-02-20T11:00:00Z"}, second),
            "created_date__lte": ({"created_date__lte": "2026-01-10T12:00:00Z"}, first),
            "user_id": ({"user_id": first.user_id}, first),
            "product": ({"product": first.product_id}, first),
            "order_item": ({"order_item": first.order_item_id}, first),
            "item_type": ({"item_type": "product"}, second),
            "data_source_id": ({"data_source_id": first.datasource_id}, first),
            "data_source": ({"data_source": second.datasource.slug}, second),
            "product_base_code": ({"product_base_code": second.product.base_code}, second),
            "conversation_type": ({"conversation_type": first.conversation_type}, first),
            "is_answered": ({"is_answered": "true"}, first),
            "is_answered_false": ({"is_answered": "false"}, second),
        }


def filter_pair(*, first_user, second_user, second_type=ConversationType.MESSAGE, is_public=False) -> FilterPair:
    """The first: an answered conversation about an order item, in January, with one datasource.
    The second: an unanswered one about a product, in February, with another datasource."""
    first_datasource, second_datasource = DataSourceFactory(), DataSourceFactory()
    order_item = OrderItemFactory(
        order=OrderFactory(user=first_user), product=ProductFactory(data_source=first_datasource)
    )
    second_product = ProductFactory(data_source=second_datasource)
    ProductImageFactory(product=second_product)
    first = ConversationFactory(
        user=first_user,
        datasource=first_datasource,
        order_item=order_item,
        conversation_type=ConversationType.QUESTION,
        is_public=is_public,
        is_answered=True,
    )
    MessageFactory(conversation=first)
    MessageFactory(conversation=first, from_datasource=True)
    second = ConversationFactory(
        user=second_user,
        datasource=second_datasource,
        product=second_product,
        conversation_type=second_type,
        is_public=is_public,
    )
    MessageFactory(conversation=second)
    # Dates are set last: saving through the ORM would move modified_date again.
    Conversation.objects.filter(pk=first.pk).update(
        created_date=JANUARY, modified_date=JANUARY, last_message_date=JANUARY
    )
    Conversation.objects.filter(pk=second.pk).update(
        created_date=FEBRUARY, modified_date=FEBRUARY, last_message_date=FEBRUARY
    )
    return FilterPair(first=first, second=second)
