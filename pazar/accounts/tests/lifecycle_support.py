"""Helpers for the account lifecycle tests: a storefront session, links read from the email outbox."""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from rest_framework.test import APIClient

from pazar.notifications.models import Notification

LOGIN = "/users/login/"
CURRENT_USER = "/current_user/"


@dataclass
class Storefront:
    """A shopper's browser as the storefront's proxy drives it: the `osessionid` cookie and `x-csrftoken`."""

    client: APIClient
    csrf: str

    def post(self, path, data=None, *, form=False, **extra):
        if form:
            return form_post(self.client, path, data or {}, HTTP_X_CSRFTOKEN=self.csrf, **extra)
        return self.client.post(path, data, format="json", HTTP_X_CSRFTOKEN=self.csrf, **extra)

    def patch(self, path, data=None, **extra):
        if data is None:
            # the storefront's proxy turns a bodyless call into the string "{}" with no content type,
            # which fetch labels text/plain
            return self.client.generic(
                "PATCH", path, "{}", content_type="text/plain;charset=UTF-8", HTTP_X_CSRFTOKEN=self.csrf, **extra
            )
        return self.client.patch(path, data, format="json", HTTP_X_CSRFTOKEN=self.csrf, **extra)

    def get(self, path, **extra):
        return self.client.get(path, **extra)

    def logged_in(self) -> bool:
        return self.client.get(CURRENT_USER).status_code == 200


def storefront_login(email: str, password: str) -> Storefront:
    """Log in as the storefront does (JSON, no CSRF), then fetch the CSRF token for the writes."""
    client = APIClient(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"email": email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    csrf = client.get("/csrf_token/").json()["csrf_token"]
    return Storefront(client=client, csrf=csrf)


def form_post(client, path: str, data: dict, **extra):
    """A POST as the proxy sends `useFormData` bodies: URL-encoded (URLSearchParams), empty fields dropped."""
    fields = {key: value for key, value in data.items() if value}
    return client.post(path, urlencode(fields), content_type="application/x-www-form-urlencoded", **extra)


def emails(event: str, to: str | None = None) -> list[Notification]:
    rows = Notification.objects.filter(kind="email", event=event).order_by("pk")
    return list(rows.filter(to__iexact=to) if to else rows)


def link_in(notification: Notification, marker: str) -> str:
    """The path part after `marker` of the link in an email's text, as the shopper would click it."""
    match = re.search(re.escape(marker) + r"([^\s/]+)", notification.body_text)
    assert match, f"no link with {marker!r} in {notification.body_text!r}"
    return match.group(1)


CAPTCHA = "/users/pz-captcha/"


def captcha_solve(client: APIClient, answer: str = "sandbox-pass"):
    """The storefront's captcha steps (hooks/use-captcha.tsx, data/client/user.ts), through its proxy.

    getCaptcha: GET, the CSRF token read from the answer's html as the client's regular expression
    reads it; validateCaptcha: a form POST (`useFormData`) of `g-recaptcha-response` with the
    token in `x-csrftoken`, the cookies forwarded. Returns the POST's response.
    """
    form = client.get(CAPTCHA)
    assert form.status_code == 200, form.content
    match = re.search(r"name=['|\"]csrfmiddlewaretoken['|\"] value=['|\"](\w+)", form.json()["html"])
    assert match, form.json()
    return form_post(client, CAPTCHA, {"g-recaptcha-response": answer}, HTTP_X_CSRFTOKEN=match.group(1))
