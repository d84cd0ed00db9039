"""Back office for conversations: messages inline, filters, moderation."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pazar.conversations.models import Conversation, Message
from pazar.conversations.services import conversation_approve


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ["created_date", "content_type", "content_id", "user_type", "message_content", "is_approved"]
    readonly_fields = ["created_date", "content_type", "content_id", "user_type"]
    raw_id_fields = ["sender_user", "sender_datasource"]


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "conversation_type",
        "user",
        "datasource",
        "item_content",
        "item_id",
        "is_answered",
        "is_public",
        "is_approved",
        "last_message_date",
    ]
    list_filter = ["conversation_type", "is_answered", "is_public", "is_approved", "item_content", "datasource"]
    search_fields = ["user__email", "subject", "datasource__name"]
    raw_id_fields = ["user", "datasource", "product", "order_item"]
    list_select_related = ["user", "datasource"]
    inlines = [MessageInline]
    actions = ["approve"]
    show_full_result_count = False

    @admin.action(description=_("Approve (publish) the selected conversations"))
    def approve(self, request, queryset):
        for conversation in queryset:
            conversation_approve(conversation=conversation)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["pk", "conversation", "content_type", "content_id", "user_type", "is_approved", "created_date"]
    list_filter = ["content_type", "is_approved"]
    search_fields = ["message_content"]
    raw_id_fields = ["conversation", "sender_user", "sender_datasource"]
    show_full_result_count = False
