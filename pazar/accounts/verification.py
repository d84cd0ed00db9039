"""One-time SMS codes: sent through the outbox, stored as an HMAC, checked under a row lock.

A code is bound to a subject (`user:<id>` or `email:<address>`), a purpose and a phone number.
It lives `SMS_CODE_VALIDITY_SECONDS`, is used once, and dies after `SMS_CODE_MAX_ATTEMPTS` wrong
tries. Sending is limited per phone number, per subject and per client address, to the countries of
SMS_ALLOWED_COUNTRY_CODES, and by the shop's hourly budget SMS_BUDGET_PER_HOUR.
"""

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

import phonenumbers
from constance import config
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions

from pazar.accounts import error_codes
from pazar.accounts.models import User, VerificationCode
from pazar.core.ratelimit import Limit, ratelimit_hit

T = TypeVar("T")
SMS_EVENT = "sms_verification_code"
SMS_BUDGET_EVENT = "sms_budget_reached"
logger = logging.getLogger(__name__)


def _code_hash(*, subject: str, purpose: str, phone: str, code: str) -> str:
    message = f"{subject}|{purpose}|{phone}|{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _send_limits(*, subject: str, phone: str, client_ip: str) -> list[Limit]:
    per_minute = settings.SMS_SEND_PER_MINUTE
    return [
        Limit(f"sms:phone:{phone}", per_minute, 60),
        Limit(f"sms:phone:{phone}", settings.SMS_SEND_PER_HOUR, 3600),
        Limit(f"sms:subject:{subject}", per_minute, 60),
        *sms_probe_limits(subject=subject, client_ip=client_ip),
    ]


def sms_probe_limits(*, subject: str, client_ip: str) -> list[Limit]:
    """The hourly SMS limits of a subject and an address, which an answer about a phone number also uses.

    "This number is already in use" tells whether a number has an account: each such answer takes
    a slot here, like a code sent, so nobody learns more numbers than they could send codes to.
    """
    return [
        Limit(f"sms:subject:{subject}", settings.SMS_SEND_PER_HOUR, 3600),
        Limit(f"sms:ip:{client_ip}", settings.SMS_SEND_PER_IP_PER_HOUR, 3600),
    ]


def sms_destination_check(*, phone: str) -> None:
    """400 on `phone` unless its country calling code is in SMS_ALLOWED_COUNTRY_CODES (SMS pumping)."""
    allowed = {code.strip().lstrip("+") for code in config.SMS_ALLOWED_COUNTRY_CODES.split(",") if code.strip()}
    if "*" in allowed:
        return
    if str(phonenumbers.parse(phone).country_code) not in allowed:
        raise exceptions.ValidationError({"phone": [_("SMS codes cannot be sent to numbers of this country.")]})


def _sms_budget_hit() -> None:
    """Take one SMS from the shop's hourly budget; when it is spent, 429 and one alert to staff an hour."""
    budget = Limit("sms:budget", config.SMS_BUDGET_PER_HOUR, 3600)
    try:
        ratelimit_hit(budget, detail=_("The shop cannot send more SMS codes right now. Please try again later."))
    except exceptions.Throttled:
        if cache.add("sms:budget:alerted", True, timeout=3600):
            _sms_budget_alert(budget)
        raise


def _sms_budget_alert(budget: Limit) -> None:
    from pazar.notifications.services import notification_enqueue

    logger.warning("SMS budget of %d an hour reached: codes are refused until the hour ends", budget.count)
    recipients = [a.strip() for a in config.STAFF_ALERT_EMAILS.split(",") if a.strip()] or list(
        User.objects.filter(is_superuser=True, is_active=True).exclude(email="").values_list("email", flat=True)
    )
    with transaction.atomic():
        for address in recipients:
            notification_enqueue(
                kind="email",
                event=SMS_BUDGET_EVENT,
                to=address,
                language=settings.LANGUAGE_CODE,
                context={"budget": budget.count, "setting": "SMS_BUDGET_PER_HOUR"},
            )


def verification_code_send(
    *,
    subject: str,
    purpose: str,
    phone: str,
    user: User | None = None,
    payload: dict | None = None,
    client_ip: str = "",
    language: str | None = None,
) -> VerificationCode:
    """Send a fresh code to `phone` (429 past the limits); earlier codes of the subject stop working."""
    from pazar.notifications.services import notification_enqueue

    sms_destination_check(phone=phone)
    ratelimit_hit(*_send_limits(subject=subject, phone=phone, client_ip=client_ip))
    _sms_budget_hit()
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    expires_at = now + timedelta(seconds=config.SMS_CODE_VALIDITY_SECONDS)
    with transaction.atomic():
        VerificationCode.objects.filter(
            subject=subject, purpose=purpose, used_at__isnull=True, superseded_at__isnull=True
        ).update(superseded_at=now)
        row = VerificationCode.objects.create(
            subject=subject,
            purpose=purpose,
            user=user,
            phone=phone,
            code_hash=_code_hash(subject=subject, purpose=purpose, phone=phone, code=code),
            payload=payload or {},
            expires_at=expires_at,
            client_ip=client_ip,
        )
        notification = notification_enqueue(
            kind="sms",
            event=SMS_EVENT,
            to=phone,
            context={"code": code, "minutes": max(1, config.SMS_CODE_VALIDITY_SECONDS // 60)},
            language=language,
            user=user,
            secrets={"code": code},
            secrets_expire_at=expires_at,
        )
        row.notification_id = notification.pk
        row.save(update_fields=["notification_id"])
    return row


def verification_code_confirm(
    *,
    subject: str,
    purpose: str,
    phone: str,
    code: str,
    apply: Callable[[VerificationCode], T],
    payload: dict | None = None,
) -> T:
    """Check `code` for the subject's pending code and, if right, run `apply` in the same transaction.

    The row is locked, so concurrent guesses are counted one by one; a wrong guess is recorded
    even though the request fails. `payload`, when given, must equal what the code was sent for.
    """
    error = None
    with transaction.atomic():
        row = (
            VerificationCode.objects.select_for_update()
            .filter(subject=subject, purpose=purpose, used_at__isnull=True, superseded_at__isnull=True)
            .order_by("-created_date")
            .first()
        )
        if row is None:
            error = error_codes.CODE_NOT_SENT
        elif row.phone != phone:
            error = error_codes.PHONE_MISMATCH
        elif payload is not None and row.payload != payload:
            error = error_codes.CONSENT_MISMATCH
        elif row.attempts >= settings.SMS_CODE_MAX_ATTEMPTS:
            error = error_codes.CODE_DEAD
        elif row.expires_at <= timezone.now():
            error = error_codes.CODE_EXPIRED
        elif not hmac.compare_digest(
            row.code_hash, _code_hash(subject=subject, purpose=purpose, phone=phone, code=str(code))
        ):
            VerificationCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
            error = error_codes.CODE_MISMATCH
        else:
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
            result = apply(row)
            if row.notification_id:
                notification_id = row.notification_id
                transaction.on_commit(lambda: _mask_code(notification_id), robust=True)
    if error is not None:
        raise error.error()
    return result


def _mask_code(notification_id: int) -> None:
    from pazar.notifications.services import notification_mask_secrets

    notification_mask_secrets(notification_id=notification_id)
