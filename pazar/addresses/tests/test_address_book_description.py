"""A deleted address, left out once (selectors.ADDRESS_BOOKS), is in no list and no detail."""

import pytest
from django.utils import timezone

from pazar.addresses.tests.factories import AddressFactory

pytestmark = pytest.mark.django_db


def test_a_deleted_address_is_in_no_list_and_no_detail(auth_client, user):
    kept = AddressFactory(user=user)
    deleted = AddressFactory(user=user, deleted_at=timezone.now())
    AddressFactory()

    for path in ("/address/", "/address/detailed/"):
        body = auth_client.get(path).json()
        assert [r["pk"] for r in body["results"]] == [kept.pk] and body["count"] == 1, path
    assert auth_client.get(f"/address/{deleted.pk}/").status_code == 404
