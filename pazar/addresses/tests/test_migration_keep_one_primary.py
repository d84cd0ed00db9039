"""addresses 0002's data step, batched by users: a user with several primary addresses keeps the newest."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from pazar.accounts.tests.factories import UserFactory
from pazar.addresses.models import Address
from pazar.addresses.tests.factories import AddressFactory

migration = importlib.import_module("pazar.addresses.migrations.0002_address_soft_delete_one_primary")


@pytest.mark.django_db
def test_each_user_keeps_only_the_newest_primary_address_across_batches(monkeypatch):
    # given the rows as they were before the constraint: several primaries for some users
    monkeypatch.setattr(migration, "BATCH", 2)
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX addresses_one_primary")
    users = [UserFactory() for _ in range(5)]
    for n, user in enumerate(users):
        for _ in range(n % 3 + 1):
            AddressFactory(user=user, primary=True)
        AddressFactory(user=user, primary=False)
    newest = {
        user.pk: Address.objects.filter(user=user).order_by("-pk").filter(primary=True).first().pk for user in users
    }

    # when the migration's data step runs
    migration.keep_one_primary(apps, None)

    # then each user has one primary address, their newest primary one, and no other row changed
    primaries = dict(Address.objects.filter(primary=True).values_list("user_id", "pk"))
    assert primaries == newest
    assert Address.objects.filter(primary=True).count() == len(users)
