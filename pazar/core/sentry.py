"""Error tracking with sentry-sdk (Django and Celery), with personal data scrubbed before an event leaves.

Sentry's own scrubber removes cookies, passwords, tokens and the request body's secrets by key;
`scrub_event` then replaces anything that looks like an email address, a phone number or an IBAN, in
any value of the event (messages, local variables, breadcrumbs, request data), and every value under
a key that names personal data or a one-time code.
"""

import re

from sentry_sdk.scrubber import DEFAULT_DENYLIST, DEFAULT_PII_DENYLIST

FILTERED = "[Filtered]"
# Keys whose values never leave (compared lowercased, as substrings: "new_phone", "sms_code", "iban_number").
SENSITIVE_KEY_PARTS = (
    "email",
    "phone",
    "iban",
    "code",
    "password",
    "secret",
    "token",
    "otp",
    "first_name",
    "last_name",
    "full_name",
    "holder",
    "username",
    "address",
    "card",
    "identity",
    "sessionid",
    "csrf",
    "authorization",
    "cookie",
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b")
# +90 555 111 22 33, 05551112233, (555) 111-2233: seven digits or more with separators.
_PHONE = re.compile(r"(?<![\w.])\+?\(?\d[\d ()-]{7,}\d\b")
# A 4-8 digit one-time code after the word "code" ("SMS code 482913"); bare numbers stay (ids, order numbers).
_CODE = re.compile(r"(?i)(code\W{0,3})\d{4,8}\b")


def _scrub_text(text: str) -> str:
    text = _EMAIL.sub(FILTERED, text)
    text = _IBAN.sub(FILTERED, text)
    text = _CODE.sub(lambda m: m.group(1) + FILTERED, text)
    return _PHONE.sub(FILTERED, text)


# Keys that contain a sensitive part but hold no personal data.
_HARMLESS_KEYS = {"status_code", "error_code", "country_code", "language_code", "response_code"}


def _sensitive(key) -> bool:
    key = str(key).lower()
    return key not in _HARMLESS_KEYS and any(part in key for part in SENSITIVE_KEY_PARTS)


# Event fields that are structure, not data: scrubbing them would break the event.
_STRUCTURAL = {"filename", "abs_path", "module", "function", "lineno", "colno", "in_app", "platform", "type"}


def _scrub(value, key=None):
    if key is not None and _sensitive(key) and not isinstance(value, (dict, list, tuple)):
        return FILTERED if value not in (None, "") else value
    if isinstance(value, dict):
        return {k: (v if k in _STRUCTURAL else _scrub(v, k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub(v) for v in value]
    if isinstance(value, str):
        return _scrub_text(value)
    return value


def scrub_event(event, hint=None):
    """`before_send` / `before_send_transaction`: the event with personal data replaced by "[Filtered]"."""
    user = event.get("user") or {}
    if user:
        event["user"] = {"id": user["id"]} if "id" in user else {}
    return _scrub(event)


def scrub_breadcrumb(crumb, hint=None):
    return _scrub(crumb)


def sentry_init(*, dsn: str, transport=None) -> None:
    """Turn on sentry-sdk for Django and Celery (called from settings when `SENTRY_DSN` is set)."""
    import os

    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.scrubber import EventScrubber

    options = {}
    if transport is not None:
        options["transport"] = transport
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0") or 0),
        event_scrubber=EventScrubber(denylist=DEFAULT_DENYLIST + DEFAULT_PII_DENYLIST, recursive=True),
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        **options,
    )
