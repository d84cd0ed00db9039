"""`import_orders` and `import_old_orders`: JSON lines, validated line by line, idempotent by number."""

import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pazar.accounts.tests.factories import UserFactory
from pazar.catalog.models import Product
from pazar.catalog.tests.factories import DataSourceFactory
from pazar.orders.models import DiscountItem, OldOrder, OldOrderItem, Order, OrderItem, OrderStatus
from pazar.orders.tests.factories import OrderFactory, OrderItemFactory

SEED_ORDER = {
    "id": 1,
    "status": {"value": "200", "label": "Bekliyor"},
    "currency": {"value": "try", "label": "TL"},
    "orderitem_set": [
        {
            "id": 485,
            "status": {"value": "550", "label": "Teslim edildi"},
            "price_currency": {"value": "try", "label": "TL"},
            "product": {
                "pk": 4283,
                "sku": "2672881068196",
                "base_code": "1KPARF0006",
                "name": "Repertoıre Room Spray 100 Ml",
                "absolute_url": "/repertoire-room-spray-100-ml-violet/",
                "attributes": {"uretim_yeri": "TÜRKİYE"},
                "attributes_kwargs": {},
                "form_schema": None,
                "data_source": None,
                "extra_attributes": {},
            },
            "is_cancellable": True,
            "price": "11.87",
            "tax_rate": "18.00",
            "retail_price": "47.47",
            "quantity": 2,
            "delivered_date": "2021-05-26T08:00:00Z",
            "extra_field": {"price_extra_field": {}, "stock_extra_field": {}},
            "datasource": None,
            "datasource_detailed": None,
        }
    ],
    "discountitem_set": [{"name": "Sepette %40 İndirim", "amount": "0.00", "currency": {"value": "try"}}],
    "shipping_address": {
        "pk": 63,
        "email": "testtest@test.com",
        "phone_number": "05555555555",
        "first_name": "Test",
        "last_name": "Test",
        "country": {"pk": 1, "name": "Türkiye", "code": "tr"},
        "city": {"pk": 13, "name": "Adana"},
        "line": "Test test test",
        "title": "Test",
        "township": {"pk": 271, "name": "Test Name"},
        "district": {"pk": 3978, "name": "Test"},
        "postcode": "61000",
        "hash_data": "6800dd08a0d375b1d2016bbb3d6125f2",
        "user": "<user_data>",
    },
    "payment_option": {"pk": 18, "name": "Garanti Switch", "payment_type": "saved_card", "slug": "gswitch"},
    "bank": {"pk": 5, "name": "Garanti Bankası", "slug": "garanti-bankas", "logo": None},
    "created_date": "2021-05-24T08:26:12.205731Z",
    "number": "1666226475313376",
    "amount": "20.37",
    "discount_amount": "0.00",
    "shipping_amount": "8.50",
    "remote_addr": "61.61.61.61",
    "language_code": "tr-tr",
    "extra_field": None,
    "user_email": "testtest@test.com",
    "shipping_option_slug": "ARAS",
    "payment_option_slug": "gswitch",
    "bin_number": "554960",
    "installment_count": 1,
    "user": 1,
    "basket": 529,
    "shipping_option": 1,
    "card": 5,
    "installment": 5,
}


def _write(tmp_path, lines) -> str:
    path = tmp_path / "orders.jsonl"
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines), encoding="utf-8")
    return str(path)


def _run(command, path):
    out, err = StringIO(), StringIO()
    try:
        call_command(command, path, stdout=out, stderr=err)
        failed = None
    except CommandError as exc:
        failed = str(exc)
    return out.getvalue(), err.getvalue(), failed


@pytest.mark.django_db
def test_imports_good_lines_reports_bad_ones_and_is_idempotent(tmp_path):
    # given two users and a file with good, bad and repeated lines
    buyer = UserFactory(email="TestTest@test.com")
    UserFactory(email="second@test.com")
    second = {**SEED_ORDER, "number": "2745403029312170", "user_email": "second@test.com", "status": 100}
    path = _write(
        tmp_path,
        [
            SEED_ORDER,
            second,
            "{not json",
            {**SEED_ORDER, "number": "3", "status": {"value": "999"}},
            {**SEED_ORDER, "number": "4", "user_email": "nobody@test.com"},
            "",
            {**SEED_ORDER, "number": "5", "orderitem_set": []},
            SEED_ORDER,
        ],
    )

    # when imported
    out, err, failed = _run("import_orders", path)

    # then the good lines are in, each bad line is reported with its number, the run says it failed
    assert Order.objects.count() == 2
    assert failed == "2 imported, 1 already there, 4 failed."
    assert "line 3: not JSON" in err
    assert 'line 4: {"status": ["\\"999\\" is not a valid choice."]}' in err
    assert "line 5: no user with email nobody@test.com" in err
    assert "line 7: " in err and "orderitem_set" in err
    # a tqdm bar with the count, the rate and the time left
    assert re.search(r"importing orders: 100%\|#+\| 8/8 \[\d\d:\d\d<00:00, +[\d.]+line/s\]", err), err

    # and the order matches the line: the user by email (any case), items, discounts, addresses
    order = Order.objects.get(number=SEED_ORDER["number"])
    assert order.user == buyer
    assert (order.status, order.amount, order.shipping_amount) == (200, Decimal("20.37"), Decimal("8.50"))
    assert order.created_date.isoformat() == "2021-05-24T08:26:12.205731+00:00"
    assert (order.payment_option.slug, order.bank.name, order.basket) == ("gswitch", "Garanti Bankası", 529)
    assert order.shipping_address.user == buyer
    assert (order.shipping_address.city.name, order.shipping_address.district.name) == ("Adana", "Test")
    assert order.billing_address is None
    item = order.orderitem_set.get()
    assert (item.product.sku, item.quantity, item.price, item.status) == (
        "2672881068196",
        2,
        Decimal("11.87"),
        OrderStatus.DELIVERED,
    )
    assert item.delivered_date is not None
    assert DiscountItem.objects.filter(order=order).count() == 1
    assert Order.objects.get(number="2745403029312170").status == OrderStatus.CANCELLED

    # when run again, nothing is duplicated
    counts = (Order.objects.count(), OrderItem.objects.count(), Product.objects.count())
    _out, _err, failed_again = _run("import_orders", path)
    assert failed_again == "0 imported, 3 already there, 4 failed."
    assert counts == (Order.objects.count(), OrderItem.objects.count(), Product.objects.count())


@pytest.mark.django_db
def test_a_clean_file_succeeds(tmp_path):
    UserFactory(email="testtest@test.com")
    seller = DataSourceFactory(supplier_code="SELLER1")
    line = json.loads(json.dumps(SEED_ORDER))
    line["orderitem_set"][0]["datasource_detailed"] = {"pk": 9, "supplier_code": "SELLER1"}

    out, err, failed = _run("import_orders", _write(tmp_path, [line]))

    assert failed is None
    assert "1 imported, 0 already there, 0 failed." in out
    assert OrderItem.objects.get().datasource == seller


@pytest.mark.django_db
def test_an_exported_order_imports_back_the_same(tmp_path, auth_client, user):
    # given an order as the API answers it
    order = OrderFactory(user=user, status=OrderStatus.SHIPPED)
    OrderItemFactory(order=order, quantity=3, price=Decimal("9.99"))
    exported = auth_client.get(f"/users/orders/{order.pk}/").json()

    # when it is imported under another number
    _out, _err, failed = _run("import_orders", _write(tmp_path, [{**exported, "number": "COPY-1"}]))

    # then the copy answers the same, but for its ids, number and times
    assert failed is None
    copy = Order.objects.get(number="COPY-1")
    again = auth_client.get(f"/users/orders/{copy.pk}/").json()
    volatile = {"id", "number", "modified_date", "orderitem_set", "discountitem_set"}
    for body in (again, exported):
        # the address is a new row of the same user with the same content (and a computed hash)
        for key in ("shipping_address", "billing_address"):
            body[key].pop("pk")
            body[key].pop("hash_data")
    assert {k: v for k, v in again.items() if k not in volatile} == {
        k: v for k, v in exported.items() if k not in volatile
    }
    item_volatile = {"id", "order", "created_date", "modified_date"}
    assert {k: v for k, v in again["orderitem_set"][0].items() if k not in item_volatile} == {
        k: v for k, v in exported["orderitem_set"][0].items() if k not in item_volatile
    }


@pytest.mark.django_db
def test_an_unreadable_file_is_an_error():
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_orders", "/nonexistent/orders.jsonl", stdout=StringIO(), stderr=StringIO())


OLD_ORDER = {
    "id": 5,
    "currency": {"value": "try", "label": "TL"},
    "shipping_company": None,
    "oldorderitem_set": [{"sku": "OLD1", "name": "T-shirt", "quantity": 2, "price": "5.00"}],
    "number": "12345",
    "user_email": "test_8@akinon.com",
    "status": "pasive",
    "created_date": "2023-01-16T19:35:12.330019Z",
    "amount": "10.00",
    "discount_amount": "8.00",
    "payment_type": "credit card",
    "bank": "garanti",
    "installment_count": 3,
    "tracking_number": "testtrack123",
    "shipping_address": "dene adress",
    "billing_address": "deneme address",
    "extra_field": {},
    "user": 1,
}


@pytest.mark.django_db
def test_imports_old_orders_idempotently(tmp_path, auth_client, user):
    user.email = "test_8@akinon.com"
    user.save(update_fields=["email"])
    path = _write(tmp_path, [OLD_ORDER, {**OLD_ORDER, "number": "X", "amount": "ten"}])

    _out, err, failed = _run("import_old_orders", path)
    assert failed == "1 imported, 0 already there, 1 failed."
    assert "line 2: " in err and "amount" in err
    _out, _err, failed = _run("import_old_orders", path)
    assert failed == "0 imported, 1 already there, 1 failed."

    assert (OldOrder.objects.count(), OldOrderItem.objects.count()) == (1, 1)
    body = auth_client.get("/users/old-orders/").json()["results"][0]
    assert {k: body[k] for k in ("number", "status", "amount", "bank", "created_date", "shipping_address")} == {
        "number": "12345",
        "status": "pasive",
        "amount": "10.00",
        "bank": "garanti",
        "created_date": "2023-01-16T19:35:12.330019Z",
        "shipping_address": "dene adress",
    }
