"""The product admin: the stock it saves goes through the stock service, its flag with it."""

import pytest
from django.test import Client

from pazar.accounts.tests.factories import StaffUserFactory
from pazar.catalog.models import Product
from pazar.catalog.tests.factories import ProductFactory

IMAGES = {
    "productimage_set-TOTAL_FORMS": "0",
    "productimage_set-INITIAL_FORMS": "0",
    "productimage_set-MIN_NUM_FORMS": "0",
    "productimage_set-MAX_NUM_FORMS": "1000",
}


def _form(**fields):
    return {
        "base_code": "",
        "absolute_url": "",
        "price": "",
        "retail_price": "",
        "currency": "try",
        "stock": "0",
        "attribute_set": "",
        "attributes": "{}",
        "attributes_kwargs": "{}",
        "extra_attributes": "{}",
        "data_source": "",
        **IMAGES,
        **fields,
    }


@pytest.fixture
def staff_client(db):
    client = Client()
    client.force_login(StaffUserFactory(is_superuser=True))
    return client


def test_a_product_added_with_stock_is_in_stock(staff_client):
    response = staff_client.post("/admin/catalog/product/add/", _form(sku="NEW-1", name="Vase", stock="6"))

    assert response.status_code == 302
    product = Product.objects.get(sku="NEW-1")
    assert (product.stock, product.in_stock) == (6, True)


def test_an_edit_to_zero_takes_the_product_out_of_stock(staff_client):
    product = ProductFactory(sku="KEEP-1", name="Bowl", stock=9, in_stock=True)

    response = staff_client.post(
        f"/admin/catalog/product/{product.pk}/change/",
        _form(sku="KEEP-1", name="Big bowl", stock="0", base_code=product.base_code),
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.stock, product.in_stock) == ("Big bowl", 0, False)
