"""`email__iexact` finds an account through the case-insensitive unique index, not a scan."""

import pytest
from django.db import connection

from pazar.accounts.models import User
from pazar.accounts.tests.factories import UserFactory


@pytest.mark.django_db
def test_email_iexact_matches_whatever_the_case():
    # given an account
    user = UserFactory(email="Ayse.Yilmaz@Example.com")

    # then any spelling of its case finds it, and only it
    assert list(User.objects.filter(email__iexact="ayse.yilmaz@EXAMPLE.COM")) == [user]
    assert not User.objects.filter(email__iexact="ayse.yilmaz@example.org").exists()
    assert list(User.objects.filter(email__iexact=None)) == []


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's plan")
@pytest.mark.django_db
def test_a_login_lookup_reads_the_case_insensitive_unique_index():
    # given accounts, and a planner that takes an index whenever one matches
    UserFactory.create_batch(3)
    query = User.objects.filter(email__iexact="Someone@Example.com").order_by("pk")
    sql, params = query.query.sql_with_params()

    # when the login's lookup is planned
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    # then it reads the unique index on LOWER(email)
    assert "accounts_user_email_ci_unique" in plan, plan
