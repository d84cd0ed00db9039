"""SMS pumping: codes only to allowed countries, and within the shop's hourly budget."""

import pytest
from constance.test import override_config

from pazar.accounts.tests.factories import StaffUserFactory, UserFactory
from pazar.accounts.tests.support import PROFILE, REGISTER_WITH_LOYALTY, sms_sent
from pazar.notifications.models import Notification


def _registration(phone, email="pump@example.com"):
    return {
        "first_name": "John",
        "last_name": "Doe",
        "email": email,
        "password": "a-long-Passphrase-42",
        "phone": phone,
        "date_of_birth": "1990-01-01",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["+447911123456", "+18005550199", "+2250709000000"])
def test_anonymous_registration_sends_no_code_outside_the_allowed_countries(api_client, phone):
    response = api_client.post(REGISTER_WITH_LOYALTY, _registration(phone), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["phone"]
    assert sms_sent() == []


@pytest.mark.django_db
def test_a_profile_phone_change_abroad_sends_no_code(shopper_client):
    response = shopper_client.patch(PROFILE, {"phone": "+447911123456"}, format="json")

    assert response.status_code == 400
    assert sms_sent() == []


@pytest.mark.django_db
def test_the_shop_chooses_the_countries(api_client):
    with override_config(SMS_ALLOWED_COUNTRY_CODES="90, +44"):
        response = api_client.post(REGISTER_WITH_LOYALTY, _registration("+447911123456"), format="json")

    assert response.status_code == 202
    assert len(sms_sent("+447911123456")) == 1


@pytest.mark.django_db
def test_the_hourly_budget_refuses_codes_and_tells_staff_once(api_client, settings):
    # given a budget of 2 SMS an hour and a superuser
    admin = StaffUserFactory(is_superuser=True, email="ops@example.com")
    phones = [f"+90555000001{n}" for n in range(4)]

    # when four strangers ask for codes to four numbers
    with override_config(SMS_BUDGET_PER_HOUR=2):
        answers = [
            api_client.post(
                REGISTER_WITH_LOYALTY,
                _registration(p, email=f"s{n}@example.com"),
                format="json",
                REMOTE_ADDR=f"192.0.2.{n}",
            )
            for n, p in enumerate(phones)
        ]

    # then two codes went out and the rest got a clear 429
    assert [a.status_code for a in answers] == [202, 202, 429, 429]
    assert "SMS" in answers[2].json()["detail"]
    assert len(sms_sent()) == 2
    # and staff were told once, through the outbox
    alerts = Notification.objects.filter(event="sms_budget_reached")
    assert [a.to for a in alerts] == [admin.email]
    assert "SMS_BUDGET_PER_HOUR" in alerts[0].body_text


@pytest.mark.django_db
def test_alerts_go_to_the_configured_addresses(api_client):
    UserFactory()
    with override_config(SMS_BUDGET_PER_HOUR=0, STAFF_ALERT_EMAILS="ops@shop.example, oncall@shop.example"):
        response = api_client.post(REGISTER_WITH_LOYALTY, _registration("+905550000020"), format="json")

    assert response.status_code == 429
    assert sorted(Notification.objects.filter(event="sms_budget_reached").values_list("to", flat=True)) == [
        "oncall@shop.example",
        "ops@shop.example",
    ]
