"""Webhooks: signed JSON POSTs to a URL a seller gives, with a guard against server-side request forgery.

A webhook URL must be `https` (plain `http` only with `WEBHOOK_ALLOW_HTTP`, on in DEBUG) and its
host must resolve only to public addresses: no loopback, private, link-local (cloud metadata),
multicast or reserved ones, nor an IPv6 address embedding such an IPv4 one (mapped, IPv4-compatible,
NAT64, 6to4, Teredo). The check runs when the URL is saved and again right before each
send, and the HTTP backend connects to the very address it checked (a name that resolves to a
public address when saved and to 127.0.0.1 later is refused, and cannot be re-resolved between
the check and the connection). Redirects are not followed.

Backends, chosen by `settings.WEBHOOK_BACKEND` (a dotted path), like the SMS ones:
- `HttpWebhookBackend` resolves with the system resolver and POSTs with a 5 s timeout.
- `LocmemWebhookBackend` (tests) resolves from a fixed table and keeps what it "sent" in `outbox`.
"""

import hashlib
import hmac
import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

HTTP_TIMEOUT_SECONDS = 5
SIGNATURE_HEADER = "X-Pazar-Signature"
TIMESTAMP_HEADER = "X-Pazar-Timestamp"
DELIVERY_HEADER = "X-Pazar-Delivery"
EVENT_HEADER = "X-Pazar-Event"


SecretResolver = Callable[[int | None], str]
_secret_resolvers: list[SecretResolver] = []


def webhook_secret_resolver_register(resolver: SecretResolver) -> None:
    """The app that owns the sellers' webhook settings tells the outbox how to find a secret."""
    _secret_resolvers[:] = [resolver]


def webhook_secret(*, datasource_id: int | None) -> str:
    """The secret that signs the seller's webhooks now ("" when it has none, or none is known)."""
    return _secret_resolvers[0](datasource_id) if _secret_resolvers else ""


class WebhookUrlError(ValueError):
    """The URL may not be called: wrong scheme, or a host that is (or resolves to) a non-public address."""


class WebhookDeliveryError(Exception):
    """The receiver did not answer 2xx in time; the outbox retries it."""


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """`sha256=<hex>`: HMAC-SHA256 with the secret of `<timestamp>.<body>`."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signed_headers(*, secret: str, body: bytes, delivery_id: str, event: str, now: float | None = None) -> dict:
    """The headers of one delivery attempt: signed with the attempt's timestamp, the same delivery id each time."""
    timestamp = int(now if now is not None else time.time())
    return {
        "Content-Type": "application/json",
        "User-Agent": "pazar-webhooks/1",
        EVENT_HEADER: event,
        DELIVERY_HEADER: delivery_id,
        "Idempotency-Key": delivery_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret=secret, timestamp=timestamp, body=body),
    }


# IPv6 ranges whose last 32 bits are an IPv4 address a gateway or the host's stack may reach:
# NAT64 (RFC 6052), IPv4-compatible (RFC 4291, deprecated) and IPv4-translated (RFC 2765).
_LOW_32_BITS_IPV4 = tuple(ipaddress.ip_network(net) for net in ("64:ff9b::/96", "::/96", "::ffff:0:0:0/96"))
# The local-use NAT64 prefix (RFC 8215) translates to whatever the operator's network chooses: never public.
_NAT64_LOCAL_USE = ipaddress.ip_network("64:ff9b:1::/48")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """Every IPv4 address the IPv6 address carries, by any standard embedding (mapped, 6to4, Teredo, NAT64...)."""
    found = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if any(ip in net for net in _LOW_32_BITS_IPV4):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def _public(address: str) -> bool:
    """A public unicast address; an IPv6 one only when every IPv4 address it embeds is public too."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64_LOCAL_USE:
            return False
        if ip.ipv4_mapped is not None:
            return _public(str(ip.ipv4_mapped))
        if not all(_public(str(v4)) for v4 in _embedded_ipv4(ip)):
            return False
    return ip.is_global and not ip.is_multicast


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (`address`) and what to ask for there."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


class BaseWebhookBackend:
    """Resolve a host name and POST a body; raise on anything but a 2xx answer."""

    def resolve(self, host: str, port: int) -> list[str]:
        raise NotImplementedError

    def post(self, *, target: Target, body: bytes, headers: dict) -> int:
        raise NotImplementedError

    def check(self, url: str) -> Target:
        """The URL's target, if pazar may call it; WebhookUrlError otherwise."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise WebhookUrlError(_("Enter a valid URL."))
        allowed = {"https", "http"} if settings.WEBHOOK_ALLOW_HTTP else {"https"}
        if parts.scheme not in allowed:
            raise WebhookUrlError(_("The webhook URL must use https."))
        if not parts.hostname or parts.username or parts.password:
            raise WebhookUrlError(_("Enter a valid URL without user name or password."))
        port = port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = [str(ipaddress.ip_address(parts.hostname))]
        except ValueError:
            try:
                addresses = self.resolve(parts.hostname, port)
            except OSError:
                raise WebhookUrlError(_("The webhook host name does not resolve."))
        if not addresses or not all(_public(address) for address in addresses):
            raise WebhookUrlError(_("The webhook URL must not point to a private, loopback or reserved address."))
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        return Target(scheme=parts.scheme, host=parts.hostname, port=port, path=path, address=addresses[0])

    def send(self, *, url: str, body: bytes, headers: dict) -> None:
        """Check the URL again, then POST; raise WebhookUrlError (not retried) or WebhookDeliveryError."""
        target = self.check(url)
        status = self.post(target=target, body=body, headers=headers)
        if not 200 <= status < 300:
            raise WebhookDeliveryError(f"The webhook answered HTTP {status}.")


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a fixed address, with the certificate checked against the URL's host name."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Plain HTTP to a fixed address (development only: WEBHOOK_ALLOW_HTTP)."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class HttpWebhookBackend(BaseWebhookBackend):
    """The system resolver and a real POST (5 s timeout, no redirects)."""

    def resolve(self, host: str, port: int) -> list[str]:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})

    def post(self, *, target: Target, body: bytes, headers: dict) -> int:
        factory = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
        connection = factory(target, timeout=HTTP_TIMEOUT_SECONDS)
        try:
            connection.request("POST", target.path, body=body, headers=headers)
            return connection.getresponse().status
        except (OSError, http.client.HTTPException) as exc:
            raise WebhookDeliveryError(f"The webhook is unreachable: {exc}")
        finally:
            connection.close()


@dataclass
class SentWebhook:
    """What `LocmemWebhookBackend` keeps of a delivery."""

    url: str
    body: bytes
    headers: dict = field(default_factory=dict)


outbox: list[SentWebhook] = []
# Host names the test backend knows; any other name resolves to a public documentation address.
TEST_HOSTS = {"localhost": ["127.0.0.1"], "internal.example": ["10.0.0.7"], "rebind.example": ["93.184.215.14"]}
# Status codes the test backend answers per URL (default 200); tests set them to rehearse a failing receiver.
answers: dict[str, int] = {}


class LocmemWebhookBackend(BaseWebhookBackend):
    """No network: names resolve from `TEST_HOSTS`, deliveries land in `outbox`, answers come from `answers`."""

    def resolve(self, host: str, port: int) -> list[str]:
        return TEST_HOSTS.get(host, ["93.184.215.14"])

    def post(self, *, target: Target, body: bytes, headers: dict) -> int:
        url = f"{target.scheme}://{target.host}{target.path}"
        status = answers.get(url, 200)
        if status < 300:
            outbox.append(SentWebhook(url=url, body=body, headers=headers))
        return status


def get_webhook_backend() -> BaseWebhookBackend:
    """An instance of the backend named by `settings.WEBHOOK_BACKEND`."""
    return import_string(settings.WEBHOOK_BACKEND)()
