"""Clients of the loyalty-card service, chosen by the CUSTOMER_LOYALTY_CARD_SERVICE dynamic setting.

The HTTP client only ever calls the configured base URL with fixed paths: nothing from a request
body becomes part of a URL except a card number, which is checked and quoted.
"""

import base64
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from constance import config
from django.conf import settings

CARD_NUMBER = re.compile(r"^[A-Za-z0-9-]{1,64}$")


class LoyaltyServiceError(Exception):
    """The service could not be reached or refused the call; the caller retries later."""


class SandboxClient:
    """A built-in stand-in for development, tests and the demo; `"down": true` simulates an outage."""

    def __init__(self, options: dict):
        self.down = bool(options.get("down"))

    def create_card(self, *, user, fields: dict) -> str:
        if self.down:
            raise LoyaltyServiceError("sandbox loyalty service is down")
        return f"SBX{user.pk:012d}"

    def update_card(self, *, card_number: str, fields: dict) -> None:
        if self.down:
            raise LoyaltyServiceError("sandbox loyalty service is down")


class HttpClient:
    """A generic JSON client: POST {url}/cards/ creates, PATCH {url}/cards/<number>/ updates."""

    timeout = 5
    retries = 2

    def __init__(self, options: dict):
        url = str(options.get("url", "")).rstrip("/")
        if not url.startswith(("https://", "http://")):
            raise LoyaltyServiceError("CUSTOMER_LOYALTY_CARD_SERVICE has no valid url")
        self.base_url = url
        self.headers = {"Content-Type": "application/json", "Accept": "application/json"}
        # Credentials from the environment only: the dynamic settings are readable in the admin.
        if settings.LOYALTY_SERVICE_TOKEN:
            self.headers["Authorization"] = f"Token {settings.LOYALTY_SERVICE_TOKEN}"
        elif settings.LOYALTY_SERVICE_USERNAME:
            raw = f"{settings.LOYALTY_SERVICE_USERNAME}:{settings.LOYALTY_SERVICE_PASSWORD}".encode()
            self.headers["Authorization"] = "Basic " + base64.b64encode(raw).decode()

    def _call(self, method: str, path: str, body: dict) -> dict:
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked in __init__)
            self.base_url + path, data=json.dumps(body, default=str).encode(), headers=self.headers, method=method
        )
        last_error: Exception | None = None
        for attempt in range(self.retries + 1):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    payload = response.read()
                    return json.loads(payload) if payload else {}
            except urllib.error.HTTPError as exc:
                last_error = exc
                if exc.code < 500:
                    break
            except (urllib.error.URLError, TimeoutError, ValueError) as exc:
                last_error = exc
            time.sleep(0.2 * (attempt + 1))
        raise LoyaltyServiceError(str(last_error))

    def create_card(self, *, user, fields: dict) -> str:
        answer = self._call("POST", "/cards/", {"email": user.email, **fields})
        number = str(answer.get("card_number", ""))
        if not CARD_NUMBER.match(number):
            raise LoyaltyServiceError("the service answered no valid card_number")
        return number

    def update_card(self, *, card_number: str, fields: dict) -> None:
        if not CARD_NUMBER.match(card_number):
            raise LoyaltyServiceError("invalid card number")
        self._call("PATCH", f"/cards/{urllib.parse.quote(card_number)}/", fields)


def loyalty_client():
    """The client the dynamic setting names."""
    options = config.CUSTOMER_LOYALTY_CARD_SERVICE or {}
    backend = options.get("backend", "sandbox")
    if backend == "http":
        return HttpClient(options)
    if backend == "sandbox":
        return SandboxClient(options)
    raise LoyaltyServiceError(f"unknown loyalty backend {backend!r}")
