"""The migration operations that keep a table in use while they change it, as PostgreSQL runs them."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the operations write PostgreSQL's statements"),
]


def statements(app: str, name: str) -> list[str]:
    """The SQL `migrate` runs for the migration, in order (as `sqlmigrate` collects it)."""
    loader = MigrationLoader(connection, replace_migrations=False)
    migration = loader.get_migration(app, name)
    state = loader.project_state((app, name), at_end=False)
    with connection.schema_editor(collect_sql=True, atomic=migration.atomic) as editor:
        migration.apply(state, editor, collect_sql=True)
    return editor.collected_sql


@pytest.mark.django_db(transaction=True)
def test_a_check_constraint_is_added_not_valid_then_validated_apart(settings):
    # given catalog 0002, which adds a CHECK to the products table
    settings.MIGRATION_MODULES = {}

    # when its statements are collected
    sql = statements("catalog", "0002_product_price_stock")

    # then the constraint is added NOT VALID (checked on new rows at once) and validated afterwards,
    # outside a transaction (the migration is not atomic), which lets reads and writes go on
    added = [n for n, s in enumerate(sql) if "catalog_product_in_stock_is_stock" in s and "NOT VALID" in s]
    validated = [n for n, s in enumerate(sql) if 'VALIDATE CONSTRAINT "catalog_product_in_stock_is_stock"' in s]
    assert len(added) == 1 and len(validated) == 1 and added[0] < validated[0], sql
    assert not any(s.strip().upper().startswith("BEGIN") for s in sql)
