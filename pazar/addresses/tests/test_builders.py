"""The address builders answer seed 003's address (addresses/openapi.py), full and with ids, English and Turkish."""

import pytest
from django.http import Http404
from django.utils import timezone, translation

from pazar.addresses import openapi
from pazar.addresses.builders import ADDRESS, ADDRESS_IDS
from pazar.addresses.models import Address
from pazar.addresses.tests.factories import AddressFactory
from pazar.orders.tests.seed_shapes import assert_shape

# GET /address/: the same object, the related ones as their ids.
ADDRESS_WITH_IDS = {**openapi.ADDRESS, "country": 1, "city": 13, "township": 271, "district": 3978, "user": 558297}


@pytest.mark.parametrize("language", ["en", "tr"])
def test_addresses_have_the_seeds_shape(user, language):
    full, bare = AddressFactory(user=user), AddressFactory(user=user, is_corporate=True)
    Address.objects.filter(pk=bare.pk).update(township=None, district=None)

    with translation.override(language):
        found = ADDRESS.by_ids([full.pk, bare.pk])
        with_ids = ADDRESS_IDS.by_ids([full.pk, bare.pk])

    for built in found:
        assert_shape(built, openapi.ADDRESS)
    for built in with_ids:
        assert_shape(built, ADDRESS_WITH_IDS)
    assert found[0]["township"]["pk"] == full.township_id == with_ids[0]["township"]
    assert found[1]["township"] is None and found[1]["district"] is None and with_ids[1]["district"] is None
    assert found[0]["user"]["pk"] == user.pk and found[0]["user"]["attributes_kwargs"] == {}
    assert found[0]["country"]["pk"] == with_ids[0]["country"] and found[1]["is_corporate"] is True
    assert list(found[0]) == list(with_ids[0]) == list(openapi.ADDRESS)


def test_only_the_users_own_live_address_is_answered(user, other_user):
    mine, theirs, deleted = AddressFactory(user=user), AddressFactory(user=other_user), AddressFactory(user=user)
    Address.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())

    assert ADDRESS.of_user(user=user, pk=mine.pk)["pk"] == mine.pk
    for pk in (theirs.pk, deleted.pk, 2**70):
        with pytest.raises(Http404):
            ADDRESS.of_user(user=user, pk=pk)


@pytest.mark.django_db
def test_no_ids_cost_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert ADDRESS.by_pk([]) == {} and ADDRESS_IDS.by_ids([]) == []
