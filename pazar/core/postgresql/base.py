"""Django's PostgreSQL backend, with each prepared statement planned the way its kind needs.

The settings (DATABASE_PREPARED_STATEMENTS) prepare hot statements and plan every run of them for
its own values (`plan_cache_mode = force_custom_plan`): a generic plan of an ORM query over skewed
data may walk a whole index. The statements pazar writes once to pick rows by an indexed key
(pazar/core/rows.py's RowsBy, the list versions' statement) run inside `generic_plan(connection)`
(pazar/core/postgresql/__init__.py), an explicit request: one plan serves them for any values, and
planning them anew on every run would cost more than running them. The SQL text plays no part.

Each statement runs in its kind's mode; the session's mode is switched (`SET plan_cache_mode`)
only when the kind changes, so a page of generic-plan statements pays at most one SET, none while a
worker serves only such pages. Switches happen outside transactions only (a rollback would undo a
SET unseen): a transaction starts in the custom mode, and a generic-plan statement inside one is planned
for its values like the rest. The SETs are not in Django's query log (they read no rows).
"""

from django.db.backends.postgresql import base

CUSTOM_MODE = "force_custom_plan"
GENERIC_MODE = "force_generic_plan"


class DatabaseWrapper(base.DatabaseWrapper):
    # RowsBy and the list versions ask for generic plans on this backend (pazar/core/rows.py).
    plans_by_request = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.generic_mode = False  # the session's plan_cache_mode is force_generic_plan
        self.generic_requested = False  # inside generic_plan(self): the next statements want it
        # First, so the wrappers that tests and tools add and remove (a stack) stay on top of it.
        self.execute_wrappers.insert(0, self._in_its_mode)

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        self.generic_mode = False  # the settings' options start every session in the custom mode
        return connection

    def _set_autocommit(self, autocommit):
        if not autocommit and self.generic_mode and self.connection is not None:
            self._set_mode(generic=False)  # still outside the transaction it opens
        super()._set_autocommit(autocommit)

    def _set_mode(self, *, generic: bool) -> None:
        with self.wrap_database_errors:
            self.connection.execute(f"SET plan_cache_mode = {GENERIC_MODE if generic else CUSTOM_MODE}", prepare=False)
        self.generic_mode = generic

    def _in_its_mode(self, execute, sql, params, many, context):
        generic = self.generic_requested
        if generic != self.generic_mode and self.get_autocommit():
            self._set_mode(generic=generic)
        return execute(sql, params, many, context)
