"""The status machine of contact-us messages: staff's work on a message, never shown to the sender.

Staff may move a message from any status to any other in the admin (they decide: reopen a closed
one, close a new one); a reply by email makes it answered, from whatever status it had.
"""

from pazar.support import error_codes
from pazar.support.models import ContactUsMessage, ContactUsStatus

# The fields this machine owns: only the services write them (contact_us_message_status_set,
# contact_us_message_reply); every admin form shows them read-only
# (core/tests/test_admin_status_fields.py).
STATUS_FIELDS = {ContactUsMessage: ("status", "answered_at")}

# Status → statuses staff may set it to in the admin.
STAFF_MOVES: dict[str, frozenset[str]] = {
    status: frozenset(ContactUsStatus.values) - {status} for status in ContactUsStatus.values
}
# What a reply makes the message.
REPLY_STATUS = ContactUsStatus.ANSWERED


def can_move(from_status: str, to_status: str) -> bool:
    """Whether staff may set `to_status`; keeping the status is no move and always allowed."""
    return from_status == to_status or to_status in STAFF_MOVES.get(from_status, frozenset())


def check_move(from_status: str, to_status: str) -> None:
    """Refuse (DomainError contact_us_100_1) a status STAFF_MOVES does not allow."""
    if not can_move(from_status, to_status):
        raise error_codes.STATUS_NOT_ALLOWED.error(
            error_codes.STATUS_NOT_ALLOWED.message
            % {"from": ContactUsStatus(from_status).label, "to": ContactUsStatus(to_status).label}
        )
