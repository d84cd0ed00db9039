"""Back in stock: each open alert answered by one outbox email, once, whichever path sets the stock."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from pazar.accounts.tests.factories import StaffUserFactory, UserFactory
from pazar.catalog.models import Product
from pazar.catalog.services import product_stock_set
from pazar.catalog.tests.factories import ProductFactory
from pazar.notifications.models import Notification
from pazar.wishlists.models import ProductAlert
from pazar.wishlists.services import BACK_IN_STOCK_EVENT
from pazar.wishlists.tests.factories import ProductAlertFactory

pytestmark = pytest.mark.django_db


def emails():
    return list(Notification.objects.filter(event=BACK_IN_STOCK_EVENT).order_by("pk"))


def test_back_in_stock_emails_each_open_alert_once_and_closes_it(settings):
    product = ProductFactory(name="Linen Shirt", absolute_url="/linen-shirt/")
    english = ProductAlertFactory(product=product, user=UserFactory(first_name="John", language_code="en"))
    turkish = ProductAlertFactory(product=product, user=UserFactory(first_name="Ayşe", language_code="tr"))
    answered = ProductAlertFactory(product=product, is_open=False)
    elsewhere = ProductAlertFactory()

    product_stock_set(product_id=product.pk, stock=5)

    sent = emails()
    assert [(n.to, n.language) for n in sent] == [(english.user.email, "en"), (turkish.user.email, "tr")]
    assert sent[0].subject == "Linen Shirt is back in stock"
    assert "http://127.0.0.1:3000/linen-shirt/" in sent[0].body_text
    assert sent[1].subject == "Linen Shirt yeniden stokta"
    for alert in (english, turkish):
        alert.refresh_from_db()
        assert not alert.is_open and alert.notified_date is not None
    answered.refresh_from_db()
    elsewhere.refresh_from_db()
    assert answered.notified_date is None and elsewhere.is_open


def test_no_email_unless_the_product_comes_back_in_stock():
    sold_out = ProductFactory()
    in_stock = ProductFactory(stock=3, in_stock=True)
    ProductAlertFactory(product=sold_out)
    ProductAlertFactory(product=in_stock)  # an alert from before the product came back

    product_stock_set(product_id=sold_out.pk, stock=0)
    product_stock_set(product_id=in_stock.pk, stock=7)

    assert emails() == []
    assert ProductAlert.objects.filter(is_open=True).count() == 2


def test_a_second_restock_sends_nothing_more():
    product = ProductFactory()
    ProductAlertFactory(product=product)

    product_stock_set(product_id=product.pk, stock=1)
    product_stock_set(product_id=product.pk, stock=0)
    product_stock_set(product_id=product.pk, stock=4)

    assert len(emails()) == 1


def test_a_rolled_back_stock_change_sends_nothing_and_keeps_the_alert_open():
    product = ProductFactory()
    alert = ProductAlertFactory(product=product)

    with pytest.raises(RuntimeError), transaction.atomic():
        product_stock_set(product_id=product.pk, stock=2)
        raise RuntimeError("the caller failed")

    alert.refresh_from_db()
    assert alert.is_open and emails() == []
    assert Product.objects.get(pk=product.pk).stock == 0


def test_the_stock_and_its_flag_move_together():
    product = ProductFactory()

    assert product_stock_set(product_id=product.pk, stock=3).in_stock is True
    assert product_stock_set(product_id=product.pk, stock=0).in_stock is False
    with pytest.raises(ValueError):
        product_stock_set(product_id=product.pk, stock=-1)


def test_the_import_command_answers_alerts(tmp_path):
    product = ProductFactory(sku="SKU-1")
    ProductAlertFactory(product=product)
    path = tmp_path / "products.jsonl"
    path.write_text(json.dumps({"sku": "SKU-1", "stock": 9, "price": "10.00"}) + "\n")

    call_command("import_products", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert len(emails()) == 1
    product.refresh_from_db()
    assert (product.stock, product.in_stock, str(product.price)) == (9, True, "10.00")


def test_the_admin_answers_alerts():
    product = ProductFactory(sku="SKU-ADMIN", name="Lamp")
    ProductAlertFactory(product=product)
    client = Client()
    client.force_login(StaffUserFactory(is_superuser=True))
    page = f"/admin/catalog/product/{product.pk}/change/"
    form = {
        "sku": product.sku,
        "base_code": product.base_code,
        "name": "Lamp",
        "absolute_url": product.absolute_url,
        "price": "20.00",
        "retail_price": "",
        "currency": "try",
        "stock": "3",
        "attribute_set": "",
        "attributes": "{}",
        "attributes_kwargs": "{}",
        "extra_attributes": "{}",
        "data_source": product.data_source_id,
        "productimage_set-TOTAL_FORMS": "0",
        "productimage_set-INITIAL_FORMS": "0",
        "productimage_set-MIN_NUM_FORMS": "0",
        "productimage_set-MAX_NUM_FORMS": "1000",
    }

    response = client.post(page, form)

    assert response.status_code == 302, re.findall(r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S)
    product.refresh_from_db()
    assert (product.stock, product.in_stock, str(product.price)) == (3, True, "20.00")
    assert len(emails()) == 1
