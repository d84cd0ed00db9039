"""Pre-moderation of public questions and reviews: the statuses and the moves staff may make.

pending → approved (published) or rejected (hidden, with a reason the shopper is emailed);
approved → rejected (taken down); rejected → approved (reinstated). `is_approved` on the
conversation is what the public lists read; the services keep it equal to "status is approved".
"""

from pazar.conversations.models import ModerationStatus

TRANSITIONS = {
    ModerationStatus.PENDING: {ModerationStatus.APPROVED, ModerationStatus.REJECTED},
    ModerationStatus.APPROVED: {ModerationStatus.REJECTED},
    ModerationStatus.REJECTED: {ModerationStatus.APPROVED},
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(ModerationStatus(current), set())
