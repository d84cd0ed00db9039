"""The HTTP webhook client, without the network: it connects to the address it checked, nowhere else."""

import socket

import pytest

from pazar.notifications.webhooks import (
    HttpWebhookBackend,
    WebhookDeliveryError,
    WebhookUrlError,
    signature,
    signed_headers,
)


class Refused(OSError):
    """What the faked socket layer raises once it has seen where pazar connects."""


@pytest.fixture
def connections(monkeypatch):
    seen = []

    def create_connection(address, timeout=None, *args, **kwargs):
        seen.append((address, timeout))
        raise Refused("no network in tests")

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return seen


def test_it_connects_to_the_checked_address_with_a_5_second_timeout(monkeypatch, connections):
    backend = HttpWebhookBackend()
    answers = iter([["93.184.215.14"], ["127.0.0.1"]])  # a rebinding resolver: public first, loopback after
    monkeypatch.setattr(backend, "resolve", lambda host, port: next(answers))

    with pytest.raises(WebhookDeliveryError):
        backend.send(url="https://hooks.example.com/pazar", body=b"{}", headers={})

    # resolved once, and the connection went to that address
    assert connections == [(("93.184.215.14", 443), 5)]


def test_a_name_resolving_to_any_private_address_is_refused(monkeypatch, connections):
    backend = HttpWebhookBackend()
    monkeypatch.setattr(backend, "resolve", lambda host, port: ["93.184.215.14", "10.0.0.1"])

    with pytest.raises(WebhookUrlError):
        backend.send(url="https://hooks.example.com/pazar", body=b"{}", headers={})
    assert connections == []


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b:1::a9fe:a9fe",  # local-use NAT64
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:c0a8:10a::1",  # 6to4 of 192.168.1.10
        "::127.0.0.1",  # IPv4-compatible
        "::ffff:0:a9fe:a9fe",  # IPv4-translated
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
    ],
)
def test_a_name_resolving_to_an_ipv6_form_of_a_private_ipv4_is_refused_when_sent(monkeypatch, connections, address):
    backend = HttpWebhookBackend()
    monkeypatch.setattr(backend, "resolve", lambda host, port: [address])

    with pytest.raises(WebhookUrlError):
        backend.send(url="https://hooks.example.com/pazar", body=b"{}", headers={})
    assert connections == []


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "2002:808:808::1", "2001:4860:4860::8888"])
def test_ipv6_forms_of_public_addresses_stay_allowed(address):
    target = HttpWebhookBackend().check(f"https://[{address}]/pazar")

    assert target.address == address


def test_an_unresolvable_name_is_refused(monkeypatch):
    backend = HttpWebhookBackend()

    def fail(host, port):
        raise socket.gaierror("Name or service not known")

    monkeypatch.setattr(backend, "resolve", fail)

    with pytest.raises(WebhookUrlError):
        backend.check("https://nowhere.example/hook")


def test_plain_http_needs_the_setting(settings, monkeypatch):
    backend = HttpWebhookBackend()
    monkeypatch.setattr(backend, "resolve", lambda host, port: ["93.184.215.14"])

    with pytest.raises(WebhookUrlError):
        backend.check("http://hooks.example.com/hook")
    settings.WEBHOOK_ALLOW_HTTP = True
    assert backend.check("http://hooks.example.com:8080/hook?a=1").path == "/hook?a=1"


def test_the_signature_covers_the_timestamp_and_the_body():
    headers = signed_headers(secret="s3cret-s3cret-s3cret", body=b'{"a":1}', delivery_id="pazar-9", event="x", now=100)

    assert headers["X-Pazar-Timestamp"] == "100"
    assert headers["X-Pazar-Signature"] == signature(secret="s3cret-s3cret-s3cret", timestamp=100, body=b'{"a":1}')
    assert headers["X-Pazar-Signature"] != signature(secret="s3cret-s3cret-s3cret", timestamp=101, body=b'{"a":1}')
    assert headers["X-Pazar-Signature"] != signature(secret="s3cret-s3cret-s3cret", timestamp=100, body=b'{"a":2}')
