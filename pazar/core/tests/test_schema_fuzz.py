"""Schema fuzzing: Schemathesis generates requests for every operation of the API's own OpenAPI schema.

In process (WSGI, the test database), as three callers with real credentials: anonymous, the
demo shopper (session cookie `osessionid` plus the CSRF token in `x-csrftoken`, as the storefront
sends them) and a demo seller (`Authorization: Token`). Every answer must be no 5xx, a status
code the schema documents, a documented content type, and a body that matches the schema.

Bounded: FUZZ_EXAMPLES examples per operation and caller, derandomized (the same cases every
run), no shrinking; rate limits are raised for this test only so the run is never flaky.
"""

import os

import pytest
from constance.test import override_config
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import openapi
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client as WerkzeugClient

from pazar.accounts.models import User
from pazar.accounts.services import token_for
from pazar.core.throttling import RegistrationIPThrottle

DEMO_SHOPPER = ("ayse@pazar.local", "pazar-demo-ayse-2026")
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Operations that end the caller's credentials: run last for each caller, so the others keep them.
CREDENTIAL_ENDERS = {("POST", "/users/logout/")}


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, kept on the test's connection (and transaction) as the test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def relaxed_limits(settings, monkeypatch):
    """Every throttle high enough that hundreds of generated requests are never refused for speed."""
    settings.LOGIN_CAPTCHA_AFTER_ADDRESS_FAILURES = settings.LOGIN_FAILURE_EMAIL_LIMIT = 10**6
    settings.SMS_SEND_PER_MINUTE = settings.SMS_SEND_PER_HOUR = settings.SMS_SEND_PER_IP_PER_HOUR = 10**6
    settings.CONTACT_US_PER_EMAIL_PER_HOUR = settings.CONTACT_US_PER_IP_PER_HOUR = 10**6
    settings.MESSAGE_POST_PER_USER_PER_MINUTE = settings.MESSAGE_POST_PER_USER_PER_HOUR = 10**6
    settings.MESSAGE_POST_PER_SELLER_PER_MINUTE = settings.MESSAGE_POST_PER_IP_PER_MINUTE = 10**6
    settings.PASSWORD_RESET_PER_EMAIL_PER_HOUR = settings.PASSWORD_RESET_PER_IP_PER_HOUR = 10**6
    settings.PASSWORD_CHECK_PER_USER_PER_HOUR = 10**6
    settings.EMAIL_CHANGE_PER_USER_PER_HOUR = settings.EMAIL_CHANGE_PER_IP_PER_HOUR = 10**6
    settings.EMAIL_CONFIRM_RESEND_PER_EMAIL_PER_HOUR = settings.EMAIL_CONFIRM_RESEND_PER_IP_PER_HOUR = 10**6
    settings.ORDER_LOOKUP_PER_IP_PER_HOUR = settings.ORDER_LOOKUP_PER_NUMBER_PER_HOUR = 10**6
    settings.NEWSLETTER_PER_EMAIL_PER_HOUR = settings.NEWSLETTER_PER_IP_PER_HOUR = 10**6
    monkeypatch.setattr(RegistrationIPThrottle, "rate", "1000000/hour", raising=False)
    # The password switch on, so that a generated bodyless PATCH /users/anonymize/ cannot erase the
    # demo shopper the run logs in as.
    with override_config(LOGIN_CAPTCHA_AFTER_FAILURES=10**6, ANONYMIZE_REQUIRES_PASSWORD=True):
        yield


def _credentials(app, role: str) -> dict:
    """Fresh headers and cookies for a caller (logout may have ended the previous ones).

    The shopper logs in through the app itself, as the storefront does: POST /users/login/, then
    GET /csrf_token/; the cookies and the token in `X-CSRFToken` go with every request.
    """
    if role == "anonymous":
        return {"headers": {}, "cookies": {}}
    if role == "shopper":
        browser = WerkzeugClient(app)
        login = browser.post("/users/login/", json={"email": DEMO_SHOPPER[0], "password": DEMO_SHOPPER[1]})
        assert login.status_code == 200, login.text
        csrf = browser.get("/csrf_token/").json["csrf_token"]
        session = browser.get_cookie("osessionid").value
        return {
            "headers": {"X-CSRFToken": csrf, "Referer": "http://localhost/"},
            "cookies": {"osessionid": session, "csrftoken": browser.get_cookie("csrftoken").value},
        }
    seller = User.objects.filter(datasource__isnull=False).order_by("pk").first()
    return {"headers": {"Authorization": f"Token {token_for(user=seller)}"}, "cookies": {}}


def _operations(schema):
    operations = [result.ok() for result in schema.get_all_operations()]
    return sorted(operations, key=lambda op: ((op.method.upper(), op.path) in CREDENTIAL_ENDERS, op.path, op.method))


def _fuzz(operation, role: str, credentials: dict, failures: list, calls: list) -> None:
    """Run FUZZ_EXAMPLES generated cases of one operation as one caller; record what fails."""
    label = f"{role} {operation.method.upper()} {operation.path}"

    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(headers=credentials["headers"], cookies=credentials["cookies"])
        calls.append(response.status_code)
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except (Exception, BaseExceptionGroup) as exc:  # every failure is collected and reported at the end
        failures.append(f"{label}: {str(exc)[:3000]}")


@pytest.mark.django_db
def test_every_operation_answers_as_its_schema_says(relaxed_limits, wsgi_app):
    # given the demo shop and the schema the app serves
    call_command("demo", force=True, verbosity=0)
    schema = openapi.from_wsgi("/api/schema/", wsgi_app)
    failures, calls = [], []

    for role in ("anonymous", "shopper", "seller"):
        for operation in _operations(schema):
            _fuzz(operation, role, _credentials(wsgi_app, role), failures, calls)

    print(f"fuzz: {len(calls)} calls", {code: calls.count(code) for code in sorted(set(calls))})
    # then no operation failed any check for any caller
    assert failures == [], "\n\n".join(failures)
