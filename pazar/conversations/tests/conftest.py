"""Fixtures of the conversation tests: a store, seller and staff accounts, a channel, token clients."""

import pytest
from rest_framework.test import APIClient

from pazar.accounts.services import token_for
from pazar.accounts.tests.factories import SellerUserFactory, StaffUserFactory
from pazar.catalog.tests.factories import ChannelFactory, DataSourceFactory


@pytest.fixture
def client_for(db):
    """A client that sends `Authorization: Token` as the given user (no CSRF, like Omnitron)."""

    def _client_for(user) -> APIClient:
        client = APIClient(enforce_csrf_checks=True)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user=user)}")
        return client

    return _client_for


@pytest.fixture
def datasource(db):
    """The store the shopper talks to."""
    return DataSourceFactory()


@pytest.fixture
def seller(datasource):
    """A seller account of `datasource`."""
    return SellerUserFactory(datasource=datasource)


@pytest.fixture
def other_seller(db):
    """A seller account of another store."""
    return SellerUserFactory()


@pytest.fixture
def staff(db):
    return StaffUserFactory()


@pytest.fixture
def seller_client(client_for, seller):
    return client_for(seller)


@pytest.fixture
def staff_client(client_for, staff):
    return client_for(staff)


@pytest.fixture
def channel(db):
    return ChannelFactory()


@pytest.fixture
def remote(channel):
    """The sellers' API paths on `channel`."""

    class Paths:
        conversations = f"/api/v1/remote/{channel.pk}/conversations/"
        messages = f"/api/v1/remote/{channel.pk}/messages/"

    return Paths


@pytest.fixture(autouse=True)
def webhook_outbox():
    """What the test webhook backend delivered (pazar.notifications.webhooks.LocmemWebhookBackend)."""
    from pazar.notifications import webhooks

    webhooks.outbox.clear()
    webhooks.answers.clear()
    yield webhooks.outbox
    webhooks.outbox.clear()
    webhooks.answers.clear()


HOOK_URL = "https://hooks.example.com/pazar"
HOOK_SECRET = "whsec-0123456789abcdef"


@pytest.fixture
def prefs(datasource):
    """The store wants an email to two addresses and a webhook for everything."""
    from pazar.conversations.models import SellerNotificationSettings

    return SellerNotificationSettings.objects.create(
        datasource=datasource,
        emails=["orders@example.com", "owner@example.com"],
        language="en",
        webhook_url=HOOK_URL,
        webhook_secret=HOOK_SECRET,
    )
