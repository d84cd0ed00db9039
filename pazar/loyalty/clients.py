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
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from constance import config
from django.conf import settings

CARD_NUMBER = re.compile(r"^[A-Za-z0-9-]{1,64}$")
CENTS = Decimal("0.01")


class LoyaltyServiceError(Exception):
    """The service could not be reached or refused the call; the caller retries later."""


@dataclass(frozen=True)
class LoyaltyTransaction:
    """One movement of a card's loyalty money, as the service reports it."""

    amount: Decimal
    created_date: datetime
    order_number: str | None


class SandboxClient:
    """A built-in stand-in for development, tests and the demo; `"down": true` simulates an outage.

    It keeps a ledger per card in its own table (SandboxLoyaltyTransaction), so balances and
    transactions behave as a real service's would."""

    def __init__(self, options: dict):
        self.down = bool(options.get("down"))

    def _check(self) -> None:
        if self.down:
            raise LoyaltyServiceError("sandbox loyalty service is down")

    def create_card(self, *, user, fields: dict) -> str:
        self._check()
        return f"SBX{user.pk:012d}"

    def update_card(self, *, card_number: str, fields: dict) -> None:
        self._check()

    def balance(self, *, card_number: str) -> Decimal:
        from django.db.models import Sum

        from pazar.loyalty.models import SandboxLoyaltyTransaction

        self._check()
        total = SandboxLoyaltyTransaction.objects.filter(card_number=card_number).aggregate(total=Sum("amount"))
        return total["total"] or Decimal("0.00")

    def transactions(self, *, card_number: str, offset: int, limit: int) -> tuple[int, list[LoyaltyTransaction]]:
        from pazar.loyalty.models import SandboxLoyaltyTransaction

        self._check()
        rows = SandboxLoyaltyTransaction.objects.filter(card_number=card_number).order_by("-created_date", "-pk")
        return rows.count(), [
            LoyaltyTransaction(amount=r.amount, created_date=r.created_date, order_number=r.order_number or None)
            for r in rows[offset : offset + limit]
        ]

    def credit(self, *, card_number: str, amount: Decimal, order_number: str, reference: str) -> None:
        from pazar.loyalty.models import SandboxLoyaltyTransaction

        self._check()
        SandboxLoyaltyTransaction.objects.get_or_create(
            reference=reference, defaults={"card_number": card_number, "amount": amount, "order_number": order_number}
        )


class HttpClient:
    """A generic JSON client: POST {url}/cards/ creates, PATCH {url}/cards/<number>/ updates, and
    the card's balance/ and transactions/ read and credit its loyalty money."""

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

    def _call(self, method: str, path: str, body: dict | None, *, retries: int | None = None) -> dict:
        data = json.dumps(body, default=str).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked in __init__)
            self.base_url + path, data=data, headers=self.headers, method=method
        )
        last_error: Exception | None = None
        # A read answers a page that is waiting: it is not retried (the page answers 503 at once).
        for attempt in range((self.retries if retries is None else retries) + 1):
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

    def _card(self, card_number: str) -> str:
        if not CARD_NUMBER.match(card_number):
            raise LoyaltyServiceError("invalid card number")
        return f"/cards/{urllib.parse.quote(card_number)}"

    def balance(self, *, card_number: str) -> Decimal:
        """GET {url}/cards/<number>/balance/ → {"balance": "12.50"}."""
        answer = self._call("GET", f"{self._card(card_number)}/balance/", None, retries=0)
        try:
            return Decimal(str(answer["balance"])).quantize(CENTS)
        except (KeyError, TypeError, ArithmeticError) as exc:
            raise LoyaltyServiceError(f"the service answered no valid balance: {exc}")

    def transactions(self, *, card_number: str, offset: int, limit: int) -> tuple[int, list[LoyaltyTransaction]]:
        """GET {url}/cards/<number>/transactions/?offset=&limit= → {"count", "results": [...]}.

        Each result: {"amount", "created_date" (ISO 8601), "order" (an order number or null)}."""
        query = urllib.parse.urlencode({"offset": int(offset), "limit": int(limit)})
        answer = self._call("GET", f"{self._card(card_number)}/transactions/?{query}", None, retries=0)
        try:
            return int(answer["count"]), [
                LoyaltyTransaction(
                    amount=Decimal(str(row["amount"])).quantize(CENTS),
                    created_date=datetime.fromisoformat(str(row["created_date"]).replace("Z", "+00:00")),
                    order_number=str(row["order"]) if row.get("order") else None,
                )
                for row in answer["results"]
            ]
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise LoyaltyServiceError(f"the service answered no valid transactions: {exc}")

    def credit(self, *, card_number: str, amount: Decimal, order_number: str, reference: str) -> None:
        """POST {url}/cards/<number>/transactions/ {amount, order, reference}; `reference` makes a repeat harmless."""
        body = {"amount": str(amount), "order": order_number, "reference": reference}
        self._call("POST", f"{self._card(card_number)}/transactions/", body)


def loyalty_client():
    """The client the dynamic setting names."""
    options = config.CUSTOMER_LOYALTY_CARD_SERVICE or {}
    backend = options.get("backend", "sandbox")
    if backend == "http":
        return HttpClient(options)
    if backend == "sandbox":
        return SandboxClient(options)
    raise LoyaltyServiceError(f"unknown loyalty backend {backend!r}")
