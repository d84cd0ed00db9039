"""Every pazar migration passes django-migration-linter: what a live shop can apply while it serves.

The linter reads each migration's SQL (`sqlmigrate`, PostgreSQL's) and fails on what blocks the API
or breaks the code still running during an upgrade: an index built without CONCURRENTLY, a NOT NULL
column without a database default, a dropped or renamed column or table, a new unique constraint.
Warnings count as errors. How each rule is met is in docs/development.md ("Migrations").
"""

import pytest
from django.db import connection
from django_migration_linter import MigrationLinter

# The rules are PostgreSQL's (production's); on SQLite Django writes other statements.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="lints PostgreSQL's SQL of the migrations"),
]

PAZAR_APPS = ["core", "catalog", "accounts", "addresses", "notifications", "loyalty", "orders", "support"]
PAZAR_APPS += ["conversations", "wishlists", "preferences"]

# Migrations that shipped before the linter ran here (rewriting them would change the schema of
# every shop that applied them): the rules each may break, and why that is safe or what an operator
# does about it. Every other rule still holds for them. bench/MIGRATIONS.md has each one's duration
# and locks on a loaded database.
# NOT_NULL: a NOT NULL column whose default Django drops after adding it. The ADD COLUMN itself is
# metadata-only on PostgreSQL >= 11 (a constant default, no rewrite, the lock held for milliseconds),
# but code older than the migration that inserts rows afterwards misses the column: such migrations
# are applied together with the code that knows the column (docs/operations.md, "Upgrades").
SHIPPED = {
    ("accounts", "0003_user_modified_date"): ["NOT_NULL"],
    # Backfill in batches, indexes CONCURRENTLY: only the defaults Django drops remain.
    ("conversations", "0003_seller_inbox_notifications_moderation"): ["NOT_NULL"],
    ("notifications", "0002_notification_reply_to"): ["NOT_NULL"],
    ("notifications", "0003_notification_request_id"): ["NOT_NULL"],
    # The outbox's foreign key is validated apart and its indexes built CONCURRENTLY.
    ("notifications", "0003_webhooks_and_grouped_emails"): ["NOT_NULL"],
    # The contact-us table holds a shop's submissions (thousands of rows): its index builds at once.
    ("support", "0002_contactusmessage_staff_workflow"): ["NOT_NULL", "CREATE_INDEX"],
    # The partial unique index is built CONCURRENTLY after a batched fix of the data; ADD_UNIQUE
    # warns that older code could insert a second primary address, which its services refused.
    ("addresses", "0002_address_soft_delete_one_primary"): ["ADD_UNIQUE"],
    # Its indexes are on the tables it creates (the linter's pattern misses a partial index's table).
    ("notifications", "0001_initial"): ["CREATE_INDEX", "CREATE_INDEX_EXCLUSIVE"],
}


def lint(**options) -> MigrationLinter:
    """The linter over the migrations `options` select (sqlmigrate, outside a transaction as in
    `migrate`: the CONCURRENTLY operations refuse to run inside one)."""
    linter = MigrationLinter(all_warnings_as_errors=True, no_cache=True, **options)
    linter.lint_all_migrations()
    return linter


@pytest.fixture(autouse=True)
def migration_modules(settings):
    """The apps' real migrations (the suite runs with --no-migrations)."""
    settings.MIGRATION_MODULES = {}


def test_every_migration_passes_the_linter(capsys, transactional_db):
    valid = 0
    for app in PAZAR_APPS:
        linter = lint(include_apps=[app], ignore_name=[name for shipped_app, name in SHIPPED if shipped_app == app])
        output = capsys.readouterr().out
        assert not linter.has_errors, output
        valid += linter.nb_valid
    assert valid >= 10


@pytest.mark.parametrize(("app", "name"), list(SHIPPED))
def test_a_shipped_migration_breaks_only_the_rules_it_is_allowed(capsys, transactional_db, app, name):
    linter = lint(include_apps=[app], include_name=[name], exclude_migration_tests=SHIPPED[app, name])
    output = capsys.readouterr().out
    assert linter.nb_valid == 1, output
