"""Writes for the account lifecycle: password change and reset, email change, registration email
confirmation, erasure (KVKK), and the logout the storefront posts.

These are services (STYLE.md: keyword-only, under `transaction.atomic`, `update_fields`), kept out
of services.py so that login and registration stay readable there. Every email goes through the
notifications outbox; a link is a secret of its notification, masked in the stored text once it is
used or expires.
"""

import hashlib
import logging
import secrets as random_secrets
import uuid
from datetime import timedelta

from constance import config
from django.conf import settings
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authtoken.models import Token

from pazar.accounts.models import AccountLink, AccountLinkPurpose, DeferredPasswordReset, User, VerificationCode
from pazar.core.erasure import ErasedPerson, erasure_steps_run
from pazar.core.jobs import job_enqueue
from pazar.core.ratelimit import Limit, ratelimit_hit

logger = logging.getLogger(__name__)
PASSWORD_RESET_SEND_TASK = "pazar.accounts.tasks.password_reset_send_task"
ERASED_EMAIL_DOMAIN = "erased.invalid"


class EmailVerification:
    """The choices of the REGISTRATION_EMAIL_VERIFICATION dynamic setting."""

    NONE = "none"
    OPTIONAL = "optional"
    MANDATORY = "mandatory"
    CHOICES = ((NONE, "none"), (OPTIONAL, "optional"), (MANDATORY, "mandatory"))


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _email_key(email: str) -> str:
    return _digest(email.strip().lower())


def _link(template: str, **values) -> str:
    url = template
    for name, value in values.items():
        url = url.replace("{" + name + "}", value)
    return url


def _enqueue_link_email(
    *,
    user: User,
    purpose: str,
    event: str,
    to: str,
    token: str,
    url: str,
    expires_at,
    context: dict,
    language: str | None = None,
) -> AccountLink:
    """Write the link's row and its email (the URL a secret of the notification) in one transaction."""
    from pazar.notifications.services import notification_enqueue

    with transaction.atomic():
        link = AccountLink.objects.create(
            user=user, purpose=purpose, email=to, token_hash=_digest(token), expires_at=expires_at
        )
        notification = notification_enqueue(
            kind="email",
            event=event,
            to=to,
            context={"first_name": user.first_name, **context},
            user=user,
            language=language,
            secrets={"url": url},
            secrets_expire_at=expires_at,
        )
        link.notification_id = notification.pk
        link.save(update_fields=["notification_id"])
    return link


def _links_close(links) -> None:
    """Mark links used and mask them in the outbox, in the caller's transaction (a rollback undoes both)."""
    from pazar.notifications.services import notification_mask_secrets

    links = list(links)
    if not links:
        return
    AccountLink.objects.filter(pk__in=[link.pk for link in links], used_at__isnull=True).update(used_at=timezone.now())
    for link in links:
        if link.notification_id:
            notification_mask_secrets(notification_id=link.notification_id)


def _open_links(*, user: User, purpose: str):
    return AccountLink.objects.filter(user=user, purpose=purpose, used_at__isnull=True)


def _new_password_check(*, password1: str, password2: str, user: User) -> None:
    if password1 != password2:
        raise exceptions.ValidationError({"new_password2": [_("The two password fields didn't match.")]})
    try:
        validate_password(password1, user=user)
    except DjangoValidationError as exc:
        raise exceptions.ValidationError({"new_password2": list(exc.messages)})


def _password_set(*, user: User, password: str) -> None:
    """Set the password, revoke every token, close open reset links and tell the user."""
    from pazar.notifications.services import notification_enqueue

    user.set_password(password)
    user.save(update_fields=["password"])
    Token.objects.filter(user=user).delete()
    _links_close(_open_links(user=user, purpose=AccountLinkPurpose.PASSWORD_RESET))
    notification_enqueue(
        kind="email", event="password_changed", to=user.email, context={"first_name": user.first_name}, user=user
    )


def _password_attempt_limit(*, user: User) -> None:
    ratelimit_hit(Limit(f"password-check:user:{user.pk}", settings.PASSWORD_CHECK_PER_USER_PER_HOUR, 3600))


# --- Password change and reset ---------------------------------------------------------------------


def password_change(*, request, user: User, old_password: str, new_password1: str, new_password2: str) -> None:
    """Change the password: this session stays logged in, the user's other sessions and tokens end."""
    _password_attempt_limit(user=user)
    if not user.check_password(old_password):
        raise exceptions.ValidationError(
            {"old_password": [_("Your old password was entered incorrectly. Please enter it again.")]}
        )
    _new_password_check(password1=new_password1, password2=new_password2, user=user)
    with transaction.atomic():
        _password_set(user=user, password=new_password1)
    # The other sessions hold the old password's hash, so Django ends them on their next request.
    update_session_auth_hash(request, user)


def _reset_slug(user: User) -> str:
    """`<uidb64>-<token>`: the user's id in URL-safe base64, then Django's token (`<timestamp>-<hash>`)."""
    return f"{urlsafe_base64_encode(force_bytes(user.pk))}-{default_token_generator.make_token(user)}"


def password_reset_request(*, email: str, client_ip: str) -> None:
    """Email a one-time reset link if the address has an account; the caller learns nothing either way.

    Throttled per address asked for and per client address before anything is looked up, so the
    answer (and the 429) is the same for known and unknown emails.
    """
    ratelimit_hit(
        Limit(f"password-reset:email:{_email_key(email)}", settings.PASSWORD_RESET_PER_EMAIL_PER_HOUR, 3600),
        Limit(f"password-reset:ip:{client_ip}", settings.PASSWORD_RESET_PER_IP_PER_HOUR, 3600),
    )
    # The lookup and the email never run in the request (inline only in development's eager mode),
    # so the answer takes as long for an unknown address as for a known one: a worker does them,
    # or, when the broker cannot be reached, the sweep does from a row written the same either way.
    try:
        job_enqueue(PASSWORD_RESET_SEND_TASK, email)
    except Exception:
        logger.warning("Password reset deferred to the sweep: the broker is unreachable.", exc_info=True)
        DeferredPasswordReset.objects.create(email=email)


def password_reset_deferred_sweep(*, batch_size: int = 100) -> int:
    """The periodic job: send the resets whose requests the broker could not take; how many were taken."""
    taken = 0
    for pk in list(DeferredPasswordReset.objects.order_by("pk").values_list("pk", flat=True)[:batch_size]):
        with transaction.atomic():
            row = DeferredPasswordReset.objects.select_for_update().filter(pk=pk).first()
            if row is None:  # another sweep took it
                continue
            row.delete()
            password_reset_send(email=row.email)
            taken += 1
    return taken


def password_reset_send(*, email: str) -> None:
    """Email the reset link if the address has an account with a password (the job behind the request)."""
    user = (
        User.objects.filter(email__iexact=email.strip(), is_active=True, anonymized_at__isnull=True)
        .order_by("pk")
        .first()
    )
    if user is None or not user.has_usable_password():
        return
    slug = _reset_slug(user)
    expires_at = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    _enqueue_link_email(
        user=user,
        purpose=AccountLinkPurpose.PASSWORD_RESET,
        event="password_reset",
        to=user.email,
        token=slug,
        url=_link(config.PASSWORD_RESET_URL, slug=slug),
        expires_at=expires_at,
        context={"hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)},
    )


def _reset_user(slug: str) -> User | None:
    uidb64, _sep, token = slug.partition("-")
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    if not 0 < pk < 2**63:
        return None
    user = User.objects.filter(pk=pk, is_active=True, anonymized_at__isnull=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


def password_reset_confirm(*, slug: str, new_password1: str, new_password2: str) -> User:
    """Set the password from a reset link; a wrong, used or expired link is a 400 and changes nothing."""
    with transaction.atomic():
        user = _reset_user(slug)
        if user is None:
            raise exceptions.ValidationError(
                {"non_field_errors": [_("This password reset link is invalid, used or expired.")]}
            )
        user = User.objects.select_for_update().get(pk=user.pk)
        # Checked again under the lock: two requests with one link cannot both set a password.
        if not default_token_generator.check_token(user, slug.partition("-")[2]):
            raise exceptions.ValidationError(
                {"non_field_errors": [_("This password reset link is invalid, used or expired.")]}
            )
        _new_password_check(password1=new_password1, password2=new_password2, user=user)
        _password_set(user=user, password=new_password1)
    return user


# --- Email change ----------------------------------------------------------------------------------


def _email_taken(*, email: str, user: User | None) -> bool:
    taken = User.objects.filter(email__iexact=email)
    return taken.exclude(pk=user.pk).exists() if user is not None else taken.exists()


def email_change_request(*, user: User, email: str, email_confirm: str, password: str, client_ip: str) -> None:
    """Send a link to the new address; nothing changes until it is opened.

    A taken address is answered like a free one (the answer is no account-existence oracle): its
    owner gets a neutral notice with no link and nothing the requester typed, and the requester's
    older links are closed all the same. The confirmation refuses an address taken meanwhile.
    """
    ratelimit_hit(
        Limit(f"email-change:user:{user.pk}", settings.EMAIL_CHANGE_PER_USER_PER_HOUR, 3600),
        Limit(f"email-change:ip:{client_ip}", settings.EMAIL_CHANGE_PER_IP_PER_HOUR, 3600),
    )
    if not user.check_password(password):
        raise exceptions.ValidationError({"password": [_("The password is not correct.")]})
    email = User.objects.normalize_email(email.strip())
    if email.lower() != email_confirm.strip().lower():
        raise exceptions.ValidationError({"emailConfirm": [_("The two email fields didn't match.")]})
    if email.lower() == user.email.lower():
        raise exceptions.ValidationError({"email": [_("This is already your email address.")]})
    owner = User.objects.filter(email__iexact=email).exclude(pk=user.pk).first()
    token = random_secrets.token_urlsafe(32)
    with transaction.atomic():
        # A newer request replaces the older links.
        _links_close(_open_links(user=user, purpose=AccountLinkPurpose.EMAIL_CHANGE))
        if owner is not None:
            _email_change_taken_notice(owner=owner)
            return
        _enqueue_link_email(
            user=user,
            purpose=AccountLinkPurpose.EMAIL_CHANGE,
            event="email_change",
            to=email,
            token=token,
            url=_link(config.EMAIL_CHANGE_URL, token=token),
            expires_at=timezone.now() + timedelta(hours=settings.ACCOUNT_EMAIL_LINK_MAX_AGE_HOURS),
            context={"email": email, "hours": settings.ACCOUNT_EMAIL_LINK_MAX_AGE_HOURS},
        )


def _email_change_taken_notice(*, owner: User) -> None:
    """Tell an address's owner that someone asked to move another account to it (and that nothing changed)."""
    from pazar.notifications.services import notification_enqueue

    notification_enqueue(
        kind="email",
        event="email_change_taken",
        to=owner.email,
        context={"email": owner.email},
        user=owner,
        language=owner.language_code or None,
    )


def _link_take(*, token: str, purpose: str) -> AccountLink:
    """The open link of this token, locked, or a 400 for a wrong, used or expired one."""
    link = (
        AccountLink.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=_digest(token), purpose=purpose, used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if link is None or link.user.anonymized_at is not None:
        raise exceptions.ValidationError({"non_field_errors": [_("This link is invalid, used or expired.")]})
    return link


def email_set_primary(*, token: str) -> User:
    """Make the address the link was sent to the login email; the old address is told."""
    from pazar.notifications.services import notification_enqueue

    with transaction.atomic():
        link = _link_take(token=token, purpose=AccountLinkPurpose.EMAIL_CHANGE)
        user = User.objects.select_for_update().get(pk=link.user_id)
        if _email_taken(email=link.email, user=user):
            raise exceptions.ValidationError({"email": [_("A user with that email address already exists.")]})
        old_email = user.email
        user.email = link.email
        user.email_verified_at = timezone.now()
        try:
            with transaction.atomic():
                user.save(update_fields=["email", "email_verified_at"])
        except IntegrityError:
            raise exceptions.ValidationError({"email": [_("A user with that email address already exists.")]})
        _links_close([link])
        notification_enqueue(
            kind="email",
            event="email_changed",
            to=old_email,
            context={"first_name": user.first_name, "email": user.email},
            user=user,
        )
    return user


# --- Registration email confirmation -----------------------------------------------------------------


def registration_email_verification() -> str:
    return config.REGISTRATION_EMAIL_VERIFICATION


def registration_email_send(*, user: User, language: str | None = None) -> None:
    """Email the link that confirms the registration address (a newer link replaces the older)."""
    token = random_secrets.token_urlsafe(32)
    with transaction.atomic():
        _links_close(_open_links(user=user, purpose=AccountLinkPurpose.EMAIL_CONFIRM))
        _enqueue_link_email(
            user=user,
            purpose=AccountLinkPurpose.EMAIL_CONFIRM,
            event="registration_email_confirm",
            to=user.email,
            token=token,
            url=_link(config.REGISTRATION_CONFIRM_URL, token=token),
            expires_at=timezone.now() + timedelta(hours=settings.ACCOUNT_EMAIL_LINK_MAX_AGE_HOURS),
            context={"hours": settings.ACCOUNT_EMAIL_LINK_MAX_AGE_HOURS},
            language=language,
        )


def registration_email_on_register(*, user: User) -> None:
    """Called by registration: send the confirmation link (in the request's language) unless verification is off."""
    if registration_email_verification() != EmailVerification.NONE:
        registration_email_send(user=user, language=translation.get_language())


def registration_email_resend(*, email: str, client_ip: str) -> None:
    """A fresh link for an unconfirmed address; the same answer whether or not it has an account."""
    ratelimit_hit(
        Limit(f"email-confirm:email:{_email_key(email)}", settings.EMAIL_CONFIRM_RESEND_PER_EMAIL_PER_HOUR, 3600),
        Limit(f"email-confirm:ip:{client_ip}", settings.EMAIL_CONFIRM_RESEND_PER_IP_PER_HOUR, 3600),
    )
    if registration_email_verification() == EmailVerification.NONE:
        return
    user = (
        User.objects.filter(
            email__iexact=email.strip(), is_active=True, anonymized_at__isnull=True, email_verified_at__isnull=True
        )
        .order_by("pk")
        .first()
    )
    if user is not None:
        registration_email_send(user=user)


def registration_email_confirm(*, token: str) -> User:
    """Confirm the address a registration link was sent to (once)."""
    with transaction.atomic():
        link = _link_take(token=token, purpose=AccountLinkPurpose.EMAIL_CONFIRM)
        user = User.objects.select_for_update().get(pk=link.user_id)
        if user.email.lower() != link.email.lower():
            _links_close([link])
            raise exceptions.ValidationError({"non_field_errors": [_("This link is invalid, used or expired.")]})
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
        _links_close([link])
    return user


def login_email_confirmed_check(*, user: User) -> None:
    """With mandatory verification, refuse a login (400) until the registration email is confirmed."""
    if registration_email_verification() != EmailVerification.MANDATORY or user.email_verified_at is not None:
        return
    if user.is_staff or user.is_seller:
        return
    raise exceptions.ValidationError(
        {
            "non_field_errors": [
                _(
                    "Please confirm your email address first: follow the link we emailed you, "
                    "or ask for a new one (POST /users/registration/resend-email/)."
                )
            ]
        }
    )


def user_logout(*, request) -> None:
    """End the session; a token-authenticated logout also revokes the token."""
    if isinstance(request.auth, Token):
        request.auth.delete()
    logout(request)


# --- Erasure (KVKK / GDPR) -------------------------------------------------------------------------


def user_anonymize_confirm(*, user: User, password: str | None) -> None:
    """Check the confirmation the shop asks for before an erasure (ANONYMIZE_REQUIRES_PASSWORD)."""
    if not config.ANONYMIZE_REQUIRES_PASSWORD:
        return
    _password_attempt_limit(user=user)
    if not password:
        raise exceptions.ValidationError({"password": [_("Enter your password to delete your account.")]})
    if not user.check_password(password):
        raise exceptions.ValidationError({"password": [_("The password is not correct.")]})


def user_anonymize(*, user_id: int) -> User:
    """Erase a person from the shop, irreversibly; idempotent.

    The user row stays (orders, requests and conversations point at it, for the shop's accounting)
    but names nobody: names, email, phone, birth date, gender, avatar, attributes and consents are
    replaced or cleared, the password made unusable and the account inactive, tokens, codes and
    links deleted. Every app that keeps the person's data erases its part in the same transaction
    through the step it registered at load (`pazar/core/erasure.py`): addresses, orders, the loyalty
    account, contact messages, newsletter subscriptions and the outbox. The email address is free
    to register again.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user_id)
        if user.anonymized_at is not None:
            return user
        old_email, old_phone = user.email, user.phone
        avatar = user.avatar.name if user.avatar else None
        user.email = f"erased-{uuid.uuid4().hex}@{ERASED_EMAIL_DOMAIN}"
        user.username = f"erased-{uuid.uuid4().hex[:20]}"
        user.first_name = user.last_name = ""
        user.phone = user.date_of_birth = user.gender = None
        user.avatar = None
        user.attributes = {}
        user.email_allowed = user.sms_allowed = user.call_allowed = False
        user.is_active = False
        user.email_verified_at = None
        user.anonymized_at = timezone.now()
        user.set_unusable_password()
        user.save(
            update_fields=[
                "email",
                "username",
                "first_name",
                "last_name",
                "phone",
                "date_of_birth",
                "gender",
                "avatar",
                "attributes",
                "email_allowed",
                "sms_allowed",
                "call_allowed",
                "is_active",
                "email_verified_at",
                "anonymized_at",
                "password",
            ]
        )
        Token.objects.filter(user=user).delete()
        VerificationCode.objects.filter(Q(user=user) | Q(subject=f"user:{user.pk}")).delete()
        AccountLink.objects.filter(user=user).delete()
        user.segments.clear()
        # Every other app's part of the person: the steps they registered (pazar/core/erasure.py).
        erasure_steps_run(ErasedPerson(user=user, email=old_email, phone=old_phone))
        if avatar:
            storage = User._meta.get_field("avatar").storage
            transaction.on_commit(lambda: storage.delete(avatar), robust=True)
    return user


def user_anonymize_self(*, request, password: str | None) -> None:
    """`PATCH /users/anonymize/`: the logged-in shopper erases themself; the session ends."""
    user = request.user
    user_anonymize_confirm(user=user, password=password)
    user_anonymize(user_id=user.pk)
    logout(request)
