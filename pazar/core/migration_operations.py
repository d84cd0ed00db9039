"""Migration operations that build indexes without blocking writes, on PostgreSQL and on SQLite alike.

django.contrib.postgres's `AddIndexConcurrently` fails on SQLite (pazar's embedded default), so
these run `CREATE [UNIQUE] INDEX CONCURRENTLY` on PostgreSQL and the plain operation elsewhere.
They belong in `atomic = False` migrations (CONCURRENTLY cannot run inside a transaction).
(A list's triggers are installed by `list_versions.InstallTriggers`, beside their declarations.)
"""

import copy

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


class OnlineOperation(postgres_operations.NotInTransactionMixin):
    """An operation that PostgreSQL applies outside a transaction, step by step, so the table stays in
    use (`forwards_online(model, schema_editor)`); other databases apply the plain operation it
    extends. Put it in an `atomic = False` migration."""

    atomic = False

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        self._ensure_not_in_transaction(schema_editor)
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            self.forwards_online(model, schema_editor)
        return None

    def forwards_online(self, model, schema_editor) -> None:
        raise NotImplementedError


class AddUniqueConstraintConcurrently(OnlineOperation, migrations.AddConstraint):
    """A conditional `UniqueConstraint` (a partial unique index) built `CONCURRENTLY` on PostgreSQL.

    The resulting schema is AddConstraint's: the same index under the constraint's name.
    """

    def forwards_online(self, model, schema_editor) -> None:
        statement = self.constraint.create_sql(model, schema_editor)
        if not statement.template.startswith("CREATE UNIQUE INDEX "):
            raise ValueError(f"{self.constraint.name} is not built as an index (give it a condition)")
        statement.template = statement.template.replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX CONCURRENTLY ", 1)
        schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        self._ensure_not_in_transaction(schema_editor)
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(self.constraint.name)}")
        return None


class AddForeignKeyConcurrently(OnlineOperation, migrations.AddField):
    """A nullable ForeignKey added to a table in use without blocking it, on PostgreSQL.

    The column first (nullable: no rewrite), then its constraint `NOT VALID` and validated (the
    check of existing rows takes no lock that blocks writes), then its index `CONCURRENTLY`. The
    resulting schema is AddField's: the same constraint and index names.
    """

    def forwards_online(self, model, schema_editor) -> None:
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


class AddCheckConstraintNotValid(OnlineOperation, migrations.AddConstraint):
    """A `CheckConstraint` added to a table in use without blocking it, on PostgreSQL.

    Added `NOT VALID` (the table's exclusive lock for an instant: new rows are checked from then
    on), then validated, which reads the existing rows under a lock that lets reads and writes go
    on. The resulting schema is AddConstraint's: the same constraint, validated.
    """

    def forwards_online(self, model, schema_editor) -> None:
        schema_editor.execute(str(self.constraint.create_sql(model, schema_editor)) + " NOT VALID", params=None)
        schema_editor.execute(
            f"ALTER TABLE {schema_editor.quote_name(model._meta.db_table)} "
            f"VALIDATE CONSTRAINT {schema_editor.quote_name(self.constraint.name)}"
        )
