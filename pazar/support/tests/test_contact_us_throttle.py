"""Contact-us flood limits: per sender email and per client address, an hour each (429, nothing stored)."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from pazar.core.testing import run_together
from pazar.notifications.models import Notification
from pazar.support.models import ContactUsMessage
from pazar.support.tests.helpers import CONTACT_US_URL

CLIENT = "198.51.100.7"


def _send(client, form, **extra):
    return client.post(CONTACT_US_URL, form, format="json", **extra)


def _assert_throttled(response):
    assert response.status_code == 429
    body = response.json()
    assert set(body) == {"detail"}
    assert isinstance(body["detail"], str) and body["detail"]


@pytest.mark.django_db
def test_the_sixth_message_from_one_email_within_an_hour_is_refused(api_client, form, settings):
    # given the shipped limit of five per sender per hour, and the address limit out of the way
    settings.CONTACT_US_PER_EMAIL_PER_HOUR = 5
    settings.CONTACT_US_PER_IP_PER_HOUR = 100
    # and five messages from one sender, whatever the case of their address
    spellings = ["ayse@example.com", "Ayse@Example.com", "AYSE@EXAMPLE.COM", "ayse@EXAMPLE.com", " ayse@example.com "]
    for spelling in spellings:
        assert _send(api_client, {**form, "email": spelling}).status_code == 200

    # when they send a sixth
    response = _send(api_client, {**form, "email": "aYsE@example.com"})

    # then it is refused and neither stored nor emailed
    _assert_throttled(response)
    assert ContactUsMessage.objects.count() == 5
    assert Notification.objects.count() == 10


@pytest.mark.django_db
def test_another_sender_is_not_held_back_by_someone_elses_limit(api_client, form, settings):
    # given a sender who has used up their hour
    settings.CONTACT_US_PER_EMAIL_PER_HOUR = 5
    settings.CONTACT_US_PER_IP_PER_HOUR = 100
    for _ in range(6):
        _send(api_client, form)

    # when someone else writes from the same place
    response = _send(api_client, {**form, "email": "mehmet@example.com"})

    # then their message goes through
    assert response.status_code == 200
    assert ContactUsMessage.objects.filter(email="mehmet@example.com").count() == 1


@pytest.mark.django_db
def test_a_refused_form_does_not_use_up_the_senders_hour(api_client, form, settings):
    # given a sender whose first attempts were invalid
    settings.CONTACT_US_PER_EMAIL_PER_HOUR = 2
    for _ in range(3):
        assert _send(api_client, {**form, "message": ""}).status_code == 400

    # when they send valid messages up to the limit
    responses = [_send(api_client, form) for _ in range(2)]

    # then both go through
    assert [r.status_code for r in responses] == [200, 200]


@pytest.mark.django_db
def test_one_client_address_is_limited_whatever_email_it_uses(api_client, form, settings):
    # given a limit of two per client address
    settings.CONTACT_US_PER_IP_PER_HOUR = 2

    # when one address sends three messages under three different emails
    responses = [_send(api_client, {**form, "email": f"sender{n}@example.com"}, REMOTE_ADDR=CLIENT) for n in range(3)]

    # then the third is refused and not stored
    assert [r.status_code for r in responses[:2]] == [200, 200]
    _assert_throttled(responses[2])
    assert ContactUsMessage.objects.count() == 2
    # and another address is unaffected
    assert _send(api_client, {**form, "email": "other@example.com"}, REMOTE_ADDR="198.51.100.8").status_code == 200


@pytest.mark.django_db
def test_a_forged_forwarded_for_from_an_untrusted_client_does_not_escape_the_limit(api_client, form, settings):
    # given a limit of two per client address and no trusted proxy in front of this client
    settings.CONTACT_US_PER_IP_PER_HOUR = 2
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    # when one client claims a new address in X-Forwarded-For on every message
    responses = [
        _send(
            api_client,
            {**form, "email": f"sender{n}@example.com"},
            REMOTE_ADDR=CLIENT,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}",
        )
        for n in range(3)
    ]

    # then it is still counted as itself, and recorded as itself
    assert [r.status_code for r in responses[:2]] == [200, 200]
    _assert_throttled(responses[2])
    assert set(ContactUsMessage.objects.values_list("ip_address", flat=True)) == {CLIENT}


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own(api_client, form, settings):
    # given a limit of two per client address and a trusted load balancer
    settings.CONTACT_US_PER_IP_PER_HOUR = 2
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    # when three different clients come through the proxy
    responses = [
        _send(
            api_client,
            {**form, "email": f"sender{n}@example.com"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}",
        )
        for n in range(3)
    ]

    # then none is held back by the others, and each is recorded with its own address
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert sorted(ContactUsMessage.objects.values_list("ip_address", flat=True)) == [
        "203.0.113.1",
        "203.0.113.2",
        "203.0.113.3",
    ]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_a_forged_leftmost_hop_does_not_escape_the_limit(api_client, form, settings):
    # given a limit of two per client address and a trusted load balancer that appends the real client
    settings.CONTACT_US_PER_IP_PER_HOUR = 2
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    # when one client forges a new first hop on every message
    responses = [
        _send(
            api_client,
            {**form, "email": f"sender{n}@example.com"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}, {CLIENT}",
        )
        for n in range(3)
    ]

    # then the address the proxy saw is what counts
    assert [r.status_code for r in responses[:2]] == [200, 200]
    _assert_throttled(responses[2])
    assert set(ContactUsMessage.objects.values_list("ip_address", flat=True)) == {CLIENT}


@pytest.mark.django_db
def test_the_refusal_says_when_to_retry_in_the_shoppers_language(api_client, form, settings):
    # given a Turkish shopper who used up their hour
    settings.CONTACT_US_PER_EMAIL_PER_HOUR = 1
    _send(api_client, form)

    # when they send another
    response = _send(api_client, form, HTTP_ACCEPT_LANGUAGE="tr")

    # then the 429 says when to come back, in Turkish
    _assert_throttled(response)
    assert response["Retry-After"] == "3600"
    assert response.json()["detail"].startswith("Üst üste çok fazla istek yapıldı.")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_messages_cannot_share_the_last_free_slots(form, settings):
    # given a limit of three per sender
    settings.CONTACT_US_PER_EMAIL_PER_HOUR = 3
    clients = [APIClient(enforce_csrf_checks=True) for _ in range(8)]

    # when eight messages from that sender arrive at the same moment
    statuses = run_together(lambda index: _send(clients[index], form).status_code, 8)

    # then exactly three get through and are stored
    assert sorted(statuses) == [200] * 3 + [429] * 5
    assert ContactUsMessage.objects.count() == 3
