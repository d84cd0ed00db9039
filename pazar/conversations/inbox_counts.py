"""The seller inbox's counts, kept by a PostgreSQL trigger (see models.InboxCount).

Counting a seller's conversations on every inbox page would make each page cost more the more
conversations the seller has; a kept total costs the same for every seller. The trigger keeps one
row per datasource with the answered and unanswered totals and those waiting for the seller
(`reply_needed_since` set), and the inbox reads it when no filter other than `is_answered` or
`reply_needed` narrows the list.
"""

import functools
import time

from django.db import OperationalError, connection, transaction

from pazar.core import list_versions
from pazar.core.rows import RowsBy

TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION conversations_inbox_count() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.datasource_id = NEW.datasource_id THEN
        IF OLD.is_answered = NEW.is_answered
           AND (OLD.reply_needed_since IS NULL) = (NEW.reply_needed_since IS NULL) THEN
            RETURN NULL;
        END IF;
        UPDATE conversations_inboxcount
        SET answered = answered + NEW.is_answered::int - OLD.is_answered::int,
            unanswered = unanswered + OLD.is_answered::int - NEW.is_answered::int,
            waiting = waiting + (NEW.reply_needed_since IS NOT NULL)::int - (OLD.reply_needed_since IS NOT NULL)::int
        WHERE datasource_id = NEW.datasource_id;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE conversations_inboxcount
        SET answered = answered - OLD.is_answered::int, unanswered = unanswered - (NOT OLD.is_answered)::int,
            waiting = waiting - (OLD.reply_needed_since IS NOT NULL)::int
        WHERE datasource_id = OLD.datasource_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO conversations_inboxcount (datasource_id, answered, unanswered, waiting)
        VALUES (
            NEW.datasource_id, NEW.is_answered::int, (NOT NEW.is_answered)::int,
            (NEW.reply_needed_since IS NOT NULL)::int
        )
        ON CONFLICT (datasource_id) DO UPDATE
        SET answered = conversations_inboxcount.answered + EXCLUDED.answered,
            unanswered = conversations_inboxcount.unanswered + EXCLUDED.unanswered,
            waiting = conversations_inboxcount.waiting + EXCLUDED.waiting;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS conversations_inbox_count ON conversations_conversation;
CREATE TRIGGER conversations_inbox_count
AFTER INSERT OR DELETE OR UPDATE OF datasource_id, is_answered, reply_needed_since ON conversations_conversation
FOR EACH ROW EXECUTE FUNCTION conversations_inbox_count();
"""

RECOUNT_SQL = """
DELETE FROM conversations_inboxcount;
INSERT INTO conversations_inboxcount (datasource_id, answered, unanswered, waiting)
SELECT datasource_id, count(*) FILTER (WHERE is_answered), count(*) FILTER (WHERE NOT is_answered),
       count(*) FILTER (WHERE reply_needed_since IS NOT NULL)
FROM conversations_conversation GROUP BY datasource_id;
"""


def enabled() -> bool:
    return connection.vendor == "postgresql"


LOCK_TIMEOUT = "1s"
ATTEMPTS = 30
BATCH = 5000


def install(**kwargs) -> None:
    """Create the trigger and count what exists (post_migrate: idempotent, safe to run again).

    Blocks no writer for long: the trigger is created in a short transaction whose lock waits at
    most LOCK_TIMEOUT for the writers in flight (retried), then `recount_live` counts; when the
    trigger installed is already this one, nothing is locked or counted.
    """
    if not enabled():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('conversations_inboxcount'), to_regclass('conversations_conversation')")
        if None in cursor.fetchone():
            return
        statements = [TRIGGER_SQL, RECOUNT_SQL]
        functions = ["conversations_inbox_count"]
        if list_versions.installed(cursor, "conversations_conversation", functions, statements):
            return
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
                cursor.execute(TRIGGER_SQL)
                list_versions.mark_installed(cursor, functions, statements)
            break
        except OperationalError as error:
            if attempt == ATTEMPTS or getattr(error.__cause__, "sqlstate", None) != "55P03":
                raise
            time.sleep(min(attempt, 5) * 0.2)
    recount()


def recount(batch: int = BATCH) -> None:
    """Count again from the rows (after a bulk load that bypassed the trigger), exact while writers
    go on, with the trigger in place: the counts C and the kept values V_S in one snapshot S, then
    `kept + (C - V_S)` batch by batch in short transactions (the reasoning: list_versions.recount_live).
    Inside a caller's transaction, the rows are counted under a lock instead."""
    if not enabled():
        return
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            with transaction.atomic():
                cursor.execute("LOCK TABLE conversations_conversation IN SHARE ROW EXCLUSIVE MODE")
                cursor.execute(RECOUNT_SQL)
            return
        cursor.execute("DROP TABLE IF EXISTS pazar_inbox_recount")
        cursor.execute(
            "CREATE TEMPORARY TABLE pazar_inbox_recount "
            "(n bigserial PRIMARY KEY, datasource_id bigint, answered bigint, unanswered bigint, waiting bigint)"
        )
        try:
            with transaction.atomic():
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute(DELTA_SQL)
            cursor.execute("SELECT coalesce(max(n), 0) FROM pazar_inbox_recount")
            last = cursor.fetchone()[0]
            for start in range(0, last, batch):
                with transaction.atomic():
                    cursor.execute(APPLY_SQL, [start, start + batch])
        finally:
            cursor.execute("DROP TABLE IF EXISTS pazar_inbox_recount")


# Per datasource, the rows' counts minus the kept ones, in one snapshot (keys with a difference only).
DELTA_SQL = """
WITH c AS (
    SELECT datasource_id, count(*) FILTER (WHERE is_answered) AS answered,
           count(*) FILTER (WHERE NOT is_answered) AS unanswered,
           count(*) FILTER (WHERE reply_needed_since IS NOT NULL) AS waiting
    FROM conversations_conversation GROUP BY datasource_id
)
INSERT INTO pazar_inbox_recount (datasource_id, answered, unanswered, waiting)
SELECT coalesce(c.datasource_id, v.datasource_id),
       coalesce(c.answered, 0) - coalesce(v.answered, 0),
       coalesce(c.unanswered, 0) - coalesce(v.unanswered, 0),
       coalesce(c.waiting, 0) - coalesce(v.waiting, 0)
FROM c FULL JOIN conversations_inboxcount v ON v.datasource_id = c.datasource_id
WHERE (coalesce(c.answered, 0), coalesce(c.unanswered, 0), coalesce(c.waiting, 0))
      <> (coalesce(v.answered, 0), coalesce(v.unanswered, 0), coalesce(v.waiting, 0))
ORDER BY 1
"""

APPLY_SQL = """
INSERT INTO conversations_inboxcount (datasource_id, answered, unanswered, waiting)
SELECT datasource_id, answered, unanswered, waiting FROM pazar_inbox_recount WHERE n > %s AND n <= %s
ORDER BY datasource_id
ON CONFLICT (datasource_id) DO UPDATE
SET answered = conversations_inboxcount.answered + EXCLUDED.answered,
    unanswered = conversations_inboxcount.unanswered + EXCLUDED.unanswered,
    waiting = conversations_inboxcount.waiting + EXCLUDED.waiting
"""


@functools.cache
def _counts() -> RowsBy:
    """A datasource's kept counts, by a statement written once (core/rows.py)."""
    from pazar.conversations.models import InboxCount

    return RowsBy(InboxCount, ("answered", "unanswered", "waiting"))


def inbox_count(*, datasource_id: int, is_answered: bool | None, reply_needed: bool | None = None) -> int:
    """The datasource's conversations, all or only (un)answered ones, or those waiting for a reply
    (`reply_needed`; not together with `is_answered`), from the kept totals."""
    rows = _counts()([datasource_id])
    if not rows:
        return 0
    row = rows[0]
    total = row["answered"] + row["unanswered"]
    if reply_needed is not None:
        return row["waiting"] if reply_needed else total - row["waiting"]
    if is_answered is None:
        return total
    return row["answered"] if is_answered else row["unanswered"]
