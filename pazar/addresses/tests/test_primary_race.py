"""Concurrent "make default" and first-address writes on PostgreSQL: never two primary addresses."""

import pytest
from django.db import connection

from pazar.addresses import services
from pazar.addresses.models import Address
from pazar.addresses.tests.factories import AddressFactory, DistrictFactory
from pazar.core.testing import run_each

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_two_defaults_at_once_leave_exactly_one(user):
    addresses = [AddressFactory(user=user, primary=(n == 0)) for n in range(4)]

    for _round in range(5):
        results = run_each(
            *[
                (lambda a=a: services.address_update(user=user, address=a, data={"primary": True}))
                for a in addresses[1:]
            ]
        )
        assert not [r for r in results if isinstance(r, Exception)], results
        assert Address.objects.filter(user=user, primary=True).count() == 1


def test_two_first_addresses_at_once_make_one_default(user):
    district = DistrictFactory()
    place = {
        "country": district.city.country,
        "city": district.city,
        "township": district.township,
        "district": district,
    }

    def create(n):
        return lambda: services.address_create(
            user=user, data={"first_name": "A", "last_name": "B", "line": f"Line {n}", **place}
        )

    results = run_each(create(1), create(2), create(3))

    assert not [r for r in results if isinstance(r, Exception)], results
    assert Address.objects.filter(user=user).count() == 3
    assert Address.objects.filter(user=user, primary=True).count() == 1
