"""On PostgreSQL: parameters bound by the server, hot statements prepared, every execution planned
for its own values (a generic plan of a skewed query walked a whole index, `make bench`)."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL settings"),
]


def test_prepared_statements_planned_for_their_values():
    options = connection.settings_dict["OPTIONS"]
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 5
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_custom_plan"


def test_a_statement_run_often_is_prepared_and_answers_the_same():
    from pazar.accounts.tests.factories import UserFactory

    users = UserFactory.create_batch(3)
    with connection.cursor() as cursor:
        answers = set()
        for _ in range(8):
            cursor.execute("SELECT count(*) FROM accounts_user WHERE id = ANY(%s)", [[u.pk for u in users]])
            answers.add(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        prepared = cursor.fetchone()[0]
    assert answers == {3}
    assert prepared >= 1
