"""Writes for accounts: registration, login, logout, profile changes confirmed by code, segments."""

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

from constance import config
from django.conf import settings
from django.contrib.auth import authenticate, login
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authtoken.models import Token

from pazar.accounts import error_codes
from pazar.accounts.captcha import services as captcha
from pazar.accounts.lifecycle import services as lifecycle
from pazar.accounts.models import Segment, User, VerificationPurpose
from pazar.accounts.signals import email_permission_changed
from pazar.accounts.verification import sms_probe_limits, verification_code_confirm, verification_code_send
from pazar.core.locks import advisory_xact_lock
from pazar.core.net import client_ip
from pazar.core.ratelimit import (
    Limit,
    ratelimit_clear,
    ratelimit_give_back,
    ratelimit_hit,
    ratelimit_reached,
    ratelimit_take,
)
from pazar.loyalty.services import loyalty_account_open, loyalty_changes_enqueue


@dataclass(frozen=True)
class LoginLimits:
    """The failure counters of one login attempt without a captcha (see `user_login`)."""

    email: Limit  # failures for the email in LOGIN_FAILURE_WINDOW; past it, the captcha
    email_daily: Limit  # NIST SP 800-63B 5.2.2's ceiling: attempts without a captcha, per email a day
    address: Limit  # failures from the client address (every email) in LOGIN_FAILURE_WINDOW

    @classmethod
    def of(cls, *, email: str, address: str) -> "LoginLimits":
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        window, daily = settings.LOGIN_FAILURE_WINDOW, settings.LOGIN_FAILURE_EMAIL_WINDOW
        return cls(
            email=Limit(f"login-failures:{digest}", config.LOGIN_CAPTCHA_AFTER_FAILURES, window),
            email_daily=Limit(f"login-failures-daily:{digest}", settings.LOGIN_FAILURE_EMAIL_LIMIT, daily),
            address=Limit(f"login-address-failures:{address}", settings.LOGIN_CAPTCHA_AFTER_ADDRESS_FAILURES, window),
        )

    def reserve(self) -> bool:
        """Take a slot of each counter before the password is hashed; False: the captcha is needed."""
        return all(ratelimit_take(limit) for limit in (self.email, self.email_daily, self.address))

    def succeeded(self, *, reserved: bool) -> None:
        """A success ends the email's run of failures and gives back the slot it took of the address."""
        ratelimit_clear(self.email, self.email_daily)
        if reserved:
            ratelimit_give_back(self.address)


def token_for(*, user: User) -> str:
    """The user's API token, created on first use."""
    token, _created = Token.objects.get_or_create(user=user)
    return token.key


def user_login(*, request, email: str, password: str) -> str:
    """Authenticate by email and password, start the session, return the token key.

    No refusal here can keep the owner out (behind the storefront every shopper shares one client
    address): past a threshold of failures for the email, for the address, or the email's daily
    ceiling, the answer is the platform's captcha challenge (`captcha.CaptchaRequired`) and the
    password is not hashed; a session that solved the captcha spends its one-use pass and has its
    password checked as usual. Each attempt without a pass takes its slots with an atomic
    increment before the hash, so N concurrent guesses never get more hash checks than the
    smallest threshold.
    """
    limits = LoginLimits.of(email=email, address=client_ip(request))
    reserved = not captcha.captcha_pass_spend(request=request)
    if reserved and not limits.reserve():
        raise captcha.CaptchaRequired()
    user = authenticate(request, email=email, password=password)
    if user is None:
        raise exceptions.ValidationError({"non_field_errors": [_("Unable to log in with provided credentials.")]})
    limits.succeeded(reserved=reserved)
    lifecycle.login_email_confirmed_check(user=user)
    login(request, user, backend="pazar.accounts.backends.EmailBackend")
    return token_for(user=user)


def registration_email_check(*, email: str, client_ip: str, request=None) -> None:
    """The seed's duplicate-email error (for the `email` field) when it has an account; limited per address.

    That answer tells a stranger which emails have accounts, so an address gets
    REGISTRATION_DUPLICATE_PER_IP_PER_HOUR of them; past it, every registration from the address
    answers the captcha challenge until the hour ends (so it tells nothing either), and one whose
    session solved the captcha spends its pass and is checked as usual: behind the storefront the
    address is every shopper's, and a stranger's probing must not stop the shop's registrations.
    """
    limit = Limit(f"registration-duplicate:{client_ip}", settings.REGISTRATION_DUPLICATE_PER_IP_PER_HOUR, 3600)
    if ratelimit_reached(limit) and not (request is not None and captcha.captcha_pass_spend(request=request)):
        raise captcha.CaptchaRequired()
    if User.objects.filter(email__iexact=email).exists():
        ratelimit_take(limit)
        raise exceptions.ValidationError(_("A user with that email address already exists."))


@transaction.atomic
def user_register(*, request, email: str, password: str, **fields) -> tuple[User, str | None]:
    """Create a registered user, log them in, return the user and the token key (None: email to confirm)."""
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=password, **fields)
    except IntegrityError:
        raise exceptions.ValidationError({"email": [_("A user with that email address already exists.")]})
    lifecycle.registration_email_on_register(user=user)
    if lifecycle.registration_email_verification() == lifecycle.EmailVerification.MANDATORY:
        return user, None  # no login until the emailed link confirms the address
    login(request, user, backend="pazar.accounts.backends.EmailBackend")
    return user, token_for(user=user)


# --- Profile, phone and consent verification, loyalty registration, segments -------------------

CONSENT_FIELDS = ("phone", "email", "email_allowed", "sms_allowed", "call_allowed")
RESERVED_ATTRIBUTES = ("logged_ip", "register_client_type")


class ChangeStatus(StrEnum):
    """What became of a profile change."""

    APPLIED = "applied"
    PENDING = "pending"  # a code was sent; nothing changed yet
    RESENT = "resent"


@dataclass
class ProfileChange:
    """The outcome of a profile update and the guarded values awaiting a code."""

    status: ChangeStatus
    pending: dict = field(default_factory=dict)


def _jsonable(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _phone_check_available(*, phone: str, user: User | None, probe: list[Limit] | None = None) -> None:
    """400 on `phone` when another account has it; with `probe`, that answer takes a slot of those limits."""
    if not phone or not config.PHONE_NUMBER_UNIQUE:
        return
    taken = User.objects.filter(phone=phone)
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        if probe:
            ratelimit_hit(*probe)
        raise exceptions.ValidationError({"phone": [_("This phone number is already in use.")]})


def _email_check_available(*, email: str, user: User) -> None:
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise exceptions.ValidationError({"email": [_("A user with that email address already exists.")]})


def _merge_attributes(current: dict, incoming: dict) -> dict:
    merged = dict(current)
    for key, value in incoming.items():
        if key in RESERVED_ATTRIBUTES:
            continue
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def _profile_apply(*, user: User, changes: dict, avatar, purpose: str) -> User:
    """Write the changes (phone uniqueness decided under a lock) and queue the loyalty sync."""
    with transaction.atomic():
        phone = changes.get("phone")
        if phone and config.PHONE_NUMBER_UNIQUE:
            advisory_xact_lock(f"phone:{phone}")
            _phone_check_available(phone=phone, user=user)
        fields = list(changes)
        for name, value in changes.items():
            setattr(user, name, value)
        if avatar is not _UNSET:
            if avatar is None:
                user.avatar = None
            else:
                user.avatar.save(avatar.name, avatar, save=False)
            fields.append("avatar")
        if fields:
            try:
                with transaction.atomic():
                    user.save(update_fields=fields)
            except IntegrityError:
                if "email" not in fields:  # only the email's unique index is the caller's to hear of
                    raise
                raise exceptions.ValidationError({"email": [_("A user with that email address already exists.")]})
        if purpose == VerificationPurpose.LOYALTY_PROFILE:
            loyalty_changes_enqueue(user=user, fields=fields)
        if "email_allowed" in changes:
            # The newsletter (preferences) follows the permission, in this transaction.
            email_permission_changed.send(sender=User, user=user, allowed=changes["email_allowed"])
    return user


_UNSET = object()


def profile_update(
    *,
    user: User,
    data: dict,
    code: str | None = None,
    resend: bool = False,
    purpose: str = VerificationPurpose.PROFILE,
    client_ip: str = "",
    language: str | None = None,
) -> ProfileChange:
    """Update the profile; a phone change (SMS verification) or a consent change (KVKK) waits for a code.

    Without `code`, a code is sent and nothing changes (PENDING); with the right code and the same
    guarded values, the change is applied. Not to be wrapped in an outer transaction: a wrong code
    must be counted even though the request fails.
    """
    data = dict(data)
    consent_on = config.PROFILE_CONSENT_CONFIRMATION
    if not consent_on:
        data.pop("email", None)  # the email changes only through the consent flow
    avatar = data.pop("avatar", _UNSET)
    attributes = data.pop("attributes", None)
    changes = {name: value for name, value in data.items() if getattr(user, name) != value}
    if attributes is not None:
        merged = _merge_attributes(user.attributes or {}, attributes)
        if merged != user.attributes:
            changes["attributes"] = merged
    subject = f"user:{user.pk}"
    if changes.get("phone"):
        probe = sms_probe_limits(subject=subject, client_ip=client_ip)
        _phone_check_available(phone=changes["phone"], user=user, probe=probe)
    if changes.get("email"):
        _email_check_available(email=changes["email"], user=user)

    phone_check = bool(changes.get("phone")) and config.PROFILE_SMS_VERIFICATION
    consent_check = consent_on and any(name in changes for name in CONSENT_FIELDS)
    if not (phone_check or consent_check):
        _profile_apply(user=user, changes=changes, avatar=avatar, purpose=purpose)
        return ProfileChange(ChangeStatus.APPLIED)

    guarded = CONSENT_FIELDS if consent_check else ("phone",)
    pending = {name: _jsonable(changes.get(name, getattr(user, name))) for name in guarded}
    target_phone = pending.get("phone") or user.phone
    if not target_phone:
        raise exceptions.ValidationError({"phone": [_("A phone number is needed to confirm this change.")]})
    if resend or not code:
        verification_code_send(
            subject=subject,
            purpose=purpose,
            phone=target_phone,
            user=user,
            payload=pending,
            client_ip=client_ip,
            language=language or user.language_code,
        )
        return ProfileChange(ChangeStatus.RESENT if resend else ChangeStatus.PENDING, pending)
    verification_code_confirm(
        subject=subject,
        purpose=purpose,
        phone=target_phone,
        code=code,
        payload=pending if consent_check else None,
        apply=lambda _row: _profile_apply(user=user, changes=changes, avatar=avatar, purpose=purpose),
    )
    return ProfileChange(ChangeStatus.APPLIED)


@dataclass
class Registration:
    """The outcome of a registration with SMS verification."""

    status: ChangeStatus
    user: User | None = None


def user_register_with_loyalty(
    *,
    request,
    data: dict,
    code: str | None = None,
    resend: bool = False,
    add_loyalty: bool = False,
    client_ip: str = "",
    language: str | None = None,
) -> Registration:
    """Register a shopper whose phone is confirmed by SMS; optionally open a loyalty card.

    Whether the phone has an account is told only to whoever holds the code sent to it (at
    confirmation): asking answers "code sent" either way. Without SMS verification that answer
    takes a slot of the SMS limits of the email and the address.
    """
    data = dict(data)
    email, password, phone = data.pop("email"), data.pop("password"), data["phone"]
    subject = f"email:{email.strip().lower()}"

    def create(_row=None) -> User:
        with transaction.atomic():
            advisory_xact_lock(f"phone:{phone}")
            _phone_check_available(phone=phone, user=None)
            user, _key = user_register(request=request, email=email, password=password, **data)
            if add_loyalty:
                loyalty_account_open(user=user)
        return user

    if not config.PROFILE_SMS_VERIFICATION:
        _phone_check_available(phone=phone, user=None, probe=sms_probe_limits(subject=subject, client_ip=client_ip))
        return Registration(ChangeStatus.APPLIED, create())
    if resend or not code:
        verification_code_send(
            subject=subject,
            purpose=VerificationPurpose.REGISTRATION,
            phone=phone,
            client_ip=client_ip,
            language=language,
        )
        return Registration(ChangeStatus.RESENT if resend else ChangeStatus.PENDING)
    user = verification_code_confirm(
        subject=subject, purpose=VerificationPurpose.REGISTRATION, phone=phone, code=code, apply=create
    )
    return Registration(ChangeStatus.APPLIED, user)


def segment_activate(*, request, user: User, segment_id: int) -> Segment:
    """Make one of the user's own segments the active one for this session."""
    segment = Segment.objects.select_related("price_list").filter(pk=segment_id, users=user, is_active=True).first()
    if segment is None:
        message = error_codes.SEGMENT_NOT_AVAILABLE.message % {"segment_id": segment_id, "user_id": user.pk}
        raise error_codes.SEGMENT_NOT_AVAILABLE.error(message)
    request.session["segment_id"] = segment.pk
    return segment
