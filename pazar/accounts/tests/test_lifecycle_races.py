"""Links opened at the same moment, on PostgreSQL: a one-time link works once, an address goes to one account."""

import hashlib
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from pazar.accounts.lifecycle.services import _reset_slug
from pazar.accounts.models import AccountLink, AccountLinkPurpose, User
from pazar.accounts.tests.factories import UserFactory
from pazar.core.testing import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]

THREADS = 16


def _link(user, purpose, email, token):
    AccountLink.objects.create(
        user=user,
        purpose=purpose,
        email=email,
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        expires_at=timezone.now() + timedelta(hours=1),
    )


def test_one_reset_link_posted_16_times_at_once_sets_one_password():
    user = UserFactory()
    slug = _reset_slug(user)

    def reset(index):
        password = f"racing-Passphrase-{index:02d}"
        body = {"new_password1": password, "new_password2": password}
        return APIClient().post(f"/users/reset/{slug}/", body, format="multipart").status_code

    results = run_together(reset, THREADS)

    assert sorted(results) == [200] + [400] * (THREADS - 1)
    winner = results.index(200)
    assert User.objects.get(pk=user.pk).check_password(f"racing-Passphrase-{winner:02d}")


def test_one_email_change_link_opened_16_times_at_once_is_used_once():
    user = UserFactory()
    _link(user, AccountLinkPurpose.EMAIL_CHANGE, "moved@example.com", "the-one-token")

    results = run_together(
        lambda index: APIClient().get("/users/email-set-primary/the-one-token/").status_code, THREADS
    )

    assert sorted(results) == [200] + [400] * (THREADS - 1)
    assert User.objects.get(pk=user.pk).email == "moved@example.com"


def test_16_accounts_racing_for_one_address_leave_it_to_one():
    users = [UserFactory() for _ in range(THREADS)]
    for index, user in enumerate(users):
        _link(user, AccountLinkPurpose.EMAIL_CHANGE, "Wanted@Example.com", f"token-{index}")

    results = run_together(
        lambda index: APIClient().get(f"/users/email-set-primary/token-{index}/").status_code, THREADS
    )

    assert sorted(results) == [200] + [400] * (THREADS - 1)
    assert User.objects.filter(email__iexact="wanted@example.com").count() == 1
