"""Registration, login, logout and the current user, exactly as the Project Zero storefront calls them."""

import hashlib

import pytest

from pazar.accounts.models import User
from pazar.accounts.tests.factories import UserFactory

REGISTRATION = "/users/registration/"
LOGIN = "/users/login/"
LOGOUT = "/users/logout/"
CURRENT_USER = "/current_user/"
CURRENT_USER_KEYS = {
    "pk",
    "first_name",
    "last_name",
    "email",
    "phone",
    "email_allowed",
    "sms_allowed",
    "date_joined",
    "last_login",
    "date_of_birth",
    "hashed_email",
    "gender",
}


def _registration(**extra):
    body = {
        "email": "New.Shopper@Example.com",
        "password": "a-long-Passphrase-42",
        "first_name": "New",
        "last_name": "Shopper",
    }
    body.update(extra)
    return body


# --- registration ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_registration_answers_a_token_and_logs_in_with_osessionid(api_client):
    # when a visitor registers (the storefront's server posts JSON)
    response = api_client.post(REGISTRATION, _registration(), format="json")

    # then 201 with the token, and the session cookie under the storefront's name
    assert response.status_code == 201
    key = response.json()["key"]
    assert list(response.json()) == ["key"] and len(key) == 40
    assert "osessionid" in response.cookies and "sessionid" not in response.cookies
    # and the session is the new user's
    me = api_client.get(CURRENT_USER)
    assert me.status_code == 200
    assert me.json()["email"] == "New.Shopper@example.com"  # the domain is normalised


@pytest.mark.django_db
def test_registration_saves_the_optional_fields(api_client):
    response = api_client.post(
        REGISTRATION,
        _registration(
            phone="0555 111 22 33",
            gender="female",
            date_of_birth="1990-05-15",
            email_allowed=True,
            sms_allowed=True,
            call_allowed=False,
            confirm=True,
        ),
        format="json",
    )

    assert response.status_code == 201
    user = User.objects.get()
    assert (user.phone, user.gender, str(user.date_of_birth)) == ("+905551112233", "female", "1990-05-15")
    assert (user.email_allowed, user.sms_allowed, user.call_allowed) == (True, True, False)
    assert user.attributes["confirm"] is True


@pytest.mark.django_db
def test_registration_ignores_fields_that_are_not_the_visitors(api_client):
    response = api_client.post(
        REGISTRATION, _registration(is_staff=True, is_superuser=True, datasource=1, id=999), format="json"
    )

    assert response.status_code == 201
    user = User.objects.get()
    assert not user.is_staff and not user.is_superuser and user.datasource_id is None and user.pk != 999


@pytest.mark.django_db
def test_a_duplicate_email_in_any_case_is_a_field_error(api_client):
    UserFactory(email="taken@example.com")

    response = api_client.post(REGISTRATION, _registration(email="TAKEN@example.com"), format="json")

    assert response.status_code == 400
    assert response.json() == {"email": ["A user with that email address already exists."]}
    assert User.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["short", "12345678901", "password123", "New.Shopper@Example.com"])
def test_a_weak_password_is_a_field_error(api_client, password):
    response = api_client.post(REGISTRATION, _registration(password=password), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["password"]
    assert not User.objects.exists()


@pytest.mark.django_db
def test_missing_fields_are_named(api_client):
    response = api_client.post(REGISTRATION, {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"email", "password", "first_name", "last_name"}


# --- login ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_answers_the_token_and_sets_osessionid(api_client, user, password):
    # when the shopper logs in (no CSRF header: the storefront's server posts it)
    response = api_client.post(LOGIN, {"email": user.email, "password": password}, format="json")

    # then 200 with the user's token and a session cookie named osessionid, HttpOnly
    assert response.status_code == 200
    from pazar.accounts.services import token_for

    assert response.json() == {"key": token_for(user=user)}
    cookie = response.cookies["osessionid"]
    assert cookie["httponly"]
    assert api_client.get(CURRENT_USER).json()["pk"] == user.pk


@pytest.mark.django_db
def test_login_email_is_case_insensitive(api_client, user, password):
    response = api_client.post(LOGIN, {"email": user.email.upper(), "password": password}, format="json")

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["wrong-password", "unknown-email"])
def test_wrong_credentials_are_a_non_field_error(api_client, user, which):
    email = user.email if which == "wrong-password" else "nobody@example.com"

    response = api_client.post(LOGIN, {"email": email, "password": "not-the-password"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Unable to log in with provided credentials."]}
    assert "osessionid" not in response.cookies


@pytest.mark.django_db
def test_an_inactive_user_cannot_log_in(api_client, password):
    user = UserFactory(password=password, is_active=False)

    response = api_client.post(LOGIN, {"email": user.email, "password": password}, format="json")

    assert response.status_code == 400


# --- logout --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/users/logout/", "/users/logout"])
def test_logout_ends_the_session_with_or_without_the_slash(api_client, user, password, path):
    # given a logged-in session and its CSRF token
    api_client.post(LOGIN, {"email": user.email, "password": password}, format="json")
    csrf = api_client.get("/csrf_token/").json()["csrf_token"]

    # when the storefront posts logout (also without the trailing slash)
    response = api_client.post(path, HTTP_X_CSRFTOKEN=csrf)

    # then it is not redirected, and the session is over
    assert response.status_code == 200
    assert api_client.get(CURRENT_USER).status_code == 403


@pytest.mark.django_db
def test_logout_with_a_token_revokes_it(token_client, user):
    response = token_client.post(LOGOUT)

    assert response.status_code == 200
    assert token_client.get(CURRENT_USER).status_code in (401, 403)


# --- current user --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_current_user_has_the_storefronts_fields(token_client, user):
    response = token_client.get(CURRENT_USER)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == CURRENT_USER_KEYS
    assert body["pk"] == user.pk
    assert body["hashed_email"] == hashlib.sha256(user.email.lower().encode()).hexdigest()
    assert body["date_joined"].endswith("Z")


@pytest.mark.django_db
def test_hashed_email_uses_the_lower_cased_email(client_of):
    user = UserFactory(email="Mixed.Case@Example.COM")

    body = client_of(user).get(CURRENT_USER).json()

    assert body["hashed_email"] == hashlib.sha256(b"mixed.case@example.com").hexdigest()


@pytest.mark.django_db
def test_anonymous_current_user_is_403_in_drfs_format(api_client):
    response = api_client.get(CURRENT_USER)

    assert response.status_code == 403
    assert response.json() == {"detail": "Authentication credentials were not provided."}


@pytest.mark.django_db
def test_csrf_token_endpoint_answers_and_sets_the_cookie(api_client):
    response = api_client.get("/csrf_token/")

    assert response.status_code == 200
    token = response.json()["csrf_token"]
    assert token and response.cookies["csrftoken"].value


@pytest.mark.django_db
def test_token_auth_works_on_any_endpoint(token_client, user):
    for path in ("/current_user/", "/users/profile/", "/users/orders/", "/users/conversations/"):
        assert token_client.get(path).status_code == 200, path


@pytest.mark.django_db
def test_a_bad_token_is_refused(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)

    response = api_client.get(CURRENT_USER)

    assert response.status_code in (401, 403)
    assert "detail" in response.json()
