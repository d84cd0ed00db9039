"""The cancellation-request admin: what staff see in the list, a read-only request, decisions by button."""

import pytest
from django.urls import reverse

from pazar.accounts.tests.factories import StaffUserFactory
from pazar.notifications.models import Notification
from pazar.orders.models import CancellationRequestStatus, CancellationType, OrderStatus
from pazar.orders.tests.factories import CancellationRequestFactory

IBAN = "TR330006100519786457841326"


@pytest.fixture
def staff_client(client):
    client.force_login(StaffUserFactory(is_superuser=True))
    return client


def _change_url(request):
    return reverse("admin:orders_cancellationrequest_change", args=[request.pk])


def _decide_url(request, decision):
    return reverse("admin:orders_cancellationrequest_decide", args=[request.pk, decision])


@pytest.mark.django_db
def test_the_list_shows_order_product_reason_quantity_and_age(staff_client, django_assert_max_num_queries):
    # given a few requests
    requests = [CancellationRequestFactory() for _ in range(3)]

    # when staff open the list
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("admin:orders_cancellationrequest_changelist"))

    # then each row names its order, product, reason and quantity, and how old it is
    content = response.content.decode()
    assert response.status_code == 200
    for request in requests:
        assert request.order_item.order.number in content
        assert str(request.order_item.product) in content
        assert str(request.reason) in content
    assert "field-age" in content and "field-quantity" in content


@pytest.mark.django_db
def test_the_request_is_read_only_with_the_iban_masked(staff_client):
    # given a refund request with an IBAN
    request = CancellationRequestFactory(iban=IBAN, holder_name="Ayşe Yılmaz")

    # when staff open it
    content = staff_client.get(_change_url(request)).content.decode()

    # then the IBAN shows only its last 4 characters, and nothing the shopper sent is an input
    assert IBAN not in content
    assert "1326" in content and "•" * 22 + "1326" in content
    assert 'name="iban"' not in content and 'name="quantity"' not in content and 'name="description"' not in content
    # and there is no Save or Delete, only the decisions the status allows, saying what they do
    assert 'name="_save"' not in content and "deletelink" not in content
    assert _decide_url(request, "approve") in content and _decide_url(request, "reject") in content
    assert _decide_url(request, "complete") not in content
    assert "The shopper gets an email." in content


@pytest.mark.django_db
def test_no_add_and_no_delete(staff_client):
    request = CancellationRequestFactory()

    assert staff_client.get(reverse("admin:orders_cancellationrequest_add")).status_code == 403
    assert staff_client.get(reverse("admin:orders_cancellationrequest_delete", args=[request.pk])).status_code == 403
    changelist = staff_client.get(reverse("admin:orders_cancellationrequest_changelist")).content.decode()
    assert "delete_selected" not in changelist


@pytest.mark.django_db
def test_approve_goes_through_the_service(staff_client):
    # given an open cancel request of a waiting item
    request = CancellationRequestFactory(cancellation_type=CancellationType.CANCEL)

    # when staff press Approve
    response = staff_client.post(_decide_url(request, "approve"))

    # then the request is approved, the item cancelled, the shopper told, and staff are back on the request
    assert response.status_code == 302 and response["Location"] == _change_url(request)
    request.refresh_from_db()
    request.order_item.refresh_from_db()
    assert request.status == CancellationRequestStatus.APPROVED
    assert request.order_item.status == OrderStatus.CANCELLED
    assert Notification.objects.filter(to=request.user.email).exists()
    # and the page now offers only Complete
    content = staff_client.get(_change_url(request)).content.decode()
    assert _decide_url(request, "complete") in content and _decide_url(request, "approve") not in content


@pytest.mark.django_db
def test_reject_and_a_move_the_status_does_not_allow(staff_client):
    request = CancellationRequestFactory()

    staff_client.post(_decide_url(request, "reject"))
    response = staff_client.post(_decide_url(request, "complete"), follow=True)

    # the second decision is refused by the service with its message; nothing changes
    request.refresh_from_db()
    assert request.status == CancellationRequestStatus.REJECTED
    assert "A Rejected cancellation request cannot become Completed." in response.content.decode()


@pytest.mark.django_db
def test_decisions_need_a_post_and_the_change_permission(client, staff_client):
    request = CancellationRequestFactory()
    assert staff_client.get(_decide_url(request, "approve")).status_code == 403
    client.force_login(StaffUserFactory())  # staff without permissions
    assert client.post(_decide_url(request, "approve")).status_code == 403
    request.refresh_from_db()
    assert request.status == CancellationRequestStatus.OPEN
