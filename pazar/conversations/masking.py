"""Contact details hidden in what the other side of a conversation reads (CONVERSATION_MASK_CONTACT_INFO).

Marketplaces hide emails, phone numbers and links between shoppers and sellers so that deals stay
on the platform. The stored text is never changed: staff (the admin, and staff callers of the
API) read the original; the author reads their own words; the other side and the public read
the masked text. Phone numbers are found with `phonenumbers` (valid numbers only, Turkish by
default and international with their `+` prefix), so prices, quantities and order numbers stay.

Emails are also found disguised: spaced (`zeynep.k @ gmail . com`), spelled (`[at]`, `(at)`,
`at ... dot`, `nokta`) or in full-width characters (the text is NFKC-normalised to look for them,
and the original characters are masked). A disguised one must end in a common top-level domain,
written in lower or upper case, so that `@` mentions and sentences with "at" or "Net" stay.
Links of the URL shorteners in SHORTENER_HOSTS are masked with or without a path.
"""

import re
import unicodedata

import phonenumbers
from constance import config
from django.conf import settings

MASK = "***"
# An email starts where a run of its characters starts (the lookbehind keeps long runs linear).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL = re.compile(
    r"(?:\bhttps?://|\bwww\.)\S+"
    r"|(?<![a-z0-9.])\b(?:[a-z0-9-]+\.)+(?:com|net|org|info|biz|io|co|me|shop|store|app|online|site|tr|de|uk|eu)"
    r"(?:\.[a-z]{2})?\b(?:/\S*)?",
    re.IGNORECASE,
)
# Top-level domains a disguised email must end in (a plain `a@b.c` needs none of these).
# fmt: off
DISGUISED_EMAIL_TLDS = (
    "com", "net", "org", "edu", "gov", "info", "biz", "io", "co", "me", "tr", "de", "uk", "eu", "us",
    "ru", "fr", "nl", "az", "online", "shop", "store", "app", "site",
)
# fmt: on
_TLD = "|".join(DISGUISED_EMAIL_TLDS)
_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"
_AT = rf"(?:\s*@\s*|\s*{_OPEN}\s*(?i:at|@)\s*{_CLOSE}\s*|\s+(?i:at)\s+)"
_DOT = rf"(?:\s*\.\s*|\s*{_OPEN}\s*(?i:dot|nokta|\.)\s*{_CLOSE}\s*|\s+(?i:dot|nokta)\s+)"
DISGUISED_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}(?:{_TLD}|{_TLD.upper()})(?![\w-])",
)
# Link shorteners: their links hide where they go, so they are masked like any link.
# fmt: off
SHORTENER_HOSTS = (
    "bit.ly", "t.co", "tinyurl.com", "goo.gl", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rebrand.ly",
    "shorturl.at", "t.ly", "tiny.cc", "rb.gy", "v.gd", "s.id", "lnkd.in", "amzn.to", "shorte.st",
)
# fmt: on
SHORTENER = re.compile(
    r"(?<![\w.-])(?:" + "|".join(re.escape(host) for host in SHORTENER_HOSTS) + r")(?:/\S*|(?![\w-]))",
    re.IGNORECASE,
)
_PATTERNS = (EMAIL, DISGUISED_EMAIL, SHORTENER, URL)
# Who reads a message, as the render paths name it.
STAFF, SHOPPER, SELLER, PUBLIC = "staff", "shopper", "seller", "public"


def _normalised(text: str) -> tuple[str, list[int] | None]:
    """The NFKC form of the text, and for each of its characters the index of the original one."""
    if text.isascii():
        return text, None
    chars, origin = [], []
    for index, char in enumerate(text):
        for normal in unicodedata.normalize("NFKC", char):
            chars.append(normal)
            origin.append(index)
    return "".join(chars), origin


def _mask_links_and_emails(text: str) -> str:
    normal, origin = _normalised(text)
    spans = sorted(match.span() for pattern in _PATTERNS for match in pattern.finditer(normal))
    if not spans:
        return text
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
        text = text[:start] + MASK + text[end:]
    return text


def mask_contact_info(text: str) -> str:
    """The text with every email (also disguised), URL, shortened link and valid phone number replaced by `***`."""
    text = _mask_links_and_emails(text)
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
