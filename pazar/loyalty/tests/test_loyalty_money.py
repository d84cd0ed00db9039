"""Loyalty money as the storefront's account page reads it: `GET /account/loyalty-account-balance/`
and `GET /account/loyalty/` (data/client/account.ts), through the loyalty-card service client."""

import io
import json
from decimal import Decimal

import pytest
from constance.test import override_config

from pazar.loyalty import clients
from pazar.loyalty.clients import HttpClient
from pazar.loyalty.models import LoyaltyAccount, LoyaltyCredit, LoyaltyStatus, SandboxLoyaltyTransaction
from pazar.orders.cancellations.services import cancellation_request_complete
from pazar.orders.models import CancellationRequestStatus, CancellationType
from pazar.orders.tests.factories import CancellationRequestFactory, OrderFactory, OrderItemFactory

BALANCE = "/account/loyalty-account-balance/"
TRANSACTIONS = "/account/loyalty/"
DOWN = {"CUSTOMER_LOYALTY_CARD_SERVICE": {"backend": "sandbox", "down": True}}


@pytest.fixture
def card(user):
    return LoyaltyAccount.objects.create(user=user, card_number="SBX000000000042", status=LoyaltyStatus.ACTIVE)


def ledger(card, *amounts):
    for n, amount in enumerate(amounts):
        SandboxLoyaltyTransaction.objects.create(
            card_number=card.card_number, amount=Decimal(amount), order_number=f"ORD-{n}", reference=f"t-{n}"
        )


@pytest.mark.django_db
def test_no_card_is_a_zero_balance_and_no_transactions(auth_client):
    assert auth_client.get(BALANCE).json() == {"balance": 0}
    assert auth_client.get(TRANSACTIONS).json() == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.django_db
def test_the_balance_is_a_number(auth_client, card):
    ledger(card, "10.50", "2.25")

    response = auth_client.get(BALANCE)

    assert response.status_code == 200
    assert response.json() == {"balance": 12.75}


@pytest.mark.django_db
def test_transactions_in_the_clients_shape_newest_first_and_paged(auth_client, card):
    ledger(card, "10.50", "2.25", "-1.00")

    first = auth_client.get(f"{TRANSACTIONS}?limit=2").json()
    second = auth_client.get(f"{TRANSACTIONS}?limit=2&page=2").json()

    assert first["count"] == 3
    assert first["previous"] is None and "page=2" in first["next"]
    [newest, _] = first["results"]
    assert set(newest) == {"amount", "created_date", "transaction"}
    assert set(newest["transaction"]) == {"created_date", "order"}
    assert newest["amount"] == "-1.00"
    assert newest["transaction"]["order"] == "ORD-2"
    assert [r["amount"] for r in second["results"]] == ["10.50"]
    assert second["next"] is None and second["previous"] is not None
    assert auth_client.get(f"{TRANSACTIONS}?page=9").status_code == 404


@pytest.mark.django_db
def test_another_users_card_is_never_read(auth_client, card, other_user):
    theirs = LoyaltyAccount.objects.create(user=other_user, card_number="SBX000000000099")
    ledger(theirs, "500.00")

    assert auth_client.get(BALANCE).json() == {"balance": 0}
    assert auth_client.get(TRANSACTIONS).json()["count"] == 0


@pytest.mark.django_db
@override_config(**DOWN)
def test_the_service_down_is_a_503_with_retry_after(auth_client, card):
    for url in (BALANCE, TRANSACTIONS):
        response = auth_client.get(url)
        assert response.status_code == 503
        assert int(response["Retry-After"]) > 0
        assert "detail" in response.json()


@pytest.mark.django_db
def test_not_logged_in_is_403(api_client):
    assert api_client.get(BALANCE).status_code == 403
    assert api_client.get(TRANSACTIONS).status_code == 403


@pytest.mark.django_db
def test_a_completed_refund_as_loyalty_money_credits_the_card(
    auth_client, user, card, django_capture_on_commit_callbacks
):
    order = OrderFactory(user=user, amount=Decimal("100.00"), shipping_amount=Decimal("0.00"))
    item = OrderItemFactory(order=order, price=Decimal("100.00"), quantity=1, delivered=True)
    request = CancellationRequestFactory(
        order_item=item,
        cancellation_type=CancellationType.REFUND,
        status=CancellationRequestStatus.APPROVED,
        fully_refund_as_loyalty_money=True,
    )

    with django_capture_on_commit_callbacks(execute=True):
        cancellation_request_complete(cancellation_request=request)

    credit = LoyaltyCredit.objects.get()
    assert (credit.amount, credit.reference, credit.sent_at is not None) == (
        Decimal("100.00"),
        f"refund-{request.pk}",
        True,
    )
    assert auth_client.get(BALANCE).json() == {"balance": 100.0}
    assert auth_client.get(TRANSACTIONS).json()["results"][0]["transaction"]["order"] == order.number


@pytest.mark.django_db
def test_a_credit_owed_while_the_service_is_down_is_sent_later(user, card, django_capture_on_commit_callbacks):
    from pazar.loyalty.services import loyalty_credit_enqueue, loyalty_credits_due

    with override_config(**DOWN), django_capture_on_commit_callbacks(execute=True):
        loyalty_credit_enqueue(user=user, amount=Decimal("5.00"), order_number="N1", reference="refund-1")
    credit = LoyaltyCredit.objects.get()
    assert credit.sent_at is None and credit.attempts == 1

    LoyaltyCredit.objects.update(next_attempt_at=credit.created_date)
    assert loyalty_credits_due() == 1
    assert SandboxLoyaltyTransaction.objects.get().amount == Decimal("5.00")


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_the_http_client_reads_balance_and_transactions(monkeypatch):
    made = []
    replies = [
        {"balance": "12.5"},
        {"count": 1, "results": [{"amount": "3.00", "created_date": "2026-01-02T03:04:05Z", "order": "123"}]},
        {},
    ]

    def urlopen(request, timeout):
        made.append((request.get_method(), request.full_url, request.data))
        return FakeResponse(json.dumps(replies.pop(0)).encode())

    monkeypatch.setattr(clients.urllib.request, "urlopen", urlopen)
    client = HttpClient({"url": "https://loyalty.example.com/api"})

    assert client.balance(card_number="LC-1") == Decimal("12.50")
    count, rows = client.transactions(card_number="LC-1", offset=20, limit=10)
    client.credit(card_number="LC-1", amount=Decimal("4.00"), order_number="N", reference="refund-7")

    assert count == 1 and rows[0].amount == Decimal("3.00") and rows[0].order_number == "123"
    assert made[0][:2] == ("GET", "https://loyalty.example.com/api/cards/LC-1/balance/")
    assert made[1][1] == "https://loyalty.example.com/api/cards/LC-1/transactions/?offset=20&limit=10"
    assert made[2][0] == "POST" and json.loads(made[2][2]) == {"amount": "4.00", "order": "N", "reference": "refund-7"}
