"""The seed's filters for conversation lists (users, sellers and public)."""

import django_filters

from pazar.conversations.models import Conversation, ConversationType, ItemContent, Message
from pazar.core.filters import IdFilter, UtcIsoDateTimeFilter


class ConversationFilter(django_filters.FilterSet):
    """modified_date/created_date (a day, or __gte/__lte), user_id, product, order_item, item_type,
    data_source_id, data_source (slug), product_base_code, conversation_type, is_answered."""

    modified_date = django_filters.DateFilter(field_name="modified_date", lookup_expr="date")
    modified_date__gte = UtcIsoDateTimeFilter(field_name="modified_date", lookup_expr="gte")
    modified_date__lte = UtcIsoDateTimeFilter(field_name="modified_date", lookup_expr="lte")
    created_date = django_filters.DateFilter(field_name="created_date", lookup_expr="date")
    created_date__gte = UtcIsoDateTimeFilter(field_name="created_date", lookup_expr="gte")
    created_date__lte = UtcIsoDateTimeFilter(field_name="created_date", lookup_expr="lte")
    user_id = IdFilter(field_name="user_id")
    product = IdFilter(field_name="product_id")
    order_item = IdFilter(field_name="order_item_id")
    item_type = django_filters.ChoiceFilter(field_name="item_content", choices=ItemContent.choices)
    data_source_id = IdFilter(field_name="datasource_id")
    data_source = django_filters.CharFilter(field_name="datasource__slug")
    product_base_code = django_filters.CharFilter(field_name="product__base_code")
    conversation_type = django_filters.ChoiceFilter(choices=ConversationType.choices)
    is_answered = django_filters.BooleanFilter()

    class Meta:
        model = Conversation
        fields: list[str] = []


class MessageFilter(django_filters.FilterSet):
    """Messages of one conversation."""

    conversation = IdFilter(field_name="conversation_id")

    class Meta:
        model = Message
        fields: list[str] = []


class SellerConversationFilter(ConversationFilter):
    """The seller inbox's filters: the seed's, plus waiting for a reply, and the order by waiting time."""

    reply_needed = django_filters.BooleanFilter(field_name="reply_needed_since", lookup_expr="isnull", exclude=True)
    reply_needed_since__lte = UtcIsoDateTimeFilter(field_name="reply_needed_since", lookup_expr="lte")
    ordering = django_filters.ChoiceFilter(
        choices=[("reply_needed_since", "reply_needed_since"), ("-last_message_date", "-last_message_date")],
        method="order",
    )

    def order(self, queryset, name, value):
        from pazar.conversations.selectors import ORDERING, REPLY_NEEDED_ORDERING

        return queryset.order_by(*(REPLY_NEEDED_ORDERING if value == "reply_needed_since" else ORDERING))
