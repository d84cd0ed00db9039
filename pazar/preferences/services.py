"""Writes of the preferences app: the newsletter subscription (single or double opt-in) and the currency.

The answer to a subscription request is the same whether or not the address has an account, is
already subscribed or was never seen: the request is throttled per address asked for and per
client address before anything is looked up, and every branch ends in the same reply. The
confirmation email (double opt-in) is rendered from the shop's fixed text alone: nothing the caller
typed but the address it goes to. A subscription of an account's address sets that account's
`email_allowed`; unsubscribing clears it.
"""

import hashlib
import secrets as random_secrets
from datetime import timedelta

from constance import config
from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions

from pazar.accounts.models import User
from pazar.core.ratelimit import Limit, ratelimit_hit
from pazar.preferences.models import ConsentSource, EmailSubscription, SubscriptionStatus

UNSUBSCRIBE_SALT = "pazar.preferences.unsubscribe"
USER_AGENT_MAX_LENGTH = EmailSubscription._meta.get_field("consent_user_agent").max_length
CURRENCY_SESSION_KEY = "currency"


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _email_key(email: str) -> str:
    return _digest(email.strip().lower())


def _invalid_link() -> exceptions.ValidationError:
    return exceptions.ValidationError({"non_field_errors": [_("This link is invalid, used or expired.")]})


def unsubscribe_token(subscription: EmailSubscription) -> str:
    """The signed token of the subscription's unsubscribe link: its id and its address (any case)."""
    return signing.dumps([subscription.pk, _email_key(subscription.email)[:20]], salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(subscription: EmailSubscription) -> str:
    return config.NEWSLETTER_UNSUBSCRIBE_URL.replace("{token}", unsubscribe_token(subscription))


def _account_email_allowed(*, email: str, allowed: bool) -> None:
    """The account of this address (if any) says whether it may be emailed, as the subscription does."""
    User.objects.filter(email__iexact=email, anonymized_at__isnull=True).exclude(email_allowed=allowed).update(
        email_allowed=allowed, modified_date=timezone.now()
    )


def _locked_subscription(email: str) -> EmailSubscription | None:
    return EmailSubscription.objects.select_for_update().filter(email__iexact=email).first()


def _subscription_for_update(*, email: str, now) -> EmailSubscription:
    """The address's row, locked; created (not yet subscribed) when there is none.

    The unique constraint on the lowered address decides a race of two first requests: the loser's
    insert fails and it locks the winner's row instead.
    """
    found = _locked_subscription(email)
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return EmailSubscription.objects.create(
                email=email, status=SubscriptionStatus.UNSUBSCRIBED, consent_text_version="", consented_at=now
            )
    except IntegrityError:
        return _locked_subscription(email)


def subscription_request(*, email: str, requester: User | None, client_ip: str, user_agent: str, language: str) -> None:
    """Subscribe the address with its consent; with double opt-in, email it a link first.

    An address already subscribed is left as it is (a stranger cannot overwrite its consent). The
    logged-in shopper's own login address needs no link: the session is theirs.
    """
    ratelimit_hit(
        Limit(f"newsletter:email:{_email_key(email)}", settings.NEWSLETTER_PER_EMAIL_PER_HOUR, 3600),
        Limit(f"newsletter:ip:{client_ip}", settings.NEWSLETTER_PER_IP_PER_HOUR, 3600),
    )
    email = BaseUserManager.normalize_email(email.strip())
    own_address = requester is not None and requester.email.lower() == email.lower()
    double_opt_in = config.NEWSLETTER_DOUBLE_OPT_IN and not own_address
    now = timezone.now()
    with transaction.atomic():
        subscription = _subscription_for_update(email=email, now=now)
        if subscription.status == SubscriptionStatus.SUBSCRIBED:
            return
        subscription.requested_by = requester
        subscription.consent_source = ConsentSource.FORM
        subscription.consent_text_version = config.NEWSLETTER_CONSENT_VERSION
        subscription.consented_at = now
        subscription.consent_ip = client_ip[:64]
        subscription.consent_user_agent = user_agent[:USER_AGENT_MAX_LENGTH]
        subscription.language = language[:10]
        fields = [
            "requested_by",
            "consent_source",
            "consent_text_version",
            "consented_at",
            "consent_ip",
            "consent_user_agent",
            "language",
            "status",
            "confirmed_at",
            "unsubscribed_at",
            "token_hash",
            "token_expires_at",
            "notification_id",
            "modified_date",
        ]
        if double_opt_in:
            _confirmation_send(subscription=subscription, now=now, language=language)
        else:
            _subscribed(subscription=subscription, now=now)
        subscription.save(update_fields=fields)


def _subscribed(*, subscription: EmailSubscription, now) -> None:
    subscription.status = SubscriptionStatus.SUBSCRIBED
    subscription.confirmed_at = now
    subscription.unsubscribed_at = None
    subscription.token_hash = ""
    subscription.token_expires_at = None
    _account_email_allowed(email=subscription.email, allowed=True)


def _confirmation_send(*, subscription: EmailSubscription, now, language: str) -> None:
    """A fresh one-time link (the older one dies), emailed with the shop's fixed text in the outbox."""
    from pazar.notifications.services import notification_enqueue, notification_mask_secrets

    if subscription.notification_id:
        notification_mask_secrets(notification_id=subscription.notification_id)
    token = random_secrets.token_urlsafe(32)
    expires_at = now + timedelta(hours=settings.NEWSLETTER_CONFIRM_MAX_AGE_HOURS)
    subscription.status = SubscriptionStatus.PENDING
    subscription.token_hash = _digest(token)
    subscription.token_expires_at = expires_at
    notification = notification_enqueue(
        kind="email",
        event="newsletter_confirm",
        to=subscription.email,
        context={"hours": settings.NEWSLETTER_CONFIRM_MAX_AGE_HOURS, "unsubscribe_url": unsubscribe_url(subscription)},
        language=language,
        secrets={"url": config.NEWSLETTER_CONFIRM_URL.replace("{token}", token)},
        secrets_expire_at=expires_at,
    )
    subscription.notification_id = notification.pk


def subscription_confirm(*, token: str) -> EmailSubscription:
    """Open a confirmation link: the address is subscribed (once; a used or expired link is a 400)."""
    from pazar.notifications.services import notification_mask_secrets

    now = timezone.now()
    with transaction.atomic():
        subscription = (
            EmailSubscription.objects.select_for_update()
            .filter(
                token_hash=_digest(token),
                status=SubscriptionStatus.PENDING,
                token_expires_at__gt=now,
            )
            .first()
        )
        if subscription is None or not token:
            raise _invalid_link()
        _subscribed(subscription=subscription, now=now)
        subscription.save(
            update_fields=[
                "status",
                "confirmed_at",
                "unsubscribed_at",
                "token_hash",
                "token_expires_at",
                "modified_date",
            ]
        )
        if subscription.notification_id:
            notification_mask_secrets(notification_id=subscription.notification_id)
    return subscription


def subscription_unsubscribe(*, token: str) -> None:
    """Open an unsubscribe link: the address is off the list, its account's `email_allowed` cleared (idempotent)."""
    try:
        pk, key = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        raise _invalid_link()
    if not isinstance(pk, int) or not 0 < pk < 2**63:
        raise _invalid_link()
    with transaction.atomic():
        subscription = EmailSubscription.objects.select_for_update().filter(pk=pk).first()
        if subscription is None or _email_key(subscription.email)[:20] != key:
            raise _invalid_link()
        if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
            return
        subscription.status = SubscriptionStatus.UNSUBSCRIBED
        subscription.unsubscribed_at = timezone.now()
        subscription.token_hash = ""
        subscription.token_expires_at = None
        subscription.save(
            update_fields=["status", "unsubscribed_at", "token_hash", "token_expires_at", "modified_date"]
        )
        _account_email_allowed(email=subscription.email, allowed=False)


def subscription_from_profile(*, user: User, allowed: bool) -> None:
    """The account's email permission changed in its profile: its login address follows.

    Turning it on is the account holder's own consent (their session, or the SMS code that confirmed
    it): the address is subscribed, the consent recorded as the profile's. Turning it off takes the
    address off the list.
    """
    now = timezone.now()
    with transaction.atomic():
        if not allowed:
            subscription = _locked_subscription(user.email)
            if subscription is None or subscription.status == SubscriptionStatus.UNSUBSCRIBED:
                return
            subscription.status = SubscriptionStatus.UNSUBSCRIBED
            subscription.unsubscribed_at = now
            subscription.token_hash = ""
            subscription.token_expires_at = None
            subscription.save(
                update_fields=["status", "unsubscribed_at", "token_hash", "token_expires_at", "modified_date"]
            )
            return
        subscription = _subscription_for_update(email=user.email, now=now)
        if subscription.status == SubscriptionStatus.SUBSCRIBED:
            return
        subscription.requested_by = user
        subscription.consent_source = ConsentSource.PROFILE
        subscription.consent_text_version = config.NEWSLETTER_CONSENT_VERSION
        subscription.consented_at = now
        subscription.consent_ip = subscription.consent_user_agent = ""
        subscription.language = user.language_code or ""
        subscription.status = SubscriptionStatus.SUBSCRIBED
        subscription.confirmed_at = now
        subscription.unsubscribed_at = None
        subscription.token_hash = ""
        subscription.token_expires_at = None
        subscription.save()


def subscriptions_erase(*, email: str, user: User) -> None:
    """The account's erasure (KVKK): its address's subscription and consent record go, and the
    subscriptions it asked for elsewhere no longer name it."""
    EmailSubscription.objects.filter(email__iexact=email).delete()
    EmailSubscription.objects.filter(requested_by=user).update(requested_by=None)


def currency_activate(*, request, currency_code: str) -> None:
    """Keep the shopper's currency in their session (a visitor's too; it stays through the login)."""
    request.session[CURRENCY_SESSION_KEY] = currency_code
