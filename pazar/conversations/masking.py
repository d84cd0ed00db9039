"""Contact details hidden in what the other side of a conversation reads (CONVERSATION_MASK_CONTACT_INFO).

Marketplaces hide emails, phone numbers and links between shoppers and sellers so that deals stay
on the platform. The stored text is never changed: staff (the admin, and staff callers of the
API) read the original; the author reads their own words; the other side and the public read
the masked text. Phone numbers are found with `phonenumbers` (valid numbers only, Turkish by
default and international with their `+` prefix), so prices, quantities and order numbers stay.
"""

import re

import phonenumbers
from constance import config
from django.conf import settings

MASK = "***"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL = re.compile(
    r"(?:\bhttps?://|\bwww\.)\S+"
    r"|\b(?:[a-z0-9-]+\.)+(?:com|net|org|info|biz|io|co|me|shop|store|app|online|site|tr|de|uk|eu)"
    r"(?:\.[a-z]{2})?\b(?:/\S*)?",
    re.IGNORECASE,
)
# Who reads a message, as the render paths name it.
STAFF, SHOPPER, SELLER, PUBLIC = "staff", "shopper", "seller", "public"


def mask_contact_info(text: str) -> str:
    """The text with every email, URL and valid phone number replaced by `***`."""
    text = EMAIL.sub(MASK, text)
    text = URL.sub(MASK, text)
    matches = list(
        phonenumbers.PhoneNumberMatcher(text, settings.PHONE_DEFAULT_REGION, leniency=phonenumbers.Leniency.VALID)
    )
    for match in reversed(matches):
        text = text[: match.start] + MASK + text[match.end :]
    return text


def masking_on() -> bool:
    return bool(config.CONVERSATION_MASK_CONTACT_INFO)


def needs_mask(*, author: str, viewer: str | None, on: bool) -> bool:
    """Whether `viewer` reads a message by `author` ("user" or "datasource") masked."""
    if not on or viewer in (None, STAFF):
        return False
    if viewer == PUBLIC:
        return True
    return (author == "user") != (viewer == SHOPPER)


def visible_text(text: str, *, author: str, viewer: str | None, on: bool | None = None) -> str:
    """The message text as `viewer` may read it."""
    if needs_mask(author=author, viewer=viewer, on=masking_on() if on is None else on):
        return mask_contact_info(text)
    return text
