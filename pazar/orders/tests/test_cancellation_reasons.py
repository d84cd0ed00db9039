"""`GET /users/orders/cancellation_reasons/`: active reasons, subject in the request's language."""

import pytest

from pazar.orders.models import CancellationType
from pazar.orders.tests.factories import CancellationReasonFactory
from pazar.orders.tests.seed_shapes import CANCELLATION_REASON_KEYS

URL = "/users/orders/cancellation_reasons/"


@pytest.mark.django_db
def test_lists_active_reasons_in_order_with_translations(auth_client):
    # given two active reasons and an inactive one
    second = CancellationReasonFactory(order=20, subject_en="Changed my mind", subject_tr="Vazgeçtim")
    first = CancellationReasonFactory(order=10, subject_en="I got the wrong product", subject_tr="Yanlış Ürün Aldım")
    CancellationReasonFactory(is_active=False)

    # when listed
    response = auth_client.get(URL)

    # then the active ones come in their order, in the seed's shape
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [r["id"] for r in body["results"]] == [first.pk, second.pk]
    reason = body["results"][0]
    assert set(reason) == CANCELLATION_REASON_KEYS
    assert reason["subject"] == "I got the wrong product"
    assert reason["translations"] == {
        "en": {"subject": "I got the wrong product"},
        "tr": {"subject": "Yanlış Ürün Aldım"},
    }
    assert reason["uuid"] == str(first.uuid)
    assert reason["order"] == 10


@pytest.mark.django_db
def test_subject_is_in_the_request_language(auth_client):
    CancellationReasonFactory(subject_en="I got the wrong product", subject_tr="Yanlış Ürün Aldım")
    only_english = CancellationReasonFactory(subject_en="Other", subject_tr=None)

    body = auth_client.get(URL, HTTP_ACCEPT_LANGUAGE="tr").json()

    assert [r["subject"] for r in body["results"]] == ["Yanlış Ürün Aldım", "Other"]
    assert body["results"][1]["translations"] == {"en": {"subject": "Other"}}
    assert body["results"][1]["id"] == only_english.pk


@pytest.mark.django_db
def test_filters_by_cancellation_type(auth_client):
    CancellationReasonFactory(cancellation_type=CancellationType.CANCEL)
    refund = CancellationReasonFactory(cancellation_type=CancellationType.REFUND)

    body = auth_client.get(URL, {"cancellation_type": "refund"}).json()

    assert [r["id"] for r in body["results"]] == [refund.pk]
    assert auth_client.get(URL, {"cancellation_type": "other"}).status_code == 400


@pytest.mark.django_db
def test_anonymous_is_refused(api_client):
    assert api_client.get(URL).status_code == 403


@pytest.mark.django_db
def test_query_count_does_not_grow(auth_client, django_assert_max_num_queries):
    for _ in range(20):
        CancellationReasonFactory()

    with django_assert_max_num_queries(4):
        assert len(auth_client.get(URL).json()["results"]) == 20
