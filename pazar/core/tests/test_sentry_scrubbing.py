"""Error tracking: events that leave for Sentry carry no email, phone, one-time code or IBAN."""

import json
import logging

import pytest
import sentry_sdk
from sentry_sdk.transport import Transport

from pazar.core.sentry import scrub_event, sentry_init

EMAIL = "ayse.yilmaz@example.com"
PHONE = "+90 555 111 22 33"
PHONE_COMPACT = "05551112233"
IBAN = "TR330006100519786457841326"
CODE = "482913"
LAST_NAME = "Yılmaz"
PERSONAL = [EMAIL, PHONE, PHONE_COMPACT, IBAN, CODE, "5551112233", LAST_NAME]


class CapturingTransport(Transport):
    """Keeps what would have been sent."""

    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)

    def payloads(self) -> str:
        return "\n".join(item.payload.get_bytes().decode() for env in self.envelopes for item in env.items)


@pytest.fixture
def sentry():
    transport = CapturingTransport()
    sentry_init(dsn="https://public@sentry.invalid/1", transport=transport)
    yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # off again for the rest of the suite


def _verify_sms(phone, code, email, iban, user_last_name):
    """Something that fails with personal data in its frame, its message and its arguments."""
    raise ValueError(f"could not verify code {code} for {email} ({phone}), refund to {iban}")


def test_an_exception_event_is_scrubbed_everywhere(sentry):
    # given a breadcrumb, a user and extra data full of personal data, and an exception whose locals hold more
    logging.getLogger("pazar.test").warning("sending code %s to %s / %s", CODE, PHONE_COMPACT, EMAIL)
    sentry_sdk.set_user({"id": 7, "email": EMAIL, "username": "Ayşe " + LAST_NAME})
    sentry_sdk.set_extra("form", {"phone": PHONE, "iban": IBAN, "note": f"call {PHONE} or mail {EMAIL}"})
    sentry_sdk.set_context("body", {"new_phone": PHONE_COMPACT, "sms_code": CODE, "holder_name": LAST_NAME})
    try:
        _verify_sms(phone=PHONE, code=CODE, email=EMAIL, iban=IBAN, user_last_name=LAST_NAME)
    except ValueError:
        sentry_sdk.capture_exception()
    sentry_sdk.flush()

    # then an event left, with its stack, and none of the personal data in it
    sent = sentry.payloads()
    assert '"exception"' in sent and "_verify_sms" in sent and "ValueError" in sent
    for value in PERSONAL:
        assert value not in sent, value
    assert '"id":7' in sent.replace(" ", "")


def test_a_message_event_is_scrubbed(sentry):
    sentry_sdk.capture_message(f"IBAN {IBAN} of {EMAIL} rejected, SMS code {CODE} sent to {PHONE}")
    sentry_sdk.flush()

    sent = sentry.payloads()
    assert "rejected" in sent
    for value in (IBAN, EMAIL, CODE, PHONE):
        assert value not in sent


def test_the_scrubber_on_a_django_request_event():
    # the shape DjangoIntegration gives a failing POST
    event = {
        "request": {
            "url": "https://api.shop.example.com/users/profile/",
            "method": "POST",
            "data": {"email": EMAIL, "phone": PHONE, "code": CODE, "iban": IBAN, "first_name": "Ayşe", "gender": "f"},
            "query_string": f"email={EMAIL}",
            "headers": {"Cookie": "osessionid=abc", "X-Csrftoken": "t", "User-Agent": "storefront"},
        },
        "exception": {"values": [{"type": "ValueError", "value": f"bad {EMAIL}", "stacktrace": {"frames": []}}]},
        "contexts": {"response": {"status_code": 500}},
    }

    scrubbed = json.dumps(scrub_event(event), ensure_ascii=False)

    for value in (EMAIL, PHONE, CODE, IBAN, "Ayşe", "abc"):
        assert value not in scrubbed
    assert "storefront" in scrubbed and '"gender": "f"' in scrubbed and '"status_code": 500' in scrubbed
    assert '"type": "ValueError"' in scrubbed
