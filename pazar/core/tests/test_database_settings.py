"""On PostgreSQL: parameters bound by the server, hot statements prepared, every execution planned
for its own values (a generic plan of a skewed query may walk a whole index)."""

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


@pytest.mark.parametrize(
    ("env", "engine"),
    [
        ({}, "pazar.core.postgresql"),
        ({"DATABASE_GENERIC_PLANS": "0"}, "django.db.backends.postgresql"),
        ({"DATABASE_PREPARED_STATEMENTS": "0"}, "django.db.backends.postgresql"),
    ],
)
def test_pazars_backend_unless_a_pooler_shares_the_sessions(env, engine):
    import os
    import subprocess
    import sys
    from pathlib import Path

    environ = {**os.environ, "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/pazar", **env}
    probe = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pazar.settings'); {probe}",
        ],
        cwd=Path(__file__).resolve().parents[3],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == engine, result.stderr
