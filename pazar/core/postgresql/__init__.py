"""pazar's PostgreSQL backend (base.py): each statement planned the way its caller says it needs.

`generic_plan(connection)` runs the statements executed inside it under one plan for any values, on
this backend; on any other (SQLite, Django's own PostgreSQL backend) they run as they are.
`plans_generic(connection)` says whether the backend can, so a statement written for a generic plan
(its constants as literals, pazar/core/rows.py) is written so only where one runs it.
"""

from contextlib import contextmanager


def plans_generic(connection) -> bool:
    """Whether statements run inside `generic_plan(connection)` get a generic plan on `connection`."""
    return getattr(connection, "plans_by_request", False)


@contextmanager
def generic_plan(connection):
    """The statements `connection` executes inside run under a generic plan, where its backend can."""
    if not plans_generic(connection):
        yield
        return
    previous, connection.generic_requested = connection.generic_requested, True
    try:
        yield
    finally:
        connection.generic_requested = previous
