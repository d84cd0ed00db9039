"""The orders' builders answer seed 003's shapes (orders/openapi.py): orders of every shape, English and Turkish."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from rest_framework.test import APIRequestFactory

from pazar.addresses.models import Address
from pazar.addresses.tests.factories import AddressFactory
from pazar.catalog.tests.factories import DataSourceFactory, ProductFactory, ProductImageFactory
from pazar.orders import openapi
from pazar.orders.builders import CANCELLATION_REQUEST, EASY_RETURN, OLD_ORDER, ORDER, ORDER_ITEM, page_ids
from pazar.orders.models import (
    CancellationRequest,
    CancellationRequestStatus,
    CancellationType,
    EasyReturn,
    Order,
    OrderItem,
    OrderStatus,
    TradeInStatus,
)
from pazar.orders.selectors import order_list
from pazar.orders.tests.factories import (
    BankFactory,
    CancellationRequestFactory,
    DiscountItemFactory,
    EasyReturnFactory,
    EasyReturnShippingCompanyFactory,
    OldOrderFactory,
    OldOrderItemFactory,
    OrderFactory,
    OrderItemFactory,
    PaymentOptionFactory,
    TradeInOfferFactory,
)
from pazar.orders.tests.seed_shapes import assert_shape


@pytest.fixture
def every_shape(user):
    """Orders with every kind of item, request, address and payment the pages can meet."""
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
    OrderItem.objects.filter(pk=old.pk).update(delivered_date=timezone.now() - datetime.timedelta(days=90))
    TradeInOfferFactory(order_item=OrderItemFactory(order=rich, delivered=True))
    TradeInOfferFactory(order_item=OrderItemFactory(order=rich, delivered=True), status=TradeInStatus.REJECTED)
    OrderItemFactory(order=rich, datasource=None, status=OrderStatus.CANCELLED)

    # no items, no payment option, no bank, no address
    bare = OrderFactory(user=user, payment_option=None, bank=None, status=OrderStatus.PAYMENT_WAITING)
    Order.objects.filter(pk=bare.pk).update(shipping_address=None, billing_address=None)
    shipped = OrderFactory(user=user, status=OrderStatus.SHIPPED)
    OrderItemFactory(order=shipped, shipped=True, product=pictured)
    # imported: a status, item status and payment type outside the choices
    imported = OrderFactory(user=user, payment_option=PaymentOptionFactory(slug="imported", payment_type="barter"))
    Order.objects.filter(pk=imported.pk).update(status=999)
    OrderItem.objects.filter(pk=OrderItemFactory(order=imported).pk).update(status=999)
    return user


def _request():
    return APIRequestFactory().get("/users/orders/", HTTP_HOST="testserver")


def _page(user):
    return ORDER.by_ids(list(page_ids(order_list(user=user).queryset())), request=_request())


@pytest.mark.parametrize("language", ["en", "tr"])
def test_every_order_has_the_seeds_shape(every_shape, language):
    with translation.override(language):
        page = _page(every_shape)

    assert len(page) == 4
    for order in page:
        assert_shape(order, openapi.ORDER)
    # every nested object was there to be checked
    rich = next(o for o in page if o["discountitem_set"])
    assert all(item["datasource_detailed"] or item["is_cancelled"] for item in rich["orderitem_set"])
    assert rich["orderitem_set"][1]["cancellationrequest_set"][0]["easy_return"]["pickup_date"]


def test_the_flags_and_nested_objects_are_really_there(every_shape):
    imported, shipped, bare, rich = _page(every_shape)
    waiting, delivered, old, tradable, not_tradable, no_seller = rich["orderitem_set"]

    assert waiting["active_cancellation_request"]["status"]["value"] == "open"
    assert waiting["active_cancellation_request"] == waiting["cancellationrequest_set"][1]
    assert [r["status"]["value"] for r in waiting["cancellationrequest_set"]] == ["rejected", "open"]
    assert waiting["product"]["image"].startswith("http://testserver/")
    assert waiting["unit_price"] == waiting["price"] and waiting["total_amount"] == str(Decimal(waiting["price"]) * 3)
    assert delivered["cancellationrequest_set"][0]["easy_return"]["pickup_date"] == {
        "date": "2026-12-01",
        "hour_range": {"start": "09:00", "end": "12:00"},
    }
    assert delivered["cancellationrequest_set"][0]["easy_return"]["shipping_company"]["value"] == "mng"
    # the door-collecting company takes back only the other seller's items
    assert len(delivered["available_easy_return_shipping_companies"]) == (
        len(waiting["available_easy_return_shipping_companies"]) + 1
    )
    assert old["is_refundable"] is False and tradable["is_refundable"] is True
    assert old["tracking_url"] == "https://t/2" and old["shipping_company"]["value"] == "aras"
    assert tradable["is_tradable"] is True and not_tradable["is_tradable"] is False
    assert no_seller["datasource_detailed"] is None and no_seller["is_cancelled"] is True
    assert rich["billing_address"]["township"] is None and rich["bank"]["logo"]
    assert rich["is_cancellable"] is False and rich["is_refundable"] is True  # the trade-in item
    assert shipped["is_cancellable"] is False and imported["is_cancellable"] is False
    assert rich["amount_without_discount"] == "25.62" and rich["tracking_url"] == "https://track.example/1"
    assert [d["name"] for d in rich["discountitem_set"]][1] == "Kupon"
    assert rich["discountitem_set"][0]["order_number"] == rich["number"]
    assert bare["orderitem_set"] == [] and bare["is_payable"] is True
    assert bare["payment_option"] is None and bare["bank"] is None and bare["shipping_address"] is None
    assert imported["status"] == {"value": "999", "label": "999"}
    assert imported["orderitem_set"][0]["status"] == {"value": "999", "label": "999"}
    assert imported["payment_option"]["payment_type_label"] == "barter"


def test_labels_are_in_the_requests_language(every_shape):
    with translation.override("tr"):
        shipped = _page(every_shape)[1]
    assert shipped["status"] == {"value": "500", "label": "Kargoya verildi"}
    assert shipped["currency"]["label"] == "TL"


@pytest.mark.parametrize("language", ["en", "tr"])
def test_requests_easy_returns_and_items_alone_have_the_seeds_shape(every_shape, language):
    with translation.override(language):
        requests = CANCELLATION_REQUEST.by_ids(CancellationRequest.objects.order_by("pk").values_list("pk", flat=True))
        easy_return = EASY_RETURN.one(EasyReturn.objects.get().pk)
        items = ORDER_ITEM.by_ids(OrderItem.objects.order_by("pk").values_list("pk", flat=True), request=_request())
        page = _page(every_shape)

    assert len(requests) == 3
    for built in requests:
        assert_shape(built, openapi.CANCELLATION_REQUEST)
    assert_shape(easy_return, openapi.EASY_RETURN)
    assert easy_return == requests[2]["easy_return"]
    assert len(items) == 8
    for built in items:
        assert_shape(built, openapi.ORDER_ITEM, key="orderitem_set")
    assert items == [item for order in reversed(page) for item in order["orderitem_set"]]


@pytest.mark.parametrize("language", ["en", "tr"])
def test_old_orders_have_the_seeds_shape(user, language):
    old = OldOrderFactory(user=user)
    OldOrderItemFactory(old_order=old)
    OldOrderItemFactory(old_order=old, price=Decimal("3.50"))
    bare = OldOrderFactory(user=user, shipping_company="aras")

    with translation.override(language):
        found = OLD_ORDER.by_ids([old.pk, bare.pk])

    for built in found:
        assert_shape(built, openapi.OLD_ORDER)
    assert [item["price"] for item in found[0]["oldorderitem_set"]] == ["10.00", "3.50"]
    assert found[1]["oldorderitem_set"] == [] and found[1]["shipping_company"]["value"] == "aras"


@pytest.mark.django_db
def test_an_empty_page_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert ORDER.by_ids([]) == [] and CANCELLATION_REQUEST.build([]) == []


def test_the_easy_return_companies_are_read_once_and_dropped_when_one_changes(every_shape):
    seller = DataSourceFactory()
    _page(every_shape)

    def companies_read(action):
        with CaptureQueriesContext(connection) as captured:
            action()
        return [q["sql"] for q in captured if 'FROM "orders_easyreturnshippingcompany' in q["sql"]]

    # cached: no statement reads the companies again
    assert companies_read(lambda: _page(every_shape)) == []
    # a new company, or a company's sellers changed, is on the next page
    company = EasyReturnShippingCompanyFactory(name="new")
    assert companies_read(lambda: _page(every_shape))
    assert "new" in [
        c["name"] for c in _page(every_shape)[3]["orderitem_set"][0]["available_easy_return_shipping_companies"]
    ]
    company.datasources.add(seller)
    assert "new" not in [
        c["name"] for c in _page(every_shape)[3]["orderitem_set"][0]["available_easy_return_shipping_companies"]
    ]
    company.delete()
    assert companies_read(lambda: _page(every_shape))
