"""KVKK consent confirmation: with the setting on, consent changes wait for a code and must come back unchanged."""

import pytest
from constance.test import override_config

from pazar.accounts.tests.support import PROFILE, last_code, sms_sent

CONSENT_ON = {"PROFILE_CONSENT_CONFIRMATION": True}
# The seed shows the message with its placeholders unfilled.
CONSENT_MISMATCH = "Mismatch confirmation data {phone}, {sms_allowed}, {email_allowed}, {call_allowed}, {email}."


@pytest.mark.django_db
@override_config(**CONSENT_ON)
def test_a_consent_change_answers_202_with_the_pending_values(shopper_client, shopper):
    # when the shopper withdraws email permission
    response = shopper_client.patch(PROFILE, {"email_allowed": False}, format="json")

    # then 202 shows the values waiting for the code, a code goes to their phone, nothing changes yet
    assert response.status_code == 202
    assert response.json()["email_allowed"] is False
    assert [sms.to for sms in sms_sent()] == [shopper.phone]
    shopper.refresh_from_db()
    assert shopper.email_allowed is True


@pytest.mark.django_db
@override_config(**CONSENT_ON)
def test_the_same_data_with_the_code_applies_it(shopper_client, shopper):
    shopper_client.patch(PROFILE, {"email_allowed": False}, format="json")

    response = shopper_client.patch(PROFILE, {"email_allowed": False, "code": last_code()}, format="json")

    assert response.status_code == 200
    shopper.refresh_from_db()
    assert shopper.email_allowed is False


@pytest.mark.django_db
@override_config(**CONSENT_ON)
def test_different_data_with_the_code_is_kvkk_100_2(shopper_client, shopper):
    # given a code sent for withdrawing email permission
    shopper_client.patch(PROFILE, {"email_allowed": False}, format="json")

    # when the code comes back with another change
    response = shopper_client.patch(PROFILE, {"sms_allowed": False, "code": last_code()}, format="json")

    # then the seed's 406, and nothing changes
    assert response.status_code == 406
    assert response.json() == {"non_field_errors": CONSENT_MISMATCH, "error_code": "kvkk_service_100_2"}
    shopper.refresh_from_db()
    assert shopper.email_allowed is True and shopper.sms_allowed is True


@pytest.mark.django_db
@override_config(**CONSENT_ON)
def test_an_email_change_goes_through_the_consent_flow(shopper_client, shopper):
    # when the shopper changes their email with consent confirmation on
    asked = shopper_client.patch(PROFILE, {"email": "new.me@example.com"}, format="json")
    confirmed = shopper_client.patch(PROFILE, {"email": "new.me@example.com", "code": last_code()}, format="json")

    # then it waits for the code, then changes
    assert (asked.status_code, confirmed.status_code) == (202, 200)
    shopper.refresh_from_db()
    assert shopper.email == "new.me@example.com"


@pytest.mark.django_db
@override_config(**CONSENT_ON)
def test_an_email_of_another_account_is_refused(shopper_client, shopper, other_user):
    response = shopper_client.patch(PROFILE, {"email": other_user.email.upper()}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["email"]
    assert sms_sent() == []


@pytest.mark.django_db
@override_config(**CONSENT_ON)
def test_a_change_outside_consent_fields_applies_at_once(shopper_client, shopper):
    response = shopper_client.patch(PROFILE, {"first_name": "Direct"}, format="json")

    assert response.status_code == 200
    assert sms_sent() == []


@pytest.mark.django_db
def test_with_consent_confirmation_off_permissions_change_at_once_and_email_never(shopper_client, shopper):
    # when consent confirmation is off (the default)
    email = shopper.email
    response = shopper_client.patch(
        PROFILE, {"email_allowed": False, "call_allowed": False, "email": "other@example.com"}, format="json"
    )

    # then the permissions change without a code, and the email is not the shopper's to change here
    assert response.status_code == 200
    assert sms_sent() == []
    shopper.refresh_from_db()
    assert (shopper.email_allowed, shopper.call_allowed, shopper.email) == (False, False, email)
