"""Helpers for the profile tests: endpoints, codes read from the SMS outbox."""

import re

from pazar.notifications.models import Notification

PROFILE = "/users/profile/"
LOYALTY_PROFILE = "/users/profile-with-loyalty/"
REGISTER_WITH_LOYALTY = "/users/register-with-loyalty/"
NEW_PHONE = "+905559998877"
NEW_PHONE_LOCAL = "0555 999 88 77"


def sms_sent(to: str | None = None) -> list[Notification]:
    """The SMS written to the outbox (oldest first), to `to` when given."""
    rows = Notification.objects.filter(kind="sms").order_by("pk")
    return list(rows.filter(to=to) if to else rows)


def last_code(to: str | None = None) -> str:
    """The 6-digit code in the last SMS, read from the outbox as a storefront developer would."""
    rows = sms_sent(to)
    assert rows, "no SMS was sent"
    return re.search(r"\b(\d{6})\b", rows[-1].body_text).group(1)


def wrong(code: str) -> str:
    """A code that is certainly not `code`."""
    return f"{(int(code) + 1) % 10**6:06d}"
