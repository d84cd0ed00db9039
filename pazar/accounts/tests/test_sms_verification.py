"""Phone changes confirmed by an SMS code: 202 then 200, the seed's 406 errors, expiry, tries, resend limits."""

from datetime import timedelta

import pytest
from constance.test import override_config
from django.utils import timezone

from pazar.accounts.models import VerificationCode
from pazar.accounts.tests.support import NEW_PHONE, NEW_PHONE_LOCAL, PROFILE, last_code, sms_sent, wrong

PENDING_KEYS = {
    "email_allowed",
    "sms_allowed",
    "call_allowed",
    "avatar",
    "email",
    "date_of_birth",
    "language_code",
    "date_joined",
}


def _ask(client, phone=NEW_PHONE_LOCAL, **extra):
    return client.patch(PROFILE, {"phone": phone, **extra}, format="json")


@pytest.mark.django_db
def test_a_phone_change_sends_a_code_and_changes_nothing_yet(shopper_client, shopper):
    # when the shopper asks for a new number
    response = _ask(shopper_client)

    # then 202 with the seed's body, one SMS with a 6-digit code to the new number, the phone unchanged
    assert response.status_code == 202
    assert set(response.json()) == PENDING_KEYS
    [sms] = sms_sent()
    assert sms.to == NEW_PHONE
    assert len(last_code()) == 6
    shopper.refresh_from_db()
    assert shopper.phone == "+905551112233"


@pytest.mark.django_db
def test_the_code_is_stored_hashed(shopper_client):
    _ask(shopper_client)

    row = VerificationCode.objects.get()
    assert last_code() not in row.code_hash
    assert len(row.code_hash) == 64


@pytest.mark.django_db
def test_the_same_request_with_the_code_applies_the_change(shopper_client, shopper):
    # given a code sent for the new number
    _ask(shopper_client)

    # when the same request comes back with the code
    response = _ask(shopper_client, code=last_code())

    # then the phone is changed, normalised, and the answer is the profile
    assert response.status_code == 200
    assert response.json()["phone"] == NEW_PHONE
    shopper.refresh_from_db()
    assert shopper.phone == NEW_PHONE


@pytest.mark.django_db
def test_a_code_is_used_once(shopper_client, shopper):
    _ask(shopper_client)
    code = last_code()
    assert _ask(shopper_client, code=code).status_code == 200

    # when the same code is sent again for yet another change
    response = _ask(shopper_client, phone="0555 444 33 22", code=code)

    # then it does not work
    assert response.status_code == 406
    shopper.refresh_from_db()
    assert shopper.phone == NEW_PHONE


@pytest.mark.django_db
def test_a_different_phone_than_the_pending_one_is_100_1(shopper_client, shopper):
    _ask(shopper_client)

    response = _ask(shopper_client, phone="0555 444 33 22", code=last_code())

    assert response.status_code == 406
    assert response.json() == {
        "non_field_errors": "Phone numbers do not match.",
        "error_code": "sms_verification_100_1",
    }
    shopper.refresh_from_db()
    assert shopper.phone == "+905551112233"


@pytest.mark.django_db
def test_a_wrong_code_is_100_2(shopper_client, shopper):
    _ask(shopper_client)

    response = _ask(shopper_client, code=wrong(last_code()))

    assert response.status_code == 406
    assert response.json() == {
        "non_field_errors": "Verification codes do not match.",
        "error_code": "sms_verification_100_2",
    }
    shopper.refresh_from_db()
    assert shopper.phone == "+905551112233"


@pytest.mark.django_db
def test_the_error_speaks_turkish(shopper_client):
    _ask(shopper_client)

    body = {"phone": NEW_PHONE_LOCAL, "code": wrong(last_code())}
    response = shopper_client.patch(PROFILE, body, format="json", HTTP_ACCEPT_LANGUAGE="tr")

    assert response.json()["error_code"] == "sms_verification_100_2"
    assert response.json()["non_field_errors"] == "Doğrulama kodları eşleşmiyor."


@pytest.mark.django_db
def test_an_expired_code_is_100_4(shopper_client, shopper):
    # given a code whose validity has passed
    _ask(shopper_client)
    VerificationCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    # when the right code arrives
    response = _ask(shopper_client, code=last_code())

    # then it is the seed's expiry error
    assert response.status_code == 406
    assert response.json() == {
        "non_field_errors": "Sms otp code expired. Please resend code.",
        "error_code": "sms_verification_100_4",
    }
    shopper.refresh_from_db()
    assert shopper.phone == "+905551112233"


@pytest.mark.django_db
def test_codes_live_as_long_as_the_dynamic_setting_says(shopper_client):
    with override_config(SMS_CODE_VALIDITY_SECONDS=600):
        _ask(shopper_client)

    row = VerificationCode.objects.get()
    assert timedelta(seconds=590) < row.expires_at - row.created_date <= timedelta(seconds=601)


@pytest.mark.django_db
def test_after_five_wrong_tries_the_code_is_dead(shopper_client, shopper, settings):
    # given a code and five wrong guesses
    _ask(shopper_client)
    code = last_code()
    for _ in range(settings.SMS_CODE_MAX_ATTEMPTS):
        assert _ask(shopper_client, code=wrong(code)).json()["error_code"] == "sms_verification_100_2"

    # when the right code comes now
    response = _ask(shopper_client, code=code)

    # then it is refused with its own error code, and the phone is unchanged
    assert response.status_code == 406
    assert response.json()["error_code"] == "sms_verification_100_5"
    shopper.refresh_from_db()
    assert shopper.phone == "+905551112233"
    assert VerificationCode.objects.get().attempts == settings.SMS_CODE_MAX_ATTEMPTS


@pytest.mark.django_db
def test_a_code_without_a_pending_request_is_refused(shopper_client):
    response = _ask(shopper_client, code="123456")

    assert response.status_code == 406
    assert response.json()["error_code"] == "sms_verification_100_3"


@pytest.mark.django_db
def test_resend_sends_a_fresh_code_and_the_old_one_stops_working(shopper_client, shopper, settings):
    # given a code sent a while ago (the per-minute limit has passed)
    settings.SMS_SEND_PER_MINUTE = 5
    _ask(shopper_client)
    first = last_code()

    # when the shopper asks to resend
    response = _ask(shopper_client, resend=True)

    # then the seed's answer, a second SMS, and only the new code works
    assert response.status_code == 200
    assert response.json() == {"message": "success"}
    assert len(sms_sent()) == 2
    second = last_code()
    if first != second:
        assert _ask(shopper_client, code=first).status_code == 406
    assert _ask(shopper_client, code=second).status_code == 200


@pytest.mark.django_db
def test_resend_at_most_once_a_minute(shopper_client):
    assert _ask(shopper_client).status_code == 202

    response = _ask(shopper_client, resend=True)

    assert response.status_code == 429
    assert len(sms_sent()) == 1


@pytest.mark.django_db
def test_at_most_five_codes_an_hour_per_phone_number(shopper_client, settings):
    settings.SMS_SEND_PER_MINUTE = 100
    for _ in range(settings.SMS_SEND_PER_HOUR):
        assert _ask(shopper_client, resend=True).status_code == 200

    response = _ask(shopper_client, resend=True)

    assert response.status_code == 429
    assert len(sms_sent()) == settings.SMS_SEND_PER_HOUR


@pytest.mark.django_db
def test_the_per_user_limit_holds_across_phone_numbers(shopper_client, settings):
    # given a shopper who spent their hourly codes on several numbers
    settings.SMS_SEND_PER_MINUTE = 100
    numbers = [f"0555 999 88 7{n}" for n in range(settings.SMS_SEND_PER_HOUR + 1)]
    statuses = [_ask(shopper_client, phone=number).status_code for number in numbers]

    # then the last is refused although its number is fresh
    assert statuses == [202] * settings.SMS_SEND_PER_HOUR + [429]


@pytest.mark.django_db
def test_the_per_address_limit_applies_to_every_shopper_behind_it(client_of, settings):
    from pazar.accounts.tests.factories import UserFactory

    # given an address allowed 3 codes an hour and 4 shoppers behind it
    settings.SMS_SEND_PER_IP_PER_HOUR = 3
    clients = [client_of(UserFactory()) for _ in range(4)]

    # when each asks for a code for their own new number
    statuses = [_ask(c, phone=f"0555 999 88 7{n}").status_code for n, c in enumerate(clients)]

    # then the fourth is refused
    assert statuses == [202, 202, 202, 429]


@pytest.mark.django_db
def test_with_sms_verification_off_the_phone_changes_at_once(shopper_client, shopper):
    with override_config(PROFILE_SMS_VERIFICATION=False):
        response = _ask(shopper_client)

    assert response.status_code == 200
    assert sms_sent() == []
    shopper.refresh_from_db()
    assert shopper.phone == NEW_PHONE


@pytest.mark.django_db
def test_other_fields_in_the_request_wait_for_the_code_too(shopper_client, shopper):
    # when a phone change comes with a name change
    response = _ask(shopper_client, first_name="Pending")

    # then nothing changes until the code comes back with the same body
    assert response.status_code == 202
    shopper.refresh_from_db()
    assert shopper.first_name != "Pending"
    assert _ask(shopper_client, first_name="Pending", code=last_code()).status_code == 200
    shopper.refresh_from_db()
    assert (shopper.first_name, shopper.phone) == ("Pending", NEW_PHONE)


@pytest.mark.django_db
def test_another_shopper_cannot_use_my_code(shopper_client, client_of, other_user, shopper):
    # given a code sent to my new number
    _ask(shopper_client)
    code = last_code()

    # when another shopper sends the same change with my code
    response = _ask(client_of(other_user), code=code)

    # then it is refused (they have no pending code), and neither account changes
    assert response.status_code == 406
    other_user.refresh_from_db()
    shopper.refresh_from_db()
    assert other_user.phone != NEW_PHONE and shopper.phone == "+905551112233"
