"""`GET /users/orders/<pk>/` and `/cancellation/`: the full nested order, derived flags, scoping."""

from datetime import timedelta
from decimal import Decimal

import pytest
from constance.test import override_config
from django.utils import timezone, translation

from pazar.catalog.tests.factories import DataSourceFactory, ProductImageFactory
from pazar.core.testing import assert_matches_declaration
from pazar.orders.models import CancellationRequestStatus, CancellationType, OrderStatus, TradeInStatus
from pazar.orders.serializers import OrderSerializer
from pazar.orders.tests.factories import (
    CancellationRequestFactory,
    DiscountItemFactory,
    EasyReturnShippingCompanyFactory,
    OrderFactory,
    OrderItemFactory,
    TradeInOfferFactory,
)


def _url(order, suffix=""):
    return f"/users/orders/{order.pk}/{suffix}"


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", "cancellation/"])
def test_detail_has_the_seeds_nested_shape(auth_client, order, suffix):
    # given an order with an item (with an image), a discount and an open request
    item = OrderItemFactory(order=order)
    image = ProductImageFactory(product=item.product)
    DiscountItemFactory(order=order, name="Sepette %40 İndirim", amount=Decimal("399.60"))
    request = CancellationRequestFactory(order_item=item)

    # when the owner reads it
    response = auth_client.get(_url(order, suffix))

    # then every key of the declaration (the seed's: test_seed_declarations.py) is there, nested
    assert response.status_code == 200
    body = response.json()
    assert_matches_declaration(body, OrderSerializer)
    assert body["payment_option"]["payment_type"] == "saved_card"
    assert body["bank"] is not None
    assert body["shipping_address"]["pk"] == order.shipping_address_id
    assert body["shipping_address"]["city"]["name"] == order.shipping_address.city.name
    assert body["shipping_address"]["user"]["email"] == order.user.email
    assert body["billing_address"]["pk"] == order.billing_address_id
    assert body["user"] == order.user_id
    [discount] = body["discountitem_set"]
    assert discount["order_number"] == order.number
    assert discount["amount"] == "399.60"
    [item_body] = body["orderitem_set"]
    assert item_body["product"]["image"] == f"http://testserver/media/{image.image.name}"
    assert [i["image"] for i in item_body["product"]["productimage_set"]] == [
        f"http://testserver/media/{image.image.name}"
    ]
    assert item_body["product"]["data_source"] == item.product.data_source_id
    assert item_body["datasource_detailed"]["pk"] == item.datasource_id
    assert item_body["price"] == "11.87"
    assert item_body["tax_rate"] == "18.00"
    assert item_body["retail_price"] == "47.47"
    assert item_body["price_currency"] == {"value": "try", "label": "TL"}
    assert item_body["order"] == order.pk
    assert item_body["extra_field"] == {"price_extra_field": {}, "stock_extra_field": {}}
    [request_body] = item_body["cancellationrequest_set"]
    assert request_body["id"] == request.pk
    assert item_body["active_cancellation_request"]["id"] == request.pk


@pytest.mark.django_db
def test_labels_follow_the_request_language(auth_client, order):
    # when the order is read in Turkish
    response = auth_client.get(_url(order), HTTP_ACCEPT_LANGUAGE="tr")

    # then the status label is the Turkish catalogue's
    with translation.override("tr"):
        expected = str(OrderStatus.WAITING.label)
    assert response.json()["status"] == {"value": "200", "label": expected}


@pytest.mark.django_db
def test_flags_of_a_waiting_item(auth_client, order, item):
    body = auth_client.get(_url(order)).json()

    [item_body] = body["orderitem_set"]
    assert (item_body["is_cancellable"], item_body["is_refundable"], item_body["is_cancelled"]) == (True, False, False)
    assert (body["is_cancellable"], body["is_refundable"], body["is_cancelled"], body["is_payable"]) == (
        True,
        False,
        False,
        False,
    )


@pytest.mark.django_db
def test_flags_of_a_delivered_item_follow_the_return_window(auth_client, order):
    # given an item delivered 10 days ago
    OrderItemFactory(order=order, delivered=True, delivered_date=timezone.now() - timedelta(days=10))

    # then it is refundable within the default 14 days, not once the window is shortened
    item_body = auth_client.get(_url(order)).json()["orderitem_set"][0]
    assert (item_body["is_cancellable"], item_body["is_refundable"]) == (False, True)
    with override_config(ORDER_RETURN_WINDOW_DAYS=7):
        body = auth_client.get(_url(order)).json()
    assert body["orderitem_set"][0]["is_refundable"] is False
    assert body["is_refundable"] is False


@pytest.mark.django_db
def test_flags_of_shipped_cancelled_and_payment_waiting_orders(auth_client, user):
    shipped = OrderFactory(user=user, status=OrderStatus.SHIPPED)
    OrderItemFactory(order=shipped, shipped=True)
    cancelled = OrderFactory(user=user, status=OrderStatus.CANCELLED)
    OrderItemFactory(order=cancelled, status=OrderStatus.CANCELLED)
    payment_waiting = OrderFactory(user=user, status=OrderStatus.PAYMENT_WAITING)

    shipped_body = auth_client.get(_url(shipped)).json()
    assert (shipped_body["is_cancellable"], shipped_body["is_refundable"]) == (False, False)
    cancelled_body = auth_client.get(_url(cancelled)).json()
    assert cancelled_body["is_cancelled"] is True
    assert cancelled_body["orderitem_set"][0]["is_cancelled"] is True
    assert cancelled_body["orderitem_set"][0]["is_cancellable"] is False
    assert auth_client.get(_url(payment_waiting)).json()["is_payable"] is True


@pytest.mark.django_db
def test_an_open_request_makes_the_item_not_cancellable_again(auth_client, order, item):
    CancellationRequestFactory(order_item=item)

    item_body = auth_client.get(_url(order)).json()["orderitem_set"][0]

    assert item_body["is_cancellable"] is False
    assert item_body["active_cancellation_request"]["status"] == {"value": "open", "label": "Open"}


@pytest.mark.django_db
def test_a_partly_cancelled_item_stays_cancellable_for_the_rest(auth_client, order):
    # given 3 units, 1 cancelled (approved) and 1 asked and rejected
    item = OrderItemFactory(order=order, quantity=3)
    CancellationRequestFactory(order_item=item, quantity=1, status=CancellationRequestStatus.APPROVED)
    CancellationRequestFactory(order_item=item, quantity=1, status=CancellationRequestStatus.REJECTED)

    item_body = auth_client.get(_url(order)).json()["orderitem_set"][0]

    assert item_body["is_cancellable"] is True
    assert item_body["active_cancellation_request"] is None
    assert len(item_body["cancellationrequest_set"]) == 2


@pytest.mark.django_db
def test_easy_return_companies_available_per_seller(auth_client, order):
    # given a company for every seller, one for another seller only, and an inactive one
    everyone = EasyReturnShippingCompanyFactory(name="2")
    other_seller_only = EasyReturnShippingCompanyFactory()
    other_seller_only.datasources.set([DataSourceFactory()])
    EasyReturnShippingCompanyFactory(is_active=False)
    item = OrderItemFactory(order=order, delivered=True)
    mine_too = EasyReturnShippingCompanyFactory()
    mine_too.datasources.set([item.datasource])

    companies = auth_client.get(_url(order, "cancellation/")).json()["orderitem_set"][0][
        "available_easy_return_shipping_companies"
    ]

    assert [c["pk"] for c in companies] == [everyone.pk, mine_too.pk]
    assert companies[0] == {
        "pk": everyone.pk,
        "shipping_company": {"value": "yurtici", "label": "Yurtiçi Kargo"},
        "name": "2",
    }


@pytest.mark.django_db
def test_is_tradable_while_an_offer_waits(auth_client, order):
    pending = TradeInOfferFactory(order_item=OrderItemFactory(order=order, delivered=True))
    TradeInOfferFactory(order_item=OrderItemFactory(order=order, delivered=True), status=TradeInStatus.REJECTED)

    items = auth_client.get(_url(order)).json()["orderitem_set"]

    assert [i["is_tradable"] for i in items] == [True, False]
    assert items[0]["id"] == pending.order_item_id


@pytest.mark.django_db
def test_refund_request_with_easy_return_is_nested(auth_client, order, delivered_item):
    from pazar.orders.tests.factories import EasyReturnFactory

    easy_return = EasyReturnFactory(pickup_date=timezone.localdate(), tracking_number="12352355")
    CancellationRequestFactory(
        order_item=delivered_item, cancellation_type=CancellationType.REFUND, easy_return=easy_return
    )

    request_body = auth_client.get(_url(order)).json()["orderitem_set"][0]["cancellationrequest_set"][0]

    assert request_body["easy_return"]["code"] == easy_return.code
    assert request_body["easy_return"]["status"] == {"value": "active", "label": "Active"}
    assert request_body["easy_return"]["pickup_date"] == {"date": timezone.localdate().isoformat(), "hour_range": None}


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", "cancellation/"])
def test_another_users_order_is_a_404(auth_client, other_user, suffix):
    theirs = OrderFactory(user=other_user)

    response = auth_client.get(_url(theirs, suffix))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_detail_runs_in_a_constant_number_of_queries(auth_client, order, django_assert_max_num_queries):
    EasyReturnShippingCompanyFactory()
    for _ in range(5):
        item = OrderItemFactory(order=order)
        ProductImageFactory(product=item.product)
        CancellationRequestFactory(order_item=item)
    auth_client.get(_url(order))

    # as the list's page, without the count nor the ids: the order's row by id (orders/builders.py)
    with django_assert_max_num_queries(15):
        assert auth_client.get(_url(order)).status_code == 200
