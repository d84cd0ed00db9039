"""Stock alerts as the storefront's own code calls them (data/client/wishlist.ts).

`addStockAlert`: POST a form body `product=<pk>` (and `email` when the page has one);
`getStockAlerts`: GET `?limit=12&page=1`; `deleteStockAlert`: DELETE `<pk>/`.
"""

import pytest

from pazar.catalog.tests.factories import ProductFactory, ProductImageFactory
from pazar.catalog.tests.test_builders import CLIENT_PRODUCT_KEYS
from pazar.wishlists.models import ProductAlert
from pazar.wishlists.tests.factories import ProductAlertFactory

URL = "/wishlists/product-alerts/"
FORM = "application/x-www-form-urlencoded"

pytestmark = pytest.mark.django_db


def test_ask_for_an_alert_then_list_it(client, user):
    product = ProductFactory()

    created = client.post(URL, f"product={product.pk}", content_type=FORM)

    assert created.status_code == 201, created.content
    alert = ProductAlert.objects.get(user=user)
    assert created.json() == {"pk": alert.pk, "product": product.pk}
    assert alert.is_open and alert.notified_date is None
    body = client.get(f"{URL}?limit=12&page=1").json()
    assert body["count"] == 1
    [item] = body["results"]
    assert set(item) == {"pk", "product"}
    assert set(item["product"]) >= CLIENT_PRODUCT_KEYS
    assert (item["pk"], item["product"]["pk"], item["product"]["in_stock"]) == (alert.pk, product.pk, False)


@pytest.mark.parametrize("email", ["{email}", "{upper}", ""])
def test_the_accounts_own_email_or_none_is_accepted(client, user, email):
    product = ProductFactory()
    body = f"product={product.pk}&email=" + email.format(email=user.email, upper=user.email.upper())

    assert client.post(URL, body, content_type=FORM).status_code == 201
    assert ProductAlert.objects.filter(user=user, product=product).count() == 1


def test_a_strangers_email_is_refused_so_nobody_can_be_spammed(client, user):
    product = ProductFactory()

    response = client.post(URL, f"product={product.pk}&email=victim@example.org", content_type=FORM)

    assert response.status_code == 400
    assert list(response.json()) == ["email"]
    assert not ProductAlert.objects.exists()


def test_a_second_alert_for_the_same_product_is_a_406(client, user):
    product = ProductFactory()
    client.post(URL, f"product={product.pk}", content_type=FORM)

    again = client.post(URL, f"product={product.pk}", content_type=FORM)

    assert again.status_code == 406
    assert again.json()["error_code"] == "product_alert_100_1"
    assert ProductAlert.objects.count() == 1


def test_a_product_in_stock_is_a_406(client):
    product = ProductFactory(stock=2, in_stock=True)

    response = client.post(URL, f"product={product.pk}", content_type=FORM)

    assert response.status_code == 406
    assert response.json()["error_code"] == "product_alert_100_2"
    assert not ProductAlert.objects.exists()


@pytest.mark.parametrize("body", ["product=", "product=abc", "product=999999", "", "product=1&email=not-an-email"])
def test_bad_input_is_a_400_and_writes_nothing(client, body):
    ProductFactory()

    assert client.post(URL, body, content_type=FORM).status_code == 400
    assert not ProductAlert.objects.exists()


def test_answered_alerts_leave_the_list_and_may_be_asked_again(client, user):
    product = ProductFactory()
    answered = ProductAlertFactory(user=user, product=product, is_open=False)

    assert client.get(URL).json()["count"] == 0
    created = client.post(URL, f"product={product.pk}", content_type=FORM)

    assert created.status_code == 201
    assert created.json()["pk"] != answered.pk


def test_cancel_an_alert(client, user):
    alert = ProductAlertFactory(user=user)

    assert client.delete(f"{URL}{alert.pk}/").status_code == 204
    assert not ProductAlert.objects.exists()


def test_another_shoppers_alert_is_a_404_like_an_unknown_one(client, other_user):
    theirs = ProductAlertFactory(user=other_user)

    response = client.delete(f"{URL}{theirs.pk}/")
    unknown = client.delete(f"{URL}999999/")

    assert response.status_code == unknown.status_code == 404
    assert response.json() == unknown.json()
    assert ProductAlert.objects.filter(pk=theirs.pk).exists()
    assert client.get(URL).json()["count"] == 0


def test_anonymous_calls_answer_as_the_orders_do(api_client):
    alert = ProductAlertFactory()
    orders = api_client.get("/users/orders/")

    for response in (
        api_client.get(f"{URL}?limit=12&page=1"),
        api_client.post(URL, f"product={alert.product_id}&email=someone@example.org", content_type=FORM),
        api_client.delete(f"{URL}{alert.pk}/"),
    ):
        assert response.status_code == orders.status_code == 403
        assert response.json() == orders.json()
    assert ProductAlert.objects.count() == 1


def test_a_full_page_costs_what_a_short_one_does(client, user, django_assert_max_num_queries):
    def alert_with_images():
        alert = ProductAlertFactory(user=user)
        ProductImageFactory.create_batch(2, product=alert.product)

    alert_with_images()
    with django_assert_max_num_queries(10) as short:
        client.get(f"{URL}?limit=12&page=1")
    for _ in range(30):
        alert_with_images()

    with django_assert_max_num_queries(len(short.captured_queries)):
        body = client.get(f"{URL}?limit=12&page=1").json()
    with django_assert_max_num_queries(len(short.captured_queries)):
        client.get(f"{URL}?limit=12&page=3")

    assert len(body["results"]) == 12
