"""Newsletter requests and links at the same moment, on PostgreSQL: one row per address, a link works once."""

import pytest
from constance.test import override_config
from django.db import connection
from rest_framework.test import APIClient

from pazar.accounts.tests.lifecycle_support import emails, link_in
from pazar.core.testing import run_together
from pazar.preferences.models import EmailSubscription, SubscriptionStatus

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]

THREADS = 12


def test_first_requests_for_one_address_at_once_make_one_row(settings):
    settings.NEWSLETTER_PER_EMAIL_PER_HOUR = 100
    cases = ["Reader@Example.com", "reader@example.com", "READER@example.com"]

    results = run_together(
        lambda i: (
            APIClient()
            .post("/email-subscription/", {"email": cases[i % 3], "subscribe_contract": True}, format="json")
            .status_code
        ),
        THREADS,
    )

    assert results == [200] * THREADS
    assert EmailSubscription.objects.filter(email__iexact="reader@example.com").count() == 1
    assert EmailSubscription.objects.get().status == SubscriptionStatus.SUBSCRIBED


@override_config(NEWSLETTER_DOUBLE_OPT_IN=True)
def test_a_confirmation_link_opened_at_once_confirms_once():
    APIClient().post("/email-subscription/", {"email": "reader@example.com", "subscribe_contract": True}, format="json")
    token = link_in(emails("newsletter_confirm")[0], "/email-subscription/confirm/")

    results = run_together(lambda i: APIClient().get(f"/email-subscription/confirm/{token}/").status_code, THREADS)

    assert sorted(results) == [200] + [400] * (THREADS - 1)
    assert EmailSubscription.objects.get().status == SubscriptionStatus.SUBSCRIBED
