"""Migration operations that build indexes without blocking writes, on PostgreSQL and on SQLite alike.

django.contrib.postgres's `AddIndexConcurrently` fails on SQLite (pazar's embedded default), so
these run `CREATE [UNIQUE] INDEX CONCURRENTLY` on PostgreSQL and the plain operation elsewhere.
They belong in `atomic = False` migrations (CONCURRENTLY cannot run inside a transaction).
"""

from django.contrib.postgres import operations as postgres_operations
from django.db import migrations


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
