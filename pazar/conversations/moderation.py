"""Pre-moderation of public questions and reviews: the statuses and the moves staff may make.

pending → approved (published) or rejected (hidden, with a reason the shopper is emailed);
approved → rejected (taken down); rejected → approved (reinstated). `is_approved` on the
conversation is what the public lists read; the services keep it equal to "status is approved".
"""

from pazar.conversations.models import Conversation, ModerationStatus

# The fields the services own: moderation (conversation_approve, conversation_reject) and what the
# messages imply (conversation_message_add: answered, waiting since, first response). Every admin
# form shows them read-only (core/tests/test_admin_status_fields.py).
STATUS_FIELDS = {
    Conversation: (
        "moderation_status",
        "is_approved",
        "rejection_reason",
        "is_answered",
        "reply_needed_since",
        "first_response_at",
    ),
}

TRANSITIONS = {
    ModerationStatus.PENDING: {ModerationStatus.APPROVED, ModerationStatus.REJECTED},
    ModerationStatus.APPROVED: {ModerationStatus.REJECTED},
    ModerationStatus.REJECTED: {ModerationStatus.APPROVED},
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(ModerationStatus(current), set())
