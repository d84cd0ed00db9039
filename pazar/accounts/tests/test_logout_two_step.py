"""Logout as the storefront's `api/logout.ts` does it: two form posts to `/users/logout` (no slash)."""

import re
from urllib.parse import urlencode

import pytest
from rest_framework.test import APIClient

from pazar.accounts.tests.lifecycle_support import storefront_login

LOGOUT = "/users/logout"
# The storefront's own pattern for the token in the first answer.
CSRF_IN_PAGE = re.compile(r"name=['|\"]csrfmiddlewaretoken['|\"] value=['|\"](\w+)", re.IGNORECASE)


def _raw_client(session: str, csrf: str | None = None) -> APIClient:
    """A client that sends only the cookies `api/logout.ts` builds by hand."""
    client = APIClient(enforce_csrf_checks=True)
    client.cookies["osessionid"] = session
    if csrf is not None:
        client.cookies["csrftoken"] = csrf
    return client


@pytest.mark.django_db
def test_the_storefronts_two_posts_end_the_session(user, password):
    # given a logged-in shopper; the storefront's server knows only the osessionid cookie
    browser = storefront_login(user.email, password)
    session = browser.client.cookies["osessionid"].value

    # when step 1 posts with the session cookie only (no body, no CSRF)
    step1 = _raw_client(session).post(LOGOUT)

    # then it is not refused: the answer carries the CSRF token where the storefront's regex finds it
    assert step1.status_code == 200
    match = CSRF_IN_PAGE.search(step1.content.decode())
    assert match, step1.content
    token = match.group(1)
    assert browser.logged_in()  # nothing ended yet

    # when step 2 posts the token as the form field, with `csrftoken=<token>; osessionid=...`
    step2 = _raw_client(session, csrf=token).post(
        LOGOUT, urlencode({"csrfmiddlewaretoken": token}), content_type="application/x-www-form-urlencoded"
    )

    # then 200 and the session is over (for the browser too)
    assert step2.status_code == 200, step2.content
    assert step2.json() == {"detail": "Successfully logged out."}
    assert not browser.logged_in()


@pytest.mark.django_db
def test_a_wrong_csrf_token_in_step_two_ends_nothing(user, password):
    browser = storefront_login(user.email, password)
    session = browser.client.cookies["osessionid"].value
    step1 = _raw_client(session).post(LOGOUT)
    token = CSRF_IN_PAGE.search(step1.content.decode()).group(1)

    forged = _raw_client(session, csrf=token).post(LOGOUT, {"csrfmiddlewaretoken": "x" * 64}, format="multipart")

    assert forged.status_code == 200 and "form" in forged.json()
    assert browser.logged_in()


@pytest.mark.django_db
def test_logout_with_x_csrftoken_ends_it_in_one_post(user, password):
    browser = storefront_login(user.email, password)

    response = browser.post("/users/logout/")

    assert response.status_code == 200 and response.json()["detail"] == "Successfully logged out."
    assert not browser.logged_in()


@pytest.mark.django_db
def test_an_anonymous_logout_is_a_harmless_200(api_client):
    response = api_client.post(LOGOUT)
    assert response.status_code == 200
