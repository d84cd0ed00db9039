"""pazar's PostgreSQL backend (base.py): each prepared statement planned the way its kind needs.

`GENERIC` begins the statements that one plan serves for any values; `mark(connection)` is that
prefix on this backend and "" on any other (SQLite, Django's own PostgreSQL backend).
"""

GENERIC = "/* generic plan */ "


def mark(connection) -> str:
    """The prefix that runs a statement under a generic plan on `connection`, if its backend can."""
    return GENERIC if getattr(connection, "marks_generic_plans", False) else ""
