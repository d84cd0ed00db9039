"""Password change, forgot password and the reset link, replayed as the storefront sends them."""

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from pazar.accounts.models import AccountLink, User
from pazar.accounts.services import token_for
from pazar.accounts.tests.factories import UserFactory
from pazar.accounts.tests.lifecycle_support import emails, form_post, link_in, storefront_login
from pazar.notifications.models import Notification
from pazar.notifications.rendering import MASK

CHANGE = "/users/password/change/"
FORGOT = "/users/password/reset/"
NEW_PASSWORD = "a-fresh-Passphrase-77"
RESET_MARKER = "/users/reset/"


def _change(old, new1=NEW_PASSWORD, new2=NEW_PASSWORD):
    return {"old_password": old, "new_password1": new1, "new_password2": new2}


# --- change ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", [CHANGE, CHANGE.rstrip("/")])
def test_password_change_keeps_this_session_and_ends_the_others(user, password, path):
    # given the shopper logged in twice (two browsers) and holding an API token
    browser, other_browser = storefront_login(user.email, password), storefront_login(user.email, password)
    token_for(user=user)

    # when the storefront posts the change form as JSON with x-csrftoken
    response = browser.post(path, _change(password))

    # then 200; this session stays, the other one and every token are gone; an email tells the user
    assert response.status_code == 200, response.content
    assert response.json() == {"detail": "New password has been saved."}
    assert browser.logged_in()
    assert not other_browser.logged_in()
    assert not Token.objects.filter(user=user).exists()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert [n.to for n in emails("password_changed")] == [user.email]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        (_change("not-the-password"), "old_password"),
        (_change("{password}", NEW_PASSWORD, NEW_PASSWORD + "x"), "new_password2"),
        (_change("{password}", "12345678", "12345678"), "new_password2"),  # Django's validators
        ({"old_password": "{password}"}, "new_password1"),
    ],
)
def test_password_change_refuses_with_field_errors_and_changes_nothing(user, password, body, field):
    browser = storefront_login(user.email, password)
    body = {key: value.replace("{password}", password) for key, value in body.items()}

    response = browser.post(CHANGE, body)

    assert response.status_code == 400
    assert field in response.json()
    user.refresh_from_db()
    assert user.check_password(password)
    assert emails("password_changed") == []


@pytest.mark.django_db
def test_password_change_needs_login_and_csrf(user, password):
    assert APIClient().post(CHANGE, _change(password), format="json").status_code == 403
    browser = storefront_login(user.email, password)
    assert browser.client.post(CHANGE, _change(password), format="json").status_code == 403  # no x-csrftoken


@pytest.mark.django_db
def test_password_change_attempts_are_throttled_per_user(user, password, settings):
    settings.PASSWORD_CHECK_PER_USER_PER_HOUR = 2
    browser = storefront_login(user.email, password)

    answers = [browser.post(CHANGE, _change("wrong-guess")).status_code for _ in range(3)]

    assert answers == [400, 400, 429]


# --- forgot and reset ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", [FORGOT, FORGOT.rstrip("/")])
def test_forgot_password_answers_the_same_for_known_and_unknown_emails(api_client, user, path):
    known = api_client.post(path, {"email": user.email.upper()}, format="json")
    unknown = api_client.post(path, {"email": "nobody@example.com"}, format="json")

    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert known.status_code == 200
    assert [n.to for n in emails("password_reset")] == [user.email]


@pytest.fixture
def broker_down(monkeypatch):
    from kombu.exceptions import OperationalError

    from pazar.accounts.tasks import password_reset_send_task

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(password_reset_send_task, "delay", refuse)


@pytest.mark.django_db
def test_with_the_broker_down_the_request_does_the_same_for_known_and_unknown_emails(
    api_client, user, broker_down, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pazar.accounts.models import DeferredPasswordReset
    from pazar.accounts.tasks import password_reset_deferred_sweep_task

    # when a known and an unknown address ask for a reset while the broker is unreachable
    statements = {}
    for email in (user.email, "nobody@example.com"):
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
            response = api_client.post(FORGOT, {"email": email}, format="json")
        assert response.status_code == 200
        statements[email] = [re.sub(r"'[^']*'", "?", q["sql"]) for q in queries.captured_queries]

    # then the request ran the same statements for both, none of them a look-up of the user,
    # and sent nothing yet: each request left a row for the sweep
    assert statements[user.email] == statements["nobody@example.com"]
    assert not any("accounts_user" in sql for sql in statements[user.email])
    assert emails("password_reset") == []
    assert sorted(DeferredPasswordReset.objects.values_list("email", flat=True)) == sorted(
        [user.email, "nobody@example.com"]
    )

    # and the sweep, once the worker runs it, emails the known address its link, and only that
    with django_capture_on_commit_callbacks(execute=True):
        password_reset_deferred_sweep_task.delay()
    assert [n.to for n in emails("password_reset")] == [user.email]
    assert not DeferredPasswordReset.objects.exists()


@pytest.mark.django_db
def test_forgot_password_is_throttled_per_email_whether_it_exists_or_not(api_client, user, settings):
    settings.PASSWORD_RESET_PER_EMAIL_PER_HOUR = 2
    for email in (user.email, "nobody@example.com"):
        answers = [api_client.post(FORGOT, {"email": email}, format="json").status_code for _ in range(3)]
        assert answers == [200, 200, 429]
    assert len(emails("password_reset")) == 2


@pytest.mark.django_db
def test_forgot_password_is_throttled_per_client_address(api_client, settings):
    settings.PASSWORD_RESET_PER_IP_PER_HOUR = 3
    answers = [
        api_client.post(FORGOT, {"email": f"walker{n}@example.com"}, format="json").status_code for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]


@pytest.mark.django_db
def test_full_reset_flow_through_the_api(user, password, settings):
    from constance.test import override_config

    # given a shopper logged in somewhere (an old session) who forgot the password
    old_session = storefront_login(user.email, password)
    visitor = APIClient(enforce_csrf_checks=True)

    with override_config(PASSWORD_RESET_URL="https://shop.example.com/users/reset/{slug}"):
        # when they ask for a link (JSON, as the storefront's forgot-password form)
        assert visitor.post(FORGOT, {"email": user.email}, format="json").status_code == 200
    # then an email in the outbox carries the storefront's reset link
    (mail,) = emails("password_reset", user.email)
    assert "https://shop.example.com/users/reset/" in mail.body_text
    slug = link_in(mail, RESET_MARKER)

    # when the reset page posts the new password as form data, without the trailing slash
    response = form_post(
        visitor, f"/users/reset/{slug}", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    # then the password is set, the link is masked in the outbox and works never again
    assert response.status_code == 200, response.content
    mail.refresh_from_db()
    assert slug not in mail.body_text and MASK in mail.body_text
    again = visitor.post(
        f"/users/reset/{slug}/", {"new_password1": "another-Passphrase-88", "new_password2": "another-Passphrase-88"}
    )
    assert again.status_code == 400
    assert "invalid" in again.json()["non_field_errors"][0]
    # and the old session is gone, the old password refused, the new one logs in
    assert not old_session.logged_in()
    assert visitor.post("/users/login/", {"email": user.email, "password": password}).status_code == 400
    assert storefront_login(user.email, NEW_PASSWORD).logged_in()
    assert AccountLink.objects.get().used_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["garbage", "MQ-garbage-token", "-", "Zm9v-abc-def"])
def test_reset_with_a_wrong_slug_is_a_400_and_changes_nothing(api_client, user, password, slug):
    response = form_post(
        api_client, f"/users/reset/{slug}/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    user.refresh_from_db()
    assert user.check_password(password)


@pytest.mark.django_db
def test_reset_link_expires(api_client, user, password, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    api_client.post(FORGOT, {"email": user.email}, format="json")
    slug = link_in(emails("password_reset")[0], RESET_MARKER)

    later = datetime.now() + timedelta(hours=2)
    with mock.patch.object(default_token_generator, "_now", return_value=later):
        response = form_post(
            api_client, f"/users/reset/{slug}/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        )

    assert response.status_code == 400
    user.refresh_from_db()
    assert user.check_password(password)


@pytest.mark.django_db
def test_reset_link_dies_when_the_user_logs_in(api_client, user, password):
    api_client.post(FORGOT, {"email": user.email}, format="json")
    slug = link_in(emails("password_reset")[0], RESET_MARKER)
    storefront_login(user.email, password)  # last_login moves: Django's token includes it

    response = form_post(
        api_client, f"/users/reset/{slug}/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 400


@pytest.mark.django_db
def test_reset_with_a_weak_or_mismatched_password_keeps_the_link(api_client, user, password):
    api_client.post(FORGOT, {"email": user.email}, format="json")
    slug = link_in(emails("password_reset")[0], RESET_MARKER)

    weak = form_post(api_client, f"/users/reset/{slug}/", {"new_password1": "123", "new_password2": "123"})
    mismatch = form_post(api_client, f"/users/reset/{slug}/", {"new_password1": NEW_PASSWORD, "new_password2": "x"})
    good = form_post(
        api_client, f"/users/reset/{slug}/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert (weak.status_code, mismatch.status_code, good.status_code) == (400, 400, 200)
    assert "new_password2" in weak.json() and "new_password2" in mismatch.json()


@pytest.mark.django_db
def test_a_password_change_masks_every_open_reset_link(api_client, user, password):
    api_client.post(FORGOT, {"email": user.email}, format="json")
    browser = storefront_login(user.email, password)

    assert browser.post(CHANGE, _change(password)).status_code == 200

    mail = emails("password_reset")[0]
    assert RESET_MARKER not in mail.body_text and MASK in mail.body_text


@pytest.mark.django_db
def test_reset_email_speaks_the_users_language(api_client):
    turkish = UserFactory(language_code="tr")
    api_client.post(FORGOT, {"email": turkish.email}, format="json")
    assert emails("password_reset")[0].subject == "Şifrenizi sıfırlayın"


@pytest.mark.django_db
@override_settings(PASSWORD_RESET_TIMEOUT=60)
def test_the_sweeper_masks_an_expired_reset_link(api_client, user):
    from pazar.notifications.services import notifications_sweep

    api_client.post(FORGOT, {"email": user.email}, format="json")
    Notification.objects.update(secrets_expire_at=timezone.now() - timedelta(seconds=1))
    notifications_sweep()

    body = Notification.objects.get(event="password_reset").body_text
    assert RESET_MARKER not in body and MASK in body
    assert User.objects.get(pk=user.pk).check_password("correct-Horse-battery-9")


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "detail"), [("tr", "Şifre sıfırlama e-postası gönderildi."), ("undefined", None)])
def test_answers_follow_the_request_language(api_client, language, detail):
    response = api_client.post(FORGOT, {"email": "a@example.com"}, format="json", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert response.json()["detail"] == (detail or "Password reset e-mail has been sent.")
