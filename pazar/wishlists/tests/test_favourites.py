"""Favourites as the storefront's own code calls them (data/client/wishlist.ts).

`getFavorites`: GET `?limit=12&page=1`; `addFavorite`: POST a form body `product=<pk>`;
`removeFavorite`: DELETE `<pk>/`. Session cookie and x-csrftoken, trailing slashes.
"""

import pytest

from pazar.catalog.tests.factories import ProductFactory, ProductImageFactory
from pazar.catalog.tests.test_builders import CLIENT_PRODUCT_KEYS
from pazar.wishlists.models import FavouriteProduct
from pazar.wishlists.tests.factories import FavouriteProductFactory

URL = "/wishlists/favourite-products/"
FORM = "application/x-www-form-urlencoded"

pytestmark = pytest.mark.django_db


def test_add_then_list_a_favourite(client, user):
    product = ProductFactory(price="12.50", stock=4, in_stock=True)
    ProductImageFactory(product=product)

    created = client.post(URL, f"product={product.pk}", content_type=FORM)

    assert created.status_code == 201, created.content
    favourite = FavouriteProduct.objects.get(user=user)
    assert created.json() == {"pk": favourite.pk, "product": product.pk}
    body = client.get(f"{URL}?limit=12&page=1").json()
    assert (body["count"], body["next"], body["previous"]) == (1, None, None)
    [item] = body["results"]
    assert set(item) == {"pk", "product"}
    assert item["pk"] == favourite.pk
    assert set(item["product"]) >= CLIENT_PRODUCT_KEYS
    assert item["product"]["pk"] == product.pk
    assert item["product"]["price"] == "12.50"
    assert item["product"]["in_stock"] is True
    assert len(item["product"]["productimage_set"]) == 1


def test_json_body_works_too(client, user):
    product = ProductFactory()

    assert client.post(URL, {"product": product.pk}, format="json").status_code == 201
    assert FavouriteProduct.objects.filter(user=user, product=product).exists()


def test_a_product_added_twice_is_a_406_with_the_platforms_code(client, user):
    product = ProductFactory()
    client.post(URL, f"product={product.pk}", content_type=FORM)

    again = client.post(URL, f"product={product.pk}", content_type=FORM)

    assert again.status_code == 406
    assert again.json() == {
        "non_field_errors": "This product is already in your favourites.",
        "error_code": "favourite_product_100",
    }
    assert FavouriteProduct.objects.filter(user=user).count() == 1


def test_the_406_is_in_the_requests_language(client):
    product = ProductFactory()
    client.post(URL, f"product={product.pk}", content_type=FORM)

    again = client.post(URL, f"product={product.pk}", content_type=FORM, HTTP_ACCEPT_LANGUAGE="tr")

    assert again.json()["non_field_errors"] == "Ürün zaten favori listenizde mevcut."


@pytest.mark.parametrize("body", ["product=", "product=abc", "product=999999", ""])
def test_bad_product_is_a_400_and_writes_nothing(client, body):
    response = client.post(URL, body, content_type=FORM)

    assert response.status_code == 400
    assert "product" in response.json()
    assert not FavouriteProduct.objects.exists()


def test_the_list_is_the_shoppers_own_newest_first_and_paged(client, user, other_user):
    mine = [FavouriteProductFactory(user=user) for _ in range(3)]
    FavouriteProductFactory(user=other_user)

    first = client.get(f"{URL}?limit=2&page=1").json()
    second = client.get(f"{URL}?limit=2&page=2").json()

    assert first["count"] == 3
    assert [i["pk"] for i in first["results"]] == [mine[2].pk, mine[1].pk]
    assert [i["pk"] for i in second["results"]] == [mine[0].pk]
    assert first["next"].endswith("page=2") and second["previous"]


def test_remove_a_favourite(client, user):
    favourite = FavouriteProductFactory(user=user)

    response = client.delete(f"{URL}{favourite.pk}/")

    assert response.status_code == 204
    assert not FavouriteProduct.objects.exists()


def test_another_shoppers_favourite_is_a_404_like_an_unknown_one(client, other_user):
    theirs = FavouriteProductFactory(user=other_user)

    response = client.delete(f"{URL}{theirs.pk}/")
    unknown = client.delete(f"{URL}999999/")

    assert response.status_code == unknown.status_code == 404
    assert response.json() == unknown.json()
    assert FavouriteProduct.objects.filter(pk=theirs.pk).exists()


def test_a_write_without_csrf_is_refused(api_client, user):
    api_client.force_login(user)

    assert api_client.post(URL, f"product={ProductFactory().pk}", content_type=FORM).status_code == 403
    assert not FavouriteProduct.objects.exists()


def test_anonymous_calls_answer_as_the_orders_do(api_client):
    favourite = FavouriteProductFactory()
    orders = api_client.get("/users/orders/")

    for response in (
        api_client.get(f"{URL}?limit=12&page=1"),
        api_client.post(URL, f"product={favourite.product_id}", content_type=FORM),
        api_client.delete(f"{URL}{favourite.pk}/"),
    ):
        assert response.status_code == orders.status_code == 403
        assert response.json() == orders.json()
    assert FavouriteProduct.objects.count() == 1


def test_a_full_page_costs_what_a_short_one_does(client, user, django_assert_max_num_queries):
    def favourite_with_images():
        favourite = FavouriteProductFactory(user=user)
        ProductImageFactory.create_batch(2, product=favourite.product)

    favourite_with_images()
    with django_assert_max_num_queries(10) as short:
        client.get(f"{URL}?limit=12&page=1")
    for _ in range(30):
        favourite_with_images()

    with django_assert_max_num_queries(len(short.captured_queries)):
        body = client.get(f"{URL}?limit=12&page=1").json()
    with django_assert_max_num_queries(len(short.captured_queries)):
        client.get(f"{URL}?limit=12&page=2")

    assert len(body["results"]) == 12
    assert all(len(i["product"]["productimage_set"]) == 2 for i in body["results"])
