"""Enumeration: answers that tell whether a phone or email has an account are limited or withheld."""

import pytest
from constance.test import override_config
from rest_framework.test import APIClient

from pazar.accounts.models import User
from pazar.accounts.tests.factories import UserFactory
from pazar.accounts.tests.lifecycle_support import captcha_solve
from pazar.accounts.tests.support import NEW_PHONE, NEW_PHONE_LOCAL, PROFILE, REGISTER_WITH_LOYALTY, last_code, sms_sent

REGISTRATION = "/users/registration/"


def _registration(**extra):
    body = {
        "first_name": "John",
        "last_name": "Doe",
        "email": "john.new@example.com",
        "password": "a-long-Passphrase-42",
        "phone": NEW_PHONE_LOCAL,
        "date_of_birth": "1990-01-01",
    }
    body.update(extra)
    return body


@pytest.mark.django_db
def test_a_profile_probing_other_accounts_phones_runs_into_the_sms_limits(shopper_client, settings):
    # given another account on each of several numbers, and 3 SMS an hour per user
    settings.SMS_SEND_PER_HOUR = 3
    numbers = [f"+90555000000{n}" for n in range(5)]
    for number in numbers:
        UserFactory(phone=number)

    # when the shopper tries them one after the other
    answers = [shopper_client.patch(PROFILE, {"phone": n}, format="json").status_code for n in numbers]

    # then "already in use" is answered as often as codes could be sent, then 429
    assert answers == [400, 400, 400, 429, 429]


@pytest.mark.django_db
def test_an_address_probing_phones_runs_into_its_sms_limit(client_of, settings):
    settings.SMS_SEND_PER_IP_PER_HOUR = 2
    UserFactory(phone=NEW_PHONE)
    clients = [client_of(UserFactory()) for _ in range(3)]

    answers = [c.patch(PROFILE, {"phone": NEW_PHONE}, format="json").status_code for c in clients]

    assert answers == [400, 400, 429]


@pytest.mark.django_db
def test_anonymous_registration_does_not_tell_whether_a_phone_has_an_account(api_client, settings):
    # given a phone that belongs to an account, and one that does not
    settings.SMS_SEND_PER_MINUTE = 5
    UserFactory(phone=NEW_PHONE)

    # when a stranger asks to register with each
    taken = api_client.post(REGISTER_WITH_LOYALTY, _registration(), format="json")
    free = api_client.post(
        REGISTER_WITH_LOYALTY, _registration(email="other@example.com", phone="0555 444 33 22"), format="json"
    )

    # then both answer alike: a code was sent
    assert taken.status_code == free.status_code == 202
    assert sorted(taken.json()) == sorted(free.json())
    assert len(sms_sent(NEW_PHONE)) == 1


@pytest.mark.django_db
def test_the_phone_is_decided_at_confirmation_for_whoever_holds_the_code(api_client):
    UserFactory(phone=NEW_PHONE)
    api_client.post(REGISTER_WITH_LOYALTY, _registration(), format="json")

    response = api_client.post(REGISTER_WITH_LOYALTY, _registration(code=last_code(NEW_PHONE)), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["phone"]
    assert not User.objects.filter(email="john.new@example.com").exists()


@pytest.mark.django_db
def test_without_sms_verification_a_taken_phone_answer_is_limited(api_client, settings):
    settings.SMS_SEND_PER_IP_PER_HOUR = 2
    UserFactory(phone=NEW_PHONE)

    with override_config(PROFILE_SMS_VERIFICATION=False):
        answers = [
            api_client.post(REGISTER_WITH_LOYALTY, _registration(email=f"p{n}@example.com"), format="json").status_code
            for n in range(3)
        ]

    assert answers == [400, 400, 429]


@pytest.mark.django_db
@pytest.mark.parametrize("path", [REGISTRATION, REGISTER_WITH_LOYALTY])
def test_duplicate_email_answers_are_limited_per_address(api_client, settings, path):
    # given accounts for three emails, and two duplicate answers an hour per address
    settings.REGISTRATION_DUPLICATE_PER_IP_PER_HOUR = 2
    taken = [UserFactory(email=f"taken{n}@example.com").email for n in range(3)]

    # when a stranger tries them, then a new email
    answers = [api_client.post(path, _registration(email=e), format="json") for e in taken]
    fresh = api_client.post(path, _registration(email="fresh@example.com"), format="json")
    elsewhere = api_client.post(
        path, _registration(email="fresh@example.com"), format="json", REMOTE_ADDR="198.51.100.9"
    )

    # then the seed's 400 comes twice, then the captcha challenge, also for the new email (it tells nothing)
    assert [a.status_code for a in answers] == [400, 400, 429]
    assert answers[0].json() == {"email": ["A user with that email address already exists."]}
    assert fresh.status_code == 429 and fresh.json()["redirect_url"] == "/users/pz-captcha/"
    assert elsewhere.status_code in (201, 202)


@pytest.mark.django_db
def test_past_the_duplicate_limit_a_solved_captcha_lets_a_shopper_register(settings):
    # given the storefront's address past its duplicate answers (a stranger probed emails through it)
    settings.REGISTRATION_DUPLICATE_PER_IP_PER_HOUR = 1
    UserFactory(email="taken@example.com")
    APIClient().post(REGISTRATION, _registration(email="taken@example.com"), format="json")
    browser = APIClient(enforce_csrf_checks=True)
    assert browser.post(REGISTRATION, _registration(email="new@example.com"), format="json").status_code == 429

    # when a new shopper solves the captcha in that session and registers again
    captcha_solve(browser)
    response = browser.post(REGISTRATION, _registration(email="new@example.com"), format="json")

    # then the account is made (and the pass was for one registration only)
    assert response.status_code == 201 and User.objects.filter(email="new@example.com").exists()
    again = browser.post(REGISTRATION, _registration(email="other@example.com"), format="json")
    assert again.status_code == 429
