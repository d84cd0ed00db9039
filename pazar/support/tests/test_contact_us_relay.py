"""The shop as a relay: the acknowledgement to a typed address carries none of the sender's text."""

import pytest
from constance.test import override_config
from django.core import mail

from pazar.support.tests.helpers import CONTACT_US_URL, SUPPORT_ADDRESS

PHISHING = "Your account is suspended. Verify at https://evil.example/login now!"


def _send(api_client, form, capture, **overrides):
    with capture(execute=True):
        response = api_client.post(CONTACT_US_URL, {**form, **overrides}, format="json")
    assert response.status_code == 200
    return {email.to[0]: email for email in mail.outbox}


@pytest.mark.django_db
def test_the_acknowledgement_carries_none_of_the_message(api_client, form, django_capture_on_commit_callbacks):
    sent = _send(api_client, form, django_capture_on_commit_callbacks, email="victim@example.com", message=PHISHING)

    ack = sent["victim@example.com"]
    assert "evil.example" not in ack.body and "suspended" not in ack.body
    assert "evil.example" not in ack.subject
    # while the shop still reads the whole message
    assert PHISHING in sent[SUPPORT_ADDRESS].body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "full_name",
    [
        "Visit https://evil.example",
        "evil.example",
        "Call 0850 000 00 00 now",
        "Your account is suspended verify today",
        "A" * 41,
    ],
)
def test_a_name_that_is_not_a_plain_name_is_not_repeated(
    api_client, form, django_capture_on_commit_callbacks, full_name
):
    sent = _send(api_client, form, django_capture_on_commit_callbacks, email="victim@example.com", full_name=full_name)

    ack = sent["victim@example.com"]
    assert ack.body.startswith("Hello,")
    assert full_name not in ack.body


@pytest.mark.django_db
@pytest.mark.parametrize("full_name", ["Ayşe", "Ayşe Yılmaz", "Jean-Luc O'Brien Smith"])
def test_a_plain_name_is_greeted(api_client, form, django_capture_on_commit_callbacks, full_name):
    sent = _send(api_client, form, django_capture_on_commit_callbacks, full_name=full_name)

    assert sent["ayse@example.com"].body.startswith(f"Hello {full_name},")


@pytest.mark.django_db
def test_the_acknowledgement_can_be_turned_off(api_client, form, django_capture_on_commit_callbacks):
    with override_config(CONTACT_US_ACKNOWLEDGEMENT=False):
        sent = _send(api_client, form, django_capture_on_commit_callbacks)

    assert list(sent) == [SUPPORT_ADDRESS]
