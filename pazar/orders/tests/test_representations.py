"""The orders' read path answers exactly what OrderSerializer answers, field for field and in order."""

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from rest_framework.test import APIRequestFactory

from pazar.addresses.models import Address
from pazar.addresses.tests.factories import AddressFactory
from pazar.catalog.tests.factories import DataSourceFactory, ProductFactory, ProductImageFactory
from pazar.orders import selectors
from pazar.orders.models import CancellationRequestStatus, CancellationType, OrderStatus, TradeInStatus
from pazar.orders.representations import orders, page_rows
from pazar.orders.serializers import OrderSerializer
from pazar.orders.tests.factories import (
    BankFactory,
    CancellationRequestFactory,
    DiscountItemFactory,
    EasyReturnFactory,
    EasyReturnShippingCompanyFactory,
    OrderFactory,
    OrderItemFactory,
    TradeInOfferFactory,
)


@pytest.fixture
def every_shape(user):
    """Orders with every kind of item, request, address and payment the lists can meet."""
    seller, other_seller = DataSourceFactory(), DataSourceFactory()
    EasyReturnShippingCompanyFactory()  # every seller
    retired = EasyReturnShippingCompanyFactory(is_active=False, shipping_company="mng")  # offered to nobody
    EasyReturnShippingCompanyFactory(collects_from_door=True).datasources.add(other_seller)
    pictured = ProductFactory(data_source=seller)
    ProductImageFactory(product=pictured, order=1)
    ProductImageFactory(product=pictured, order=0)

    billing = AddressFactory(user=user)
    Address.objects.filter(pk=billing.pk).update(township=None, district=None)
    rich = OrderFactory(
        user=user,
        billing_address=billing,
        shipping_company="yurtici",
        defined_tracking_url="https://track.example/1",
        discount_amount=Decimal("5.25"),
        bank=BankFactory(slug="logo-bank", logo="banks/logo.png"),
    )
    DiscountItemFactory(order=rich)
    DiscountItemFactory(order=rich, name="Kupon", amount=Decimal("3.10"))
    waiting = OrderItemFactory(order=rich, product=pictured, quantity=3)
    CancellationRequestFactory(order_item=waiting, quantity=1)
    CancellationRequestFactory(order_item=waiting, quantity=1, status=CancellationRequestStatus.REJECTED)
    delivered = OrderItemFactory(order=rich, delivered=True, product=ProductFactory(data_source=other_seller))
    CancellationRequestFactory(
        order_item=delivered,
        cancellation_type=CancellationType.REFUND,
        easy_return=EasyReturnFactory(
            shipping_company=retired,  # named by a past return all the same
            pickup_date=datetime.date(2026, 12, 1),
            pickup_hour_start=datetime.time(9),
            pickup_hour_end=datetime.time(12),
        ),
        status=CancellationRequestStatus.APPROVED,
    )
    old = OrderItemFactory(order=rich, delivered=True, shipping_company="aras", shipping_tracking_url="https://t/2")
    old.__class__.objects.filter(pk=old.pk).update(delivered_date=timezone.now() - datetime.timedelta(days=90))
    TradeInOfferFactory(order_item=OrderItemFactory(order=rich, delivered=True))
    TradeInOfferFactory(order_item=OrderItemFactory(order=rich, delivered=True), status=TradeInStatus.REJECTED)
    OrderItemFactory(order=rich, datasource=None, status=OrderStatus.CANCELLED)

    OrderFactory(user=user, payment_option=None, bank=None, status=OrderStatus.PAYMENT_WAITING)  # no items
    shipped = OrderFactory(user=user, status=OrderStatus.SHIPPED)
    OrderItemFactory(order=shipped, shipped=True, product=pictured)
    return user


def _both(user):
    request = APIRequestFactory().get("/users/orders/", HTTP_HOST="testserver")
    queryset = selectors.order_list(user=user)
    slow = OrderSerializer(queryset, many=True, context={"request": request, **selectors.order_serializer_context()})
    fast = orders(page_rows(queryset), request=request)
    return fast, slow.data


@pytest.mark.parametrize("language", ["en", "tr"])
def test_a_page_matches_the_serializer(every_shape, language):
    with translation.override(language):
        fast, slow = _both(every_shape)

    assert len(fast) == 3
    assert json.dumps(fast, ensure_ascii=False) == json.dumps(slow, ensure_ascii=False)


def test_the_flags_and_nested_objects_are_really_there(every_shape):
    fast, _slow = _both(every_shape)
    rich = next(o for o in fast if o["discountitem_set"])
    waiting, delivered, old, tradable, not_tradable, no_seller = rich["orderitem_set"]

    assert waiting["active_cancellation_request"]["status"]["value"] == "open"
    assert len(waiting["cancellationrequest_set"]) == 2
    assert waiting["product"]["image"].startswith("http://testserver/")
    assert delivered["cancellationrequest_set"][0]["easy_return"]["pickup_date"]["date"] == "2026-12-01"
    # the door-collecting company takes back only the other seller's items
    assert len(delivered["available_easy_return_shipping_companies"]) == (
        len(waiting["available_easy_return_shipping_companies"]) + 1
    )
    assert old["is_refundable"] is False and tradable["is_refundable"] is True
    assert tradable["is_tradable"] is True and not_tradable["is_tradable"] is False
    assert no_seller["datasource_detailed"] is None and no_seller["is_cancelled"] is True
    assert rich["billing_address"]["township"] is None and rich["bank"]["logo"]


@pytest.mark.django_db
def test_an_empty_page_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert orders([], request=None) == []
