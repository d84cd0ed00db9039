"""`/users/profile-with-loyalty/` and `/users/register-with-loyalty/`: SMS-confirmed, the card synced or pending."""

import pytest
from constance.test import override_config

from pazar.accounts.models import User
from pazar.accounts.tests.support import (
    LOYALTY_PROFILE,
    NEW_PHONE,
    NEW_PHONE_LOCAL,
    REGISTER_WITH_LOYALTY,
    last_code,
    sms_sent,
    wrong,
)
from pazar.accounts.tests.test_profile_api import PROFILE_KEYS
from pazar.loyalty.models import LoyaltyAccount
from pazar.loyalty.services import loyalty_account_open, loyalty_sync_due

DOWN = {"CUSTOMER_LOYALTY_CARD_SERVICE": {"backend": "sandbox", "down": True}}


def _registration(**extra):
    body = {
        "first_name": "John",
        "last_name": "Doe",
        "email": "john.loyal@example.com",
        "password": "a-long-Passphrase-42",
        "phone": NEW_PHONE_LOCAL,
        "date_of_birth": "1990-01-01",
        "gender": "male",
        "add_loyalty": True,
        "email_allowed": True,
        "sms_allowed": True,
        "call_allowed": False,
    }
    body.update(extra)
    return body


@pytest.fixture
def carded(shopper, django_capture_on_commit_callbacks):
    """The shopper with an active card from the sandbox service."""
    with django_capture_on_commit_callbacks(execute=True):
        loyalty_account_open(user=shopper)
    return shopper


# --- profile with loyalty ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_loyalty_profile_is_the_profile_plus_the_card(shopper_client, carded):
    response = shopper_client.get(LOYALTY_PROFILE)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == PROFILE_KEYS | {"loyalty_card"}
    assert body["loyalty_card"] == {"card_number": f"SBX{carded.pk:012d}", "status": "active"}


@pytest.mark.django_db
def test_without_a_card_loyalty_card_is_null(shopper_client):
    assert shopper_client.get(LOYALTY_PROFILE).json()["loyalty_card"] is None


@pytest.mark.django_db
def test_phone_and_date_of_birth_are_required(shopper_client):
    response = shopper_client.patch(LOYALTY_PROFILE, {"first_name": "X"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"phone": ["This field is required."], "date_of_birth": ["This field is required."]}


@pytest.mark.django_db
def test_a_phone_change_waits_for_the_code_then_syncs_the_card(
    shopper_client, carded, django_capture_on_commit_callbacks
):
    body = {"phone": NEW_PHONE_LOCAL, "date_of_birth": "1990-01-01"}

    # when the phone change is asked, then confirmed with the code
    asked = shopper_client.patch(LOYALTY_PROFILE, body, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = shopper_client.patch(LOYALTY_PROFILE, {**body, "code": last_code()}, format="json")

    # then 202 with the profile (unchanged), then 200 with the new phone, the card's sync queued
    assert asked.status_code == 202
    assert asked.json()["phone"] == "+905551112233"
    assert confirmed.status_code == 200
    assert confirmed.json()["phone"] == NEW_PHONE
    assert confirmed.json()["loyalty_card"]["status"] == "pending"
    # and once committed, the card has the new phone
    account = LoyaltyAccount.objects.get(user=carded)
    assert account.pending_sync == {}
    assert shopper_client.get(LOYALTY_PROFILE).json()["loyalty_card"]["status"] == "active"


@pytest.mark.django_db
def test_the_seeds_406_errors_apply_here_too(shopper_client, carded):
    body = {"phone": NEW_PHONE_LOCAL, "date_of_birth": "1990-01-01"}
    shopper_client.patch(LOYALTY_PROFILE, body, format="json")
    code = last_code()

    mismatch = shopper_client.patch(LOYALTY_PROFILE, {**body, "phone": "0555 444 33 22", "code": code}, format="json")
    wrong_code = shopper_client.patch(LOYALTY_PROFILE, {**body, "code": wrong(code)}, format="json")

    assert mismatch.json()["error_code"] == "sms_verification_100_1"
    assert wrong_code.json()["error_code"] == "sms_verification_100_2"


@pytest.mark.django_db
def test_resend_answers_success(shopper_client, carded, settings):
    settings.SMS_SEND_PER_MINUTE = 5
    body = {"phone": NEW_PHONE_LOCAL, "date_of_birth": "1990-01-01"}
    shopper_client.patch(LOYALTY_PROFILE, body, format="json")

    response = shopper_client.patch(LOYALTY_PROFILE, {**body, "resend": True}, format="json")

    assert response.status_code == 200
    assert response.json() == {"message": "success"}
    assert len(sms_sent()) == 2


@pytest.mark.django_db
def test_with_the_service_down_the_change_is_saved_and_the_card_pending(
    shopper_client, carded, django_capture_on_commit_callbacks
):
    # given the loyalty service is down
    with override_config(**DOWN), django_capture_on_commit_callbacks(execute=True):
        # when the shopper changes their name
        response = shopper_client.patch(
            LOYALTY_PROFILE, {"phone": carded.phone, "date_of_birth": "1990-01-01", "first_name": "Kept"}, format="json"
        )

    # then the change is saved and the answer says the card is pending
    assert response.status_code == 200
    assert response.json()["first_name"] == "Kept"
    assert response.json()["loyalty_card"]["status"] == "pending"
    account = LoyaltyAccount.objects.get(user=carded)
    assert account.pending_sync["first_name"] == "Kept"
    assert account.attempts == 1 and account.last_error

    # and once the service is back, the periodic job delivers it
    LoyaltyAccount.objects.filter(pk=account.pk).update(next_attempt_at=account.modified_date)
    assert loyalty_sync_due() == 1
    account.refresh_from_db()
    assert account.pending_sync == {}
    assert shopper_client.get(LOYALTY_PROFILE).json()["loyalty_card"]["status"] == "active"


# --- register with loyalty ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_registration_sends_a_code_and_creates_nobody_yet(api_client):
    response = api_client.post(REGISTER_WITH_LOYALTY, _registration(), format="json")

    assert response.status_code == 202
    body = response.json()
    assert set(body) == PROFILE_KEYS | {"loyalty_card"}
    assert body["id"] is None
    assert body["email"] == "john.loyal@example.com"
    assert [sms.to for sms in sms_sent()] == [NEW_PHONE]
    assert not User.objects.filter(email="john.loyal@example.com").exists()


@pytest.mark.django_db
def test_registration_with_the_code_creates_the_user_logs_in_and_opens_a_card(
    api_client, django_capture_on_commit_callbacks
):
    api_client.post(REGISTER_WITH_LOYALTY, _registration(), format="json")

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(REGISTER_WITH_LOYALTY, _registration(code=last_code()), format="json")

    assert response.status_code == 201
    user = User.objects.get(email="john.loyal@example.com")
    assert response.json()["id"] == user.pk
    assert user.phone == NEW_PHONE
    assert user.check_password("a-long-Passphrase-42")
    assert "osessionid" in response.cookies
    account = LoyaltyAccount.objects.get(user=user)
    assert account.card_number == f"SBX{user.pk:012d}"


@pytest.mark.django_db
def test_registration_with_the_service_down_keeps_the_card_pending_for_the_periodic_job(
    api_client, django_capture_on_commit_callbacks
):
    # given a code, and the service down when the user is created
    api_client.post(REGISTER_WITH_LOYALTY, _registration(), format="json")
    with override_config(**DOWN), django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(REGISTER_WITH_LOYALTY, _registration(code=last_code()), format="json")

    # then the user exists and the card is pending
    assert response.status_code == 201
    account = LoyaltyAccount.objects.get(user__email="john.loyal@example.com")
    assert account.needs_card and account.card_number is None
    assert account.next_attempt_at is not None

    # and the periodic job opens it once the service is back
    LoyaltyAccount.objects.filter(pk=account.pk).update(next_attempt_at=account.created_date)
    assert loyalty_sync_due() == 1
    account.refresh_from_db()
    assert account.card_number is not None and not account.needs_card


@pytest.mark.django_db
def test_a_card_whose_first_task_was_lost_is_still_opened_by_the_periodic_job(shopper):
    # given a card asked for, whose after-commit task never ran (a broker outage)
    loyalty_account_open(user=shopper)

    # when the periodic job runs
    synced = loyalty_sync_due()

    # then the card is opened
    assert synced == 1
    assert LoyaltyAccount.objects.get(user=shopper).card_number is not None


@pytest.mark.django_db
def test_registration_errors(api_client, shopper):
    # a missing field, a wrong code
    missing = api_client.post(REGISTER_WITH_LOYALTY, _registration(date_of_birth=None), format="json")
    api_client.post(REGISTER_WITH_LOYALTY, _registration(), format="json")
    bad_code = api_client.post(REGISTER_WITH_LOYALTY, _registration(code=wrong(last_code())), format="json")

    assert (missing.status_code, list(missing.json())) == (400, ["date_of_birth"])
    assert bad_code.status_code == 406
    assert bad_code.json()["error_code"] == "sms_verification_100_2"
    assert not User.objects.filter(email="john.loyal@example.com").exists()


@pytest.mark.django_db
def test_an_existing_email_is_refused(api_client, shopper):
    response = api_client.post(REGISTER_WITH_LOYALTY, _registration(email=shopper.email.upper()), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["email"]
    assert sms_sent() == []


@pytest.mark.django_db
def test_registration_resend(api_client, settings):
    settings.SMS_SEND_PER_MINUTE = 5
    api_client.post(REGISTER_WITH_LOYALTY, _registration(), format="json")

    response = api_client.post(REGISTER_WITH_LOYALTY, _registration(resend=True), format="json")

    assert (response.status_code, response.json()) == (200, {"message": "success"})


@pytest.mark.django_db
def test_registration_without_sms_verification_creates_at_once(api_client):
    with override_config(PROFILE_SMS_VERIFICATION=False):
        response = api_client.post(REGISTER_WITH_LOYALTY, _registration(add_loyalty=False), format="json")

    assert response.status_code == 201
    assert sms_sent() == []
    assert not LoyaltyAccount.objects.exists()
