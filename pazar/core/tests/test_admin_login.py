"""The admin's login: the API login's failure limits (captcha, no lock-out) and the TOTP second factor."""

import pytest
from constance import config
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from pazar.accounts.tests.factories import StaffUserFactory

LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")


@pytest.fixture
def staff(db, password):
    return StaffUserFactory(email="agent@pazar.local", password=password, is_superuser=True)


def _post(client, password, **fields):
    return client.post(LOGIN, {"username": "agent@pazar.local", "password": password, "next": INDEX, **fields})


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


@pytest.mark.django_db
def test_25_wrong_admin_passwords_get_no_more_than_the_threshold_of_guesses(client, staff, password, hash_checks):
    # when a stranger tries 25 wrong passwords for the staff account
    answers = [_post(client, f"guess-{n}") for n in range(25)]

    # then only the first LOGIN_CAPTCHA_AFTER_FAILURES were checked; the rest were asked for the captcha
    threshold = config.LOGIN_CAPTCHA_AFTER_FAILURES
    assert hash_checks["n"] == threshold
    assert all(a.status_code == 200 for a in answers)
    assert all('id="pazar-captcha"' in a.content.decode() for a in answers[threshold:])
    # and even the right password is not checked without the captcha
    right = _post(client, password)
    assert right.status_code == 200 and "Please solve the captcha" in right.content.decode()
    assert hash_checks["n"] == threshold and client.get(INDEX).status_code == 302


@pytest.mark.django_db
def test_the_owner_gets_in_past_the_threshold_by_solving_the_captcha(client, staff, password):
    for n in range(25):
        _post(client, f"guess-{n}")

    assert "Please solve the captcha" in _post(client, password, **{"g-recaptcha-response": "wrong"}).content.decode()
    response = _post(client, password, **{"g-recaptcha-response": "sandbox-pass"})

    assert response.status_code == 302 and response["Location"] == INDEX
    assert client.get(INDEX).status_code == 200


@pytest.mark.django_db
def test_the_admin_and_the_api_share_the_counters(client, staff, password):
    # failures at the API login count for the admin's login (one guess budget per email)
    for _ in range(config.LOGIN_CAPTCHA_AFTER_FAILURES):
        APIClient().post("/users/login/", {"email": staff.email, "password": "wrong"}, format="json")

    assert "Please solve the captcha" in _post(client, password).content.decode()


@pytest.mark.django_db
def test_a_captcha_outage_lets_nobody_in_past_the_threshold(client, staff, password, settings):
    settings.CAPTCHA_VERIFIER = "pazar.accounts.captcha.services.SiteverifyVerifier"
    settings.CAPTCHA_SECRET_KEY = ""  # the provider cannot be asked
    for n in range(config.LOGIN_CAPTCHA_AFTER_FAILURES):
        _post(client, f"guess-{n}")

    response = _post(client, password, **{"g-recaptcha-response": "anything"})

    assert response.status_code == 200 and "cannot be checked right now" in response.content.decode()
    assert client.get(INDEX).status_code == 302


# --- the second factor (django-otp, TOTP) -------------------------------------------------------------


@pytest.mark.django_db
def test_staff_with_a_totp_device_must_give_its_code(client, staff, password, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own delay after a wrong code, off for the test
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)

    without = _post(client, password)
    wrong = _post(client, password, otp_token="000000" if _code(device) != "000000" else "111111")
    assert without.status_code == 200 and wrong.status_code == 200
    assert client.get(INDEX).status_code == 302

    response = _post(client, password, otp_token=_code(device))

    assert response.status_code == 302
    assert client.get(INDEX).status_code == 200


@pytest.mark.django_db
def test_a_session_without_the_code_does_not_open_the_admin_for_staff_with_a_device(staff, password):
    # given staff with a device who logs in through the API (no second factor there)
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    browser = APIClient()
    assert browser.post("/users/login/", {"email": staff.email, "password": password}, format="json").status_code == 200

    # then the same session cookie does not open the admin
    assert browser.get(INDEX).status_code == 302


@pytest.mark.django_db
def test_admin_require_otp_keeps_staff_without_a_device_out(client, staff, password, settings):
    settings.ADMIN_REQUIRE_OTP = True

    _post(client, password)
    assert client.get(INDEX).status_code == 302

    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    assert _post(client, password, otp_token=_code(device)).status_code == 302
    assert client.get(INDEX).status_code == 200


@pytest.mark.django_db
def test_staff_without_a_device_log_in_with_the_password_by_default(client, staff, password):
    assert _post(client, password).status_code == 302
    assert client.get(INDEX).status_code == 200


@pytest.mark.django_db
def test_staff_enrol_a_device_from_its_qr_code_in_the_admin(client, staff):
    client.force_login(staff)
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=False)

    response = client.get(reverse("admin:otp_totp_totpdevice_qrcode", args=[device.pk]))

    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
