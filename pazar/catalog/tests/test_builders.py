"""The product builder: the client's Product type (types/commerce/product.ts), one images statement a page."""

from decimal import Decimal

import pytest

from pazar.catalog.builders import PRODUCT
from pazar.catalog.models import Currency
from pazar.catalog.tests.factories import ProductFactory, ProductImageFactory
from pazar.orders.tests.seed_shapes import PRODUCT_EXTRA_KEYS, PRODUCT_KEYS

# types/commerce/product.ts Product, without the optional item_id and description and the basket's quantity
CLIENT_PRODUCT_KEYS = {
    "absolute_url", "attribute_set", "attributes", "attributes_kwargs", "base_code", "basket_offers",
    "currency_type", "data_source", "extra_attributes", "form_schema", "image", "in_stock", "is_ready_to_basket",
    "name", "pk", "price", "price_type", "product_type", "productimage_set", "productvideo_set", "retail_price",
    "sku", "stock", "unit_type", "created_date", "modified_date",
}  # fmt: skip
CLIENT_IMAGE_KEYS = {"created_date", "image", "order", "pk", "specialimage_set", "status"}


@pytest.mark.django_db
def test_a_product_has_the_client_types_fields_and_the_seeds(rf):
    product = ProductFactory(
        price=Decimal("1999"), retail_price=Decimal("2499.5"), currency=Currency.USD, stock=3, in_stock=True
    )
    second = ProductImageFactory(product=product, order=1)
    first = ProductImageFactory(product=product, order=0)

    [built] = PRODUCT.by_ids([product.pk], request=rf.get("/"))

    assert set(built) >= CLIENT_PRODUCT_KEYS
    assert set(built) == PRODUCT_KEYS | PRODUCT_EXTRA_KEYS
    assert built["price"] == "1999.00"
    assert built["retail_price"] == "2499.50"
    assert built["currency_type"] == "usd"
    assert (built["in_stock"], built["stock"], built["is_ready_to_basket"]) == (True, 3, True)
    assert [set(i) for i in built["productimage_set"]] == [CLIENT_IMAGE_KEYS] * 2
    assert [i["pk"] for i in built["productimage_set"]] == [first.pk, second.pk]
    assert built["image"] == f"http://testserver/media/{first.image.name}"
    assert built["productimage_set"][0]["image"] == built["image"]
    assert built["data_source"] == product.data_source_id


@pytest.mark.django_db
def test_out_of_stock_or_unpriced_is_not_ready_to_basket():
    unpriced = ProductFactory(price=None, stock=5, in_stock=True)
    sold_out = ProductFactory(price=Decimal("10"))

    built = {p["pk"]: p for p in PRODUCT.by_ids([unpriced.pk, sold_out.pk])}

    assert built[unpriced.pk]["is_ready_to_basket"] is False
    assert built[sold_out.pk]["is_ready_to_basket"] is False
    assert built[sold_out.pk]["in_stock"] is False
    assert built[sold_out.pk]["image"] is None
    assert built[sold_out.pk]["productimage_set"] == []


@pytest.mark.django_db
def test_images_are_one_statement_whatever_the_page(django_assert_num_queries):
    products = [ProductFactory() for _ in range(12)]
    for product in products:
        ProductImageFactory.create_batch(3, product=product)

    with django_assert_num_queries(2):  # the products, their images
        built = PRODUCT.by_ids([p.pk for p in products])

    assert [len(p["productimage_set"]) for p in built] == [3] * 12
