"""SMS backends: one small interface, chosen by the `SMS_BACKEND` setting (a dotted path).

- `ConsoleSmsBackend` logs the message (development).
- `LocmemSmsBackend` keeps it in `pazar.notifications.sms.outbox` (tests; clear it in a fixture).
- `HttpSmsBackend` POSTs it to a generic HTTP gateway configured in the dynamic settings.
"""

import base64
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from constance import config
from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

HTTP_TIMEOUT_SECONDS = 5


class SmsDeliveryError(Exception):
    """The provider did not accept the message; the outbox retries it."""


@dataclass(frozen=True)
class SmsMessage:
    """What `LocmemSmsBackend` keeps of a sent SMS."""

    to: str
    text: str


outbox: list[SmsMessage] = []


class BaseSmsBackend:
    """Send one SMS or raise (any exception counts as a failure to retry)."""

    def send(self, *, to: str, text: str) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Writes the SMS to the log instead of sending it."""

    def send(self, *, to: str, text: str) -> None:
        logger.info("SMS to %s: %s", to, text)


class LocmemSmsBackend(BaseSmsBackend):
    """Appends the SMS to the module's `outbox` list, like Django's locmem email backend."""

    def send(self, *, to: str, text: str) -> None:
        outbox.append(SmsMessage(to=to, text=text))


class HttpSmsBackend(BaseSmsBackend):
    """POSTs `{"to", "text", "sender"}` as JSON to `SMS_GATEWAY_URL` (dynamic settings).

    The credentials come from the environment. With `SMS_GATEWAY_USERNAME` set it authenticates with
    HTTP Basic (username and password); with only
    `SMS_GATEWAY_PASSWORD` set it sends `Authorization: Bearer <password>`.
    Anything but a 2xx answer, and any network error or timeout, is a failure.
    """

    def send(self, *, to: str, text: str) -> None:
        url = config.SMS_GATEWAY_URL.strip()
        if urlsplit(url).scheme not in {"http", "https"}:
            raise SmsDeliveryError("SMS_GATEWAY_URL is not an http(s) URL.")
        payload = json.dumps({"to": to, "text": text, "sender": config.SMS_GATEWAY_SENDER}).encode()
        # The scheme was checked above: no file:// or custom schemes reach urlopen.
        request = urllib.request.Request(url, data=payload, method="POST", headers=self._headers())  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            # The answer's body is left out: gateways echo the message, and it may hold a code.
            raise SmsDeliveryError(f"The SMS gateway answered HTTP {exc.code}.")
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SmsDeliveryError(f"The SMS gateway is unreachable: {reason}")
        if not 200 <= status < 300:
            raise SmsDeliveryError(f"The SMS gateway answered HTTP {status}.")

    def _headers(self) -> dict:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        username, password = settings.SMS_GATEWAY_USERNAME, settings.SMS_GATEWAY_PASSWORD
        if username:
            token = base64.b64encode(f"{username}:{password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        elif password:
            headers["Authorization"] = f"Bearer {password}"
        return headers


def get_sms_backend() -> BaseSmsBackend:
    """An instance of the backend named by `settings.SMS_BACKEND`."""
    return import_string(settings.SMS_BACKEND)()
