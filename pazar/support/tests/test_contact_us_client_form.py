"""`POST /users/contact-us/` as the storefront's sendContact posts it: JSON, `order: ""` without an order."""

import pytest

from pazar.orders.tests.factories import OrderFactory
from pazar.support.models import ContactUsMessage
from pazar.support.tests.helpers import CONTACT_US_URL


@pytest.mark.django_db
def test_an_empty_order_in_json_means_no_order(api_client, form):
    response = api_client.post(CONTACT_US_URL, {**form, "subject": str(form["subject"]), "order": ""}, format="json")

    assert response.status_code == 200, response.content
    assert ContactUsMessage.objects.get().order is None


@pytest.mark.django_db
def test_an_empty_order_still_fails_a_subject_that_needs_one(api_client, form, order_subject):
    response = api_client.post(CONTACT_US_URL, {**form, "subject": str(order_subject.pk), "order": ""}, format="json")

    assert response.status_code == 400
    assert "order" in response.json()
    assert not ContactUsMessage.objects.exists()


@pytest.mark.django_db
def test_an_order_id_as_a_string_names_the_order(token_client, user, form, order_subject):
    order = OrderFactory(user=user)

    response = token_client.post(
        CONTACT_US_URL, {**form, "subject": str(order_subject.pk), "order": str(order.pk)}, format="json"
    )

    assert response.status_code == 200, response.content
    assert ContactUsMessage.objects.get().order == order
