"""Email change with a link to the new address, and registration email confirmation (none/optional/mandatory)."""

from datetime import timedelta

import pytest
from constance.test import override_config
from django.utils import timezone
from rest_framework.test import APIClient

from pazar.accounts.models import AccountLink, User
from pazar.accounts.tests.factories import UserFactory
from pazar.accounts.tests.lifecycle_support import emails, link_in, storefront_login
from pazar.notifications.rendering import MASK

CHANGE = "/users/email-change/"
SET_PRIMARY = "/users/email-set-primary/"
CONFIRM = "/users/registration/account-confirm-email/"
RESEND = "/users/registration/resend-email/"
NEW = "New.Address@Example.com"


def _change(password, email=NEW, confirm=None):
    return {"email": email, "emailConfirm": confirm or email, "password": password}


def _set_primary_token() -> str:
    return link_in(emails("email_change")[-1], SET_PRIMARY)


# --- email change ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_email_change_waits_for_the_link_sent_to_the_new_address(user, password):
    old_email = user.email
    browser = storefront_login(user.email, password)

    # when the storefront posts the change-email form (JSON, x-csrftoken)
    response = browser.post(CHANGE.rstrip("/"), _change(password))

    # then 200, nothing changed yet, and a link went to the new address only
    assert response.status_code == 200, response.content
    user.refresh_from_db()
    assert user.email == old_email
    (mail,) = emails("email_change")
    assert mail.to == "New.Address@example.com"

    # when the link is opened (the storefront's page calls the GET, no login needed)
    token = _set_primary_token()
    # (the proxy drops the trailing slash and sends Content-Type: application/json on the GET)
    opened = APIClient().get(f"{SET_PRIMARY}{token}", content_type="application/json")

    # then the new address is the login email, the old one is told, the link is masked and dead
    assert opened.status_code == 200, opened.content
    user.refresh_from_db()
    assert user.email == "New.Address@example.com" and user.email_verified_at is not None
    assert [n.to for n in emails("email_changed")] == [old_email]
    mail.refresh_from_db()
    assert token not in mail.body_text and MASK in mail.body_text
    assert APIClient().get(f"{SET_PRIMARY}{token}/").status_code == 400
    assert storefront_login("new.address@example.com", password).logged_in()
    assert APIClient().post("/users/login/", {"email": old_email, "password": password}).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        (lambda pw: _change("wrong-password"), "password"),
        (lambda pw: _change(pw, confirm="other@example.com"), "emailConfirm"),
        (lambda pw: _change(pw, email="not-an-email"), "email"),
        (lambda pw: {"email": NEW}, "password"),
    ],
)
def test_email_change_refusals_send_nothing(user, password, body, field):
    UserFactory(email="taken@example.com")
    browser = storefront_login(user.email, password)

    response = browser.post(CHANGE, body(password))

    assert response.status_code == 400
    assert field in response.json()
    assert emails("email_change") == []


@pytest.mark.django_db
def test_a_taken_address_is_answered_like_a_free_one(user, password, django_capture_on_commit_callbacks):
    # given another account's address, and the requester's open link to a free one
    stranger = UserFactory(email="taken@example.com", first_name="Stranger")
    user.first_name = "Requester<a href=x>"
    user.save(update_fields=["first_name"])
    browser = storefront_login(user.email, password)
    browser.post(CHANGE, _change(password))
    older = _set_primary_token()

    # when the requester names the taken address (any case), then a free one
    with django_capture_on_commit_callbacks(execute=True):
        taken = browser.post(CHANGE, _change(password, email="TAKEN@example.com"))
    free = browser.post(CHANGE, _change(password, email="free@example.com"))

    # then both answers are the same, and nothing tells the requester the address has an account
    assert taken.status_code == free.status_code == 200
    assert taken.json() == free.json() == {"detail": "Confirmation e-mail sent to the new address."}
    # the owner of the taken address gets a neutral notice: no link, nothing the requester typed
    (notice,) = emails("email_change_taken")
    assert notice.to == stranger.email
    assert "/users/" not in notice.body_text and "Requester" not in notice.body_text + notice.body_html
    assert [n.to for n in emails("email_change")][:1] == ["New.Address@example.com"]
    assert "taken@example.com" not in [n.to.lower() for n in emails("email_change")]
    # a newer request closes the older link all the same, and the taken address was never the user's
    assert APIClient().get(f"{SET_PRIMARY}{older}/").status_code == 400
    user.refresh_from_db()
    stranger.refresh_from_db()
    assert (user.email.startswith("shopper"), stranger.email) == (True, "taken@example.com")


@pytest.mark.django_db
def test_an_address_taken_meanwhile_is_refused_when_the_link_is_opened(user, password):
    browser = storefront_login(user.email, password)
    browser.post(CHANGE, _change(password))
    UserFactory(email="new.address@EXAMPLE.com")

    response = APIClient().get(f"{SET_PRIMARY}{_set_primary_token()}/")

    assert response.status_code == 400 and "email" in response.json()
    user.refresh_from_db()
    assert user.email != "New.Address@example.com"


@pytest.mark.django_db
def test_email_change_link_expires_and_a_newer_one_replaces_it(user, password):
    browser = storefront_login(user.email, password)
    browser.post(CHANGE, _change(password))
    first = _set_primary_token()
    browser.post(CHANGE, _change(password, email="third@example.com"))
    second = _set_primary_token()

    assert APIClient().get(f"{SET_PRIMARY}{first}/").status_code == 400
    AccountLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert APIClient().get(f"{SET_PRIMARY}{second}/").status_code == 400
    user.refresh_from_db()
    assert user.email.startswith("shopper")


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["nope", "x" * 43])
def test_an_unknown_token_is_a_400(api_client, token):
    assert api_client.get(f"{SET_PRIMARY}{token}/").status_code == 400
    assert api_client.get(f"{CONFIRM}{token}/").status_code == 400


@pytest.mark.django_db
def test_email_change_is_throttled_per_user(user, password, settings):
    settings.EMAIL_CHANGE_PER_USER_PER_HOUR = 2
    browser = storefront_login(user.email, password)

    answers = [browser.post(CHANGE, _change(password, email=f"n{i}@example.com")).status_code for i in range(3)]

    assert answers == [200, 200, 429]


@pytest.mark.django_db
def test_email_change_needs_login_and_csrf(user, password):
    assert APIClient().post(CHANGE, _change(password), format="json").status_code == 403
    browser = storefront_login(user.email, password)
    assert browser.client.post(CHANGE, _change(password), format="json").status_code == 403


# --- registration email confirmation -----------------------------------------------------------


def _register(client, email="fresh@example.com"):
    body = {"email": email, "password": "a-long-Passphrase-42", "first_name": "Fresh", "last_name": "Shopper"}
    return client.post("/users/registration/", body, format="json")


@pytest.mark.django_db
def test_without_verification_no_email_is_sent(api_client):
    assert _register(api_client).status_code == 201
    assert emails("registration_email_confirm") == []


@pytest.mark.django_db
@override_config(REGISTRATION_EMAIL_VERIFICATION="optional")
def test_optional_verification_logs_in_and_the_link_confirms_once(api_client):
    response = _register(api_client)

    assert response.status_code == 201 and "key" in response.json()
    (mail,) = emails("registration_email_confirm", "fresh@example.com")
    token = link_in(mail, CONFIRM)
    assert APIClient().get(f"{CONFIRM}{token}/", content_type="application/json").status_code == 200
    assert User.objects.get(email="fresh@example.com").email_verified_at is not None
    assert APIClient().get(f"{CONFIRM}{token}").status_code == 400  # once only
    mail.refresh_from_db()
    assert token not in mail.body_text


@pytest.mark.django_db
@override_config(REGISTRATION_EMAIL_VERIFICATION="mandatory")
def test_mandatory_verification_refuses_login_until_confirmed(api_client):
    # registration answers 201 without a token and without a session
    response = _register(api_client)
    assert response.status_code == 201
    assert response.json() == {"detail": "Verification e-mail sent."}
    assert api_client.get("/current_user/").status_code == 403

    # login is a clear 400 until the link is opened
    login = {"email": "fresh@example.com", "password": "a-long-Passphrase-42"}
    refused = APIClient().post("/users/login/", login, format="json")
    assert refused.status_code == 400
    assert "confirm your email" in refused.json()["non_field_errors"][0]

    # a resend (same answer for any address) sends a fresh link; the old one dies
    first = link_in(emails("registration_email_confirm")[0], CONFIRM)
    assert APIClient().post(RESEND, {"email": "FRESH@example.com"}, format="json").status_code == 200
    assert APIClient().post(RESEND, {"email": "nobody@example.com"}, format="json").status_code == 200
    assert len(emails("registration_email_confirm")) == 2
    assert APIClient().get(f"{CONFIRM}{first}/").status_code == 400
    second = link_in(emails("registration_email_confirm")[1], CONFIRM)
    assert APIClient().get(f"{CONFIRM}{second}/").status_code == 200

    assert APIClient().post("/users/login/", login, format="json").status_code == 200


@pytest.mark.django_db
@override_config(REGISTRATION_EMAIL_VERIFICATION="mandatory")
def test_resend_is_throttled_per_email(api_client, settings):
    settings.EMAIL_CONFIRM_RESEND_PER_EMAIL_PER_HOUR = 1
    answers = [api_client.post(RESEND, {"email": "a@example.com"}, format="json").status_code for _ in range(2)]
    assert answers == [200, 429]


@pytest.mark.django_db
def test_registration_confirmation_email_in_turkish(api_client):
    with override_config(REGISTRATION_EMAIL_VERIFICATION="optional"):
        _register(api_client.__class__(HTTP_ACCEPT_LANGUAGE="tr"))
    assert emails("registration_email_confirm")[0].subject == "E-posta adresinizi onaylayın"


@pytest.mark.django_db
@override_config(PROFILE_CONSENT_CONFIRMATION=True)
def test_with_consent_confirmation_on_both_doors_stay_as_they_are(password):
    # given a shopper with a phone (the KVKK flow sends its code there)
    user = UserFactory(password=password, phone="+905551112233")
    browser = storefront_login(user.email, password)

    # the seed 002 flow: an email in a profile PATCH waits for an SMS code (202), as before
    pending = browser.patch("/users/profile/", {"email": "kvkk.new@example.com"})
    assert pending.status_code == 202
    # the change-email form: a link to the new address, no SMS code needed
    assert browser.post(CHANGE, _change(password)).status_code == 200
    assert APIClient().get(f"{SET_PRIMARY}{_set_primary_token()}/").status_code == 200
    user.refresh_from_db()
    assert user.email == "New.Address@example.com"
