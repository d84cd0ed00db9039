"""Concurrent guesses and resends on PostgreSQL: the row lock and atomic counters hold the limits."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from pazar.accounts.models import VerificationCode
from pazar.accounts.services import token_for
from pazar.accounts.tests.factories import UserFactory
from pazar.accounts.tests.support import NEW_PHONE, NEW_PHONE_LOCAL, PROFILE, last_code, sms_sent, wrong
from pazar.core.testing import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]

THREADS = 32


def _client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user=user)}")
    return client


def test_32_wrong_guesses_at_once_count_every_one_and_kill_the_code(settings):
    # given a shopper with a code sent for a new phone
    user = UserFactory(phone="+905551112233")
    client = _client(user)
    assert client.patch(PROFILE, {"phone": NEW_PHONE_LOCAL}, format="json").status_code == 202
    code = last_code()

    # when 32 wrong guesses arrive at the same moment
    def guess(index):
        body = {"phone": NEW_PHONE_LOCAL, "code": wrong(code)}
        return _client(user).patch(PROFILE, body, format="json").json()["error_code"]

    answers = run_together(guess)

    # then exactly the allowed number were counted as wrong tries, the rest refused as dead
    allowed = settings.SMS_CODE_MAX_ATTEMPTS
    assert sorted(answers) == sorted(
        ["sms_verification_100_2"] * allowed + ["sms_verification_100_5"] * (THREADS - allowed)
    )
    assert VerificationCode.objects.get().attempts == allowed
    # and the right code no longer works
    response = client.patch(PROFILE, {"phone": NEW_PHONE_LOCAL, "code": code}, format="json")
    assert response.json()["error_code"] == "sms_verification_100_5"
    user.refresh_from_db()
    assert user.phone == "+905551112233"


def test_32_resends_at_once_send_no_more_than_the_limit(settings):
    # given a shopper allowed 5 codes an hour (and as many a minute)
    settings.SMS_SEND_PER_MINUTE = settings.SMS_SEND_PER_HOUR = 5
    user = UserFactory()

    # when 32 requests for a code arrive at once
    def ask(index):
        return _client(user).patch(PROFILE, {"phone": NEW_PHONE_LOCAL, "resend": True}, format="json").status_code

    statuses = run_together(ask)

    # then never more than 5 codes were sent, each answered 200, every other request a 429
    # (each request counts against the phone's and the user's windows, so under a burst a request
    # refused by one window still uses a slot of the other: fewer than 5 may pass, never more)
    sent = statuses.count(200)
    assert 1 <= sent <= 5, statuses
    assert statuses.count(429) == THREADS - sent
    assert len(sms_sent(NEW_PHONE)) == sent


def test_two_accounts_claiming_the_same_new_number_at_once_get_it_once(settings):
    # given two shoppers, each holding a valid code for the same new number
    from constance.test import override_config

    settings.SMS_SEND_PER_MINUTE = 5
    first, second = UserFactory(), UserFactory()
    codes = []
    for user in (first, second):
        assert _client(user).patch(PROFILE, {"phone": NEW_PHONE_LOCAL}, format="json").status_code == 202
        codes.append(last_code())
    users = [first, second]

    # when both confirm at the same moment
    def confirm(index):
        body = {"phone": NEW_PHONE_LOCAL, "code": codes[index % 2]}
        return _client(users[index % 2]).patch(PROFILE, body, format="json").status_code

    with override_config(PHONE_NUMBER_UNIQUE=True):
        statuses = run_together(confirm, count=2)

    # then one gets the number and the other a 400 on phone
    assert sorted(statuses) == [200, 400]
    from pazar.accounts.models import User

    assert User.objects.filter(phone=NEW_PHONE).count() == 1
