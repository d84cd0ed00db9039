"""`GET /users/segments/` and `POST /users/segments/<id>/set/`: the user's own segments only."""

import pytest

from pazar.accounts.models import Segment
from pazar.catalog.tests.factories import PriceListFactory


@pytest.fixture
def segments(shopper, other_user):
    """Two segments of the shopper (priority order), one of another user, one inactive."""
    price_list = PriceListFactory(name="Employee prices", code="EMP", currency="try")
    manager = Segment.objects.create(name_en="Manager Segment", name_tr="Yönetici", priority=1)
    employee = Segment.objects.create(name_en="Employee Segment", name_tr="Çalışan", priority=0, price_list=price_list)
    theirs = Segment.objects.create(name_en="VIP", priority=0)
    inactive = Segment.objects.create(name_en="Old", priority=0, is_active=False)
    for segment in (manager, employee, inactive):
        segment.users.add(shopper)
    theirs.users.add(other_user)
    return {"employee": employee, "manager": manager, "theirs": theirs, "inactive": inactive}


@pytest.mark.django_db
def test_lists_the_users_segments_in_priority_order(shopper_client, segments):
    response = shopper_client.get("/users/segments/")

    assert response.status_code == 200
    assert response.json() == [
        {"priority": 0, "pk": segments["employee"].pk, "name": "Employee Segment"},
        {"priority": 1, "pk": segments["manager"].pk, "name": "Manager Segment"},
    ]


@pytest.mark.django_db
def test_names_follow_the_request_language(shopper_client, segments):
    response = shopper_client.get("/users/segments/", HTTP_ACCEPT_LANGUAGE="tr")

    assert [s["name"] for s in response.json()] == ["Çalışan", "Yönetici"]


@pytest.mark.django_db
def test_set_returns_the_segment_with_its_price_list(shopper_client, segments):
    segment = segments["employee"]

    response = shopper_client.post(f"/users/segments/{segment.pk}/set/")

    assert response.status_code == 200
    assert response.json() == {
        "priority": 0,
        "pk": segment.pk,
        "price_list": {
            "pk": segment.price_list.pk,
            "name": "Employee prices",
            "code": "EMP",
            "currency": "try",
        },
        "name": "Employee Segment",
    }


@pytest.mark.django_db
def test_set_keeps_the_choice_in_the_session(shopper, api_client, segments):
    # given a shopper logged in with a session (CSRF from the cookie)
    api_client.force_login(shopper)
    api_client.get("/csrf_token/")
    token = api_client.cookies["csrftoken"].value

    # when they activate a segment
    response = api_client.post(f"/users/segments/{segments['manager'].pk}/set/", HTTP_X_CSRFTOKEN=token)

    # then it is the session's segment
    assert response.status_code == 200
    assert api_client.session["segment_id"] == segments["manager"].pk


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["theirs", "inactive", "missing"])
def test_a_segment_that_is_not_the_users_is_segment_100_1(shopper_client, shopper, segments, which):
    segment_id = segments[which].pk if which != "missing" else 999999

    response = shopper_client.post(f"/users/segments/{segment_id}/set/")

    assert response.status_code == 406
    assert response.json() == {
        "non_field_errors": f"Segment with ID {segment_id} is not available for user {shopper.pk}.",
        "error_code": "segment_100_1",
    }


@pytest.mark.django_db
def test_segments_need_a_login(api_client, segments):
    assert api_client.get("/users/segments/").status_code == 403
    assert api_client.post(f"/users/segments/{segments['employee'].pk}/set/").status_code == 403
