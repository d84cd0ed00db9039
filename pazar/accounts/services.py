"""Writes for accounts: registration, login, logout, and the login-failure counter."""

import hashlib

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authtoken.models import Token

from pazar.accounts.models import User


def _failure_key(email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"login-failures:{digest}"


def login_failures_check(*, email: str) -> None:
    """Refuse (429) while an email has reached its failed-login limit in the window."""
    failures = cache.get(_failure_key(email), 0)
    if failures >= settings.LOGIN_FAILURE_LIMIT:
        wait = int(settings.LOGIN_FAILURE_WINDOW.total_seconds())
        raise exceptions.Throttled(wait=wait)


def login_failure_record(*, email: str) -> None:
    """Count a failed login for an email; the window starts at the first failure."""
    key = _failure_key(email)
    timeout = int(settings.LOGIN_FAILURE_WINDOW.total_seconds())
    cache.add(key, 0, timeout=timeout)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)


def login_failures_clear(*, email: str) -> None:
    cache.delete(_failure_key(email))


def token_for(*, user: User) -> str:
    """The user's API token, created on first use."""
    token, _created = Token.objects.get_or_create(user=user)
    return token.key


def user_login(*, request, email: str, password: str) -> str:
    """Authenticate by email and password, start the session, return the token key."""
    login_failures_check(email=email)
    user = authenticate(request, email=email, password=password)
    if user is None:
        login_failure_record(email=email)
        raise exceptions.ValidationError({"non_field_errors": [_("Unable to log in with provided credentials.")]})
    login_failures_clear(email=email)
    login(request, user, backend="pazar.accounts.backends.EmailBackend")
    return token_for(user=user)


@transaction.atomic
def user_register(*, request, email: str, password: str, **fields) -> tuple[User, str]:
    """Create a registered user, log them in, return the user and the token key."""
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=password, **fields)
    except IntegrityError:
        raise exceptions.ValidationError({"email": [_("A user with that email address already exists.")]})
    login(request, user, backend="pazar.accounts.backends.EmailBackend")
    return user, token_for(user=user)


def user_logout(*, request) -> None:
    """End the session; a token-authenticated logout also revokes the token."""
    if isinstance(request.auth, Token):
        request.auth.delete()
    logout(request)
