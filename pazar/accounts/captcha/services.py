"""The captcha the stock storefront shows when a login asks for it, and the verifiers behind it.

The contract is the platform's (Akinon Commerce, "Captcha Validation", Project Zero variant) as
`@akinon/next` reads it:

- A login (or registration) that needs a captcha answers with a `redirect_url` containing
  "captcha" (`api/auth.ts` checks that before anything else and raises its `captcha` error, so the
  status does not steer the client; pazar answers 429, the platform's status for a throttled
  caller, with `{"detail": ..., "redirect_url": "/users/pz-captcha/"}` and no Retry-After: waiting
  is not the way out, the captcha is).
- `GET /users/pz-captcha/` answers `{"html": ...}`, the form with the hidden
  `csrfmiddlewaretoken` and the widget's `data-sitekey` (`data/client/user.ts` getCaptcha takes
  both out of the html with regular expressions); pazar adds them as `siteKey` and `csrfToken`.
- `POST /users/pz-captcha/` with the form field `g-recaptcha-response` (and the CSRF token):
  the client counts a success when the answer's `location` is "/" (the platform redirects there);
  pazar answers `{"success": true, "location": "/"}` or `{"success": false}`.

A solved captcha is a one-use pass: a random token in the caller's session and the same token in
the shared cache for CAPTCHA_PASS_SECONDS. Spending it deletes the cache key; the delete is atomic,
so concurrent logins with one session cannot spend one pass twice.

Verifiers: Google reCAPTCHA, hCaptcha and Cloudflare Turnstile share one server-side protocol (a
form POST of `secret` and `response` answering JSON with a boolean `success`), so one class serves
them, with the standard library's urllib: the packages that exist (django-recaptcha and the like)
are form fields for Django's templates, not a verifier to call from an API view, and `requests`
would add five packages to the production lock for one POST with a timeout.
"""

import json
import logging
import secrets
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status

logger = logging.getLogger(__name__)

CAPTCHA_PATH = "/users/pz-captcha/"
SANDBOX_PASS = "sandbox-pass"
SESSION_KEY = "captcha_pass"
RETRY_AFTER_SECONDS = 30


class CaptchaRequired(exceptions.APIException):
    """The platform's captcha challenge: 429 `{"detail": ..., "redirect_url": "/users/pz-captcha/"}`."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "captcha_required"

    def __init__(self):
        message = _("Too many failed attempts. Please verify that you are not a robot.")
        super().__init__(detail={"detail": message, "redirect_url": CAPTCHA_PATH})


class CaptchaUnavailable(exceptions.APIException):
    """The captcha provider did not answer: 503 with Retry-After; nothing passes meanwhile."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("The captcha cannot be checked right now. Please try again in a minute.")
    default_code = "captcha_unavailable"
    wait = RETRY_AFTER_SECONDS  # DRF's handler turns it into Retry-After


class Verifier:
    """Checks one captcha answer; `site_key` is what the widget in the browser needs."""

    @property
    def site_key(self) -> str:
        return settings.CAPTCHA_SITE_KEY

    def verify(self, *, response: str, remote_ip: str) -> bool:
        raise NotImplementedError


class SandboxVerifier(Verifier):
    """For `make run` and tests: passes exactly the answer "sandbox-pass", refuses any other."""

    @property
    def site_key(self) -> str:
        return settings.CAPTCHA_SITE_KEY or "sandbox"

    def verify(self, *, response: str, remote_ip: str) -> bool:
        return secrets.compare_digest(response.encode(), SANDBOX_PASS.encode())


class SiteverifyVerifier(Verifier):
    """The providers' siteverify call (CAPTCHA_VERIFY_URL); any failure to get an answer is a 503."""

    def verify(self, *, response: str, remote_ip: str) -> bool:
        if not settings.CAPTCHA_SECRET_KEY:
            logger.error("captcha: CAPTCHA_SECRET_KEY is not set, no captcha can pass")
            raise CaptchaUnavailable()
        body = urllib.parse.urlencode(
            {"secret": settings.CAPTCHA_SECRET_KEY, "response": response, "remoteip": remote_ip}
        ).encode()
        url = settings.CAPTCHA_VERIFY_URL
        if not url.startswith(("https://", "http://")):
            logger.error("captcha: CAPTCHA_VERIFY_URL is not an http(s) URL")
            raise CaptchaUnavailable()
        request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 (scheme checked above)
        try:
            with urllib.request.urlopen(request, timeout=settings.CAPTCHA_VERIFY_TIMEOUT) as answer:  # noqa: S310
                result = json.loads(answer.read(65536))
        except (OSError, ValueError) as exc:  # URLError, HTTPError (4xx/5xx), timeouts; bad JSON
            logger.warning("captcha: the provider did not answer: %s", exc)
            raise CaptchaUnavailable() from exc
        if not isinstance(result, dict) or not isinstance(result.get("success"), bool):
            logger.warning("captcha: the provider's answer has no boolean success: %.200r", result)
            raise CaptchaUnavailable()
        return result["success"]


def verifier() -> Verifier:
    """The configured verifier (CAPTCHA_VERIFIER, a dotted path)."""
    return import_string(settings.CAPTCHA_VERIFIER)()


def _pass_key(token: str) -> str:
    return f"captcha-pass:{token}"


def captcha_pass_grant(*, request) -> None:
    """Let the caller's session make one login within CAPTCHA_PASS_SECONDS."""
    token = secrets.token_urlsafe(24)
    cache.set(_pass_key(token), True, timeout=settings.CAPTCHA_PASS_SECONDS)
    request.session[SESSION_KEY] = token


def captcha_pass_spend(*, request) -> bool:
    """Whether the caller's session held an unspent, unexpired pass; spends it."""
    token = request.session.pop(SESSION_KEY, None)
    return bool(token) and bool(cache.delete(_pass_key(token)))
