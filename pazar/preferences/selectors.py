"""Reads of the preferences app: the active currency of a request."""

from django.conf import settings

from pazar.preferences.services import CURRENCY_SESSION_KEY


def available_currencies() -> list[str]:
    """The currencies a shopper may choose (AVAILABLE_CURRENCIES), lower-case ISO 4217 codes."""
    return list(settings.AVAILABLE_CURRENCIES)


def active_currency(request) -> str:
    """The request's currency: the `x-currency` header (READ_CURRENCY_FROM_HEADER), else the one the
    session chose (`POST /users/activate-currency/`), else DEFAULT_CURRENCY; an unknown code is ignored."""
    allowed = available_currencies()
    candidates = []
    if settings.READ_CURRENCY_FROM_HEADER:
        candidates.append(request.META.get("HTTP_X_CURRENCY", ""))
    session = getattr(request, "session", None)
    if session is not None:
        candidates.append(session.get(CURRENCY_SESSION_KEY, ""))
    for candidate in candidates:
        code = (candidate or "").strip().lower()
        if code in allowed:
            return code
    return settings.DEFAULT_CURRENCY
