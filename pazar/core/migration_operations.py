"""Migration operations that build indexes without blocking writes, on PostgreSQL and on SQLite alike.

django.contrib.postgres's `AddIndexConcurrently` fails on SQLite (pazar's embedded default), so
these run `CREATE [UNIQUE] INDEX CONCURRENTLY` on PostgreSQL and the plain operation elsewhere.
They belong in `atomic = False` migrations (CONCURRENTLY cannot run inside a transaction).
`InstallTriggers` installs a list's triggers from pazar/core/list_versions.py's declarations.
"""

import copy
import time

from django.contrib.postgres import operations as postgres_operations
from django.db import OperationalError, migrations, transaction


class AddIndexConcurrently(postgres_operations.AddIndexConcurrently):
    """`CREATE INDEX CONCURRENTLY` on PostgreSQL: reads and writes go on while it builds."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return migrations.AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)
        return super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return migrations.AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)
        return super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddUniqueConstraintConcurrently(postgres_operations.NotInTransactionMixin, migrations.AddConstraint):
    """A conditional `UniqueConstraint` (a partial unique index) built `CONCURRENTLY` on PostgreSQL.

    The resulting schema is AddConstraint's: the same index under the constraint's name.
    """

    atomic = False

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        self._ensure_not_in_transaction(schema_editor)
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return None
        statement = self.constraint.create_sql(model, schema_editor)
        if not statement.template.startswith("CREATE UNIQUE INDEX "):
            raise ValueError(f"{self.constraint.name} is not built as an index (give it a condition)")
        statement.template = statement.template.replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX CONCURRENTLY ", 1)
        schema_editor.execute(statement)
        return None

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        self._ensure_not_in_transaction(schema_editor)
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(self.constraint.name)}")
        return None


class AddForeignKeyConcurrently(postgres_operations.NotInTransactionMixin, migrations.AddField):
    """A nullable ForeignKey added to a table in use without blocking it, on PostgreSQL.

    The column first (nullable: no rewrite), then its constraint `NOT VALID` and validated (the
    check of existing rows takes no lock that blocks writes), then its index `CONCURRENTLY`. The
    resulting schema is AddField's: the same constraint and index names.
    """

    atomic = False

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        self._ensure_not_in_transaction(schema_editor)
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return None
        field = model._meta.get_field(self.name)
        if not field.null:
            raise ValueError(f"{self.name}: only a nullable foreign key is added this way")
        column_only = copy.copy(field)
        column_only.db_constraint = False
        column_only.db_index = False
        schema_editor.add_field(model, column_only)
        table = schema_editor.quote_name(model._meta.db_table)
        name = schema_editor._fk_constraint_name(model, field, "_fk_%(to_table)s_%(to_column)s")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY ({schema_editor.quote_name(field.column)}) "
            f"REFERENCES {schema_editor.quote_name(field.target_field.model._meta.db_table)} "
            f"({schema_editor.quote_name(field.target_field.column)})"
            f"{schema_editor.connection.ops.deferrable_sql()} NOT VALID"
        )
        schema_editor.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT {name}")
        if field.db_index:
            schema_editor.execute(schema_editor._create_index_sql(model, fields=[field], concurrently=True))
        return None


class AddCheckConstraintNotValid(postgres_operations.NotInTransactionMixin, migrations.AddConstraint):
    """A `CheckConstraint` added to a table in use without blocking it, on PostgreSQL.

    Added `NOT VALID` (the table's exclusive lock for an instant: new rows are checked from then
    on), then validated, which reads the existing rows under a lock that lets reads and writes go
    on. The resulting schema is AddConstraint's: the same constraint, validated.
    """

    atomic = False

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        self._ensure_not_in_transaction(schema_editor)
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return None
        schema_editor.execute(str(self.constraint.create_sql(model, schema_editor)) + " NOT VALID", params=None)
        schema_editor.execute(
            f"ALTER TABLE {schema_editor.quote_name(model._meta.db_table)} "
            f"VALIDATE CONSTRAINT {schema_editor.quote_name(self.constraint.name)}"
        )
        return None


class InstallTriggers(migrations.operations.base.Operation):
    """A list's triggers (pazar/core/list_versions.py), as declared when the migration was written.

    It carries each database's SQL, so a migration applied later installs what it was written with;
    `makemigrations` writes a new one when a declaration changes (and `--check` fails until it
    does). Triggers with the same names are replaced. For a table whose rows are members of lists,
    the totals are then counted again without blocking writers (`list_versions.recount_live`):
    the trigger is created under a lock that waits at most `LOCK_TIMEOUT` for the writers in flight
    (retried), then the count runs in one snapshot and the totals are corrected in short batches.
    Put it in an `atomic = False` migration.
    """

    reduces_to_sql = False
    reversible = True
    atomic = False
    LOCK_TIMEOUT = "1s"
    ATTEMPTS = 30

    def __init__(self, name, table, events, postgresql, sqlite, counts="", scopes=""):
        self.name = name
        self.table = table
        self.events = list(events)
        self.postgresql = list(postgresql)
        self.sqlite = list(sqlite)
        self.counts = counts
        self.scopes = scopes

    def state_forwards(self, app_label, state):
        pass

    def describe(self):
        return f"Install the list-version triggers {self.name} on {self.table}"

    @property
    def migration_name_fragment(self):
        return f"triggers_{self.name}"

    @property
    def functions(self) -> list[str]:
        return [f"lv_{self.name}_{event.lower()}" for event in self.events]

    def statements(self, vendor: str) -> list[str]:
        return self.postgresql if vendor == "postgresql" else self.sqlite

    def fingerprinted(self) -> list[str]:
        return [*self.postgresql, self.counts, self.scopes]

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self.apply(schema_editor.connection)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            for name in self.functions:
                if connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {self.table}")
                    cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
                elif connection.vendor == "sqlite":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")

    def apply(self, connection, only_if_missing: bool = False) -> None:
        """Install the triggers on `connection` and count the totals (`only_if_missing`: unless
        exactly these are there)."""
        from pazar.core import list_versions

        vendor = connection.vendor
        if vendor not in ("postgresql", "sqlite"):
            return
        statements = self.statements(vendor)
        with connection.cursor() as cursor:
            if only_if_missing and (
                list_versions.installed(cursor, self.table, self.functions, self.fingerprinted())
                if vendor == "postgresql"
                else list_versions.sqlite_installed(cursor, statements)
            ):
                return
        if vendor == "postgresql":
            self._create_postgresql(connection, statements)
        else:
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        if self.counts:
            list_versions.recount_live(
                connection,
                self.table,
                self.counts,
                self.scopes,
                list_versions.recount_statements(self.counts, self.scopes),
            )

    def _create_postgresql(self, connection, statements: list[str]) -> None:
        """The triggers in one short transaction: its lock on the table waits for the writers in
        flight at most LOCK_TIMEOUT (the writers arriving meanwhile queue behind it), else it gives
        way and tries again."""
        from pazar.core import list_versions

        nested = connection.in_atomic_block
        for attempt in range(1, self.ATTEMPTS + 1):
            try:
                with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                    if not nested:
                        cursor.execute(f"SET LOCAL lock_timeout = '{self.LOCK_TIMEOUT}'")
                    for statement in statements:
                        cursor.execute(statement)
                    list_versions.mark_installed(cursor, self.functions, self.fingerprinted())
                return
            except OperationalError as error:
                if nested or attempt == self.ATTEMPTS or getattr(error.__cause__, "sqlstate", None) != "55P03":
                    raise
                time.sleep(min(attempt, 5) * 0.2)
