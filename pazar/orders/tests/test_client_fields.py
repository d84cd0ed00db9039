"""The order fields the storefront's types read (types/commerce/order.ts), on the list and the detail."""

from decimal import Decimal

import pytest

from pazar.addresses.tests.test_address_book import USER_KEYS
from pazar.orders.tests.factories import OrderFactory, OrderItemFactory


@pytest.fixture
def order_with_lines(user):
    order = OrderFactory(user=user)
    OrderItemFactory(order=order, price=Decimal("11.87"), quantity=3)
    OrderItemFactory(order=order, price=Decimal("0.10"), quantity=1)
    return order


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/users/orders/{pk}/", "/users/orders/{pk}/cancellation/", "/users/orders/"])
def test_unit_price_total_amount_and_payment_type_label(token_client, order_with_lines, path):
    body = token_client.get(path.format(pk=order_with_lines.pk)).json()
    order = body["results"][0] if "results" in body else body

    lines = [(i["price"], i["unit_price"], i["total_amount"]) for i in order["orderitem_set"]]
    assert lines == [("11.87", "11.87", "35.61"), ("0.10", "0.10", "0.10")]
    assert order["payment_option"]["payment_type"] == "saved_card"
    assert order["payment_option"]["payment_type_label"] == "saved card"


@pytest.mark.django_db
def test_the_payment_type_label_is_localized(token_client, order_with_lines):
    body = token_client.get(f"/users/orders/{order_with_lines.pk}/", HTTP_ACCEPT_LANGUAGE="tr").json()

    assert body["payment_option"]["payment_type_label"] == "kayıtlı kart"


@pytest.mark.django_db
def test_the_address_user_is_seed_003s_user_object(token_client, user, order_with_lines):
    body = token_client.get(f"/users/orders/{order_with_lines.pk}/").json()

    for key in ("shipping_address", "billing_address"):
        nested = body[key]["user"]
        assert set(nested) == USER_KEYS
        assert nested["pk"] == user.pk
        assert nested["username"] == user.username
        assert nested["email"] == user.email
        assert nested["attributes_kwargs"] == {}
        assert nested["user_type"] == "registered"
        assert isinstance(nested["modified_date"], str)
