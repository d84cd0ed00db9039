"""SMS backends: the generic HTTP gateway against a local fake server (never the internet)."""

import base64
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from constance.test.pytest import override_config

from pazar.notifications.models import NotificationStatus
from pazar.notifications.services import notification_enqueue
from pazar.notifications.sms import ConsoleSmsBackend, HttpSmsBackend, SmsDeliveryError, get_sms_backend


class FakeGateway:
    """A local HTTP server that records the requests and answers a chosen status."""

    def __init__(self):
        self.status = 200
        self.requests = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            """Records the POST, answers the gateway's status with a body that echoes a code."""

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.requests.append({"path": self.path, "headers": dict(self.headers), "body": json.loads(body)})
                self.send_response(gateway.status)
                self.end_headers()
                self.wfile.write(b'{"echo": "Your verification code is 482913"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(db, settings):
    settings.SMS_GATEWAY_USERNAME = "pazar"
    settings.SMS_GATEWAY_PASSWORD = "s3cret"
    with (
        FakeGateway() as fake,
        override_config(
            SMS_GATEWAY_URL=fake.url,
            SMS_GATEWAY_SENDER="PAZAR",
        ),
    ):
        yield fake


def test_the_http_backend_posts_json_with_basic_auth(gateway):
    HttpSmsBackend().send(to="+905551112233", text="Doğrulama kodunuz: 1")

    [request] = gateway.requests
    assert request["path"] == "/send"
    assert request["body"] == {"to": "+905551112233", "text": "Doğrulama kodunuz: 1", "sender": "PAZAR"}
    assert request["headers"]["Authorization"] == "Basic " + base64.b64encode(b"pazar:s3cret").decode()
    assert request["headers"]["Content-Type"] == "application/json"


def test_the_http_backend_sends_a_bearer_token_without_a_username(gateway, settings):
    settings.SMS_GATEWAY_USERNAME = ""
    HttpSmsBackend().send(to="+905551112233", text="hi")

    assert gateway.requests[0]["headers"]["Authorization"] == "Bearer s3cret"


@pytest.mark.parametrize("status", [400, 500, 503])
def test_a_non_2xx_answer_is_a_failure_without_the_answers_body(gateway, status):
    gateway.status = status

    with pytest.raises(SmsDeliveryError) as error:
        HttpSmsBackend().send(to="+905551112233", text="hi")

    assert str(error.value) == f"The SMS gateway answered HTTP {status}."


def test_an_unreachable_gateway_is_a_failure(db):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    with override_config(SMS_GATEWAY_URL=f"http://127.0.0.1:{closed_port}/send"), pytest.raises(SmsDeliveryError):
        HttpSmsBackend().send(to="+905551112233", text="hi")


@pytest.mark.parametrize("url", ["", "file:///etc/passwd", "ftp://gateway.example/send"])
def test_only_http_urls_are_used(db, url):
    with override_config(SMS_GATEWAY_URL=url), pytest.raises(SmsDeliveryError, match="not an http"):
        HttpSmsBackend().send(to="+905551112233", text="hi")


def test_a_gateway_failure_leaves_the_notification_to_retry(gateway, settings, after_commit):
    # given the HTTP backend and a gateway answering 503
    settings.SMS_BACKEND = "pazar.notifications.sms.HttpSmsBackend"
    gateway.status = 503

    # when an SMS is queued and committed
    with after_commit():
        notification = notification_enqueue(kind="sms", event="test_message", to="+905551112233", context={})

    # then the gateway was called, and the row waits for a retry with the reason
    notification.refresh_from_db()
    assert len(gateway.requests) == 1
    assert notification.status == NotificationStatus.PENDING
    assert notification.last_error == "SmsDeliveryError: The SMS gateway answered HTTP 503."


def test_the_backend_is_chosen_by_the_setting(settings, caplog):
    settings.SMS_BACKEND = "pazar.notifications.sms.ConsoleSmsBackend"

    backend = get_sms_backend()
    with caplog.at_level("INFO", logger="pazar.notifications.sms"):
        backend.send(to="+905551112233", text="hello")

    assert isinstance(backend, ConsoleSmsBackend)
    assert "SMS to +905551112233: hello" in caplog.text
