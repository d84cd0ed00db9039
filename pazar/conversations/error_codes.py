"""Business error codes of the conversations app."""

from django.utils.translation import gettext_lazy as _

from pazar.core.exceptions import ErrorCode

REVIEW_NEEDS_PURCHASE = ErrorCode(
    "conversation_100_1", _("Only a shopper who has received this product or an order from this seller can review it.")
)
CONVERSATION_EXISTS = _("Conversation already exists")
DATASOURCE_REVIEW_REPLY = _("DataSource can't reply to a review.")
