"""The seller inbox's counts, kept by a PostgreSQL trigger (see models.InboxCount).

Counting a seller's conversations on every inbox page would make each page cost more the more
conversations the seller has; a kept total costs the same for every seller. The trigger keeps one
row per datasource with the answered and unanswered totals and those waiting for the seller
(`reply_needed_since` set), and the inbox reads it when no filter other than `is_answered` or
`reply_needed` narrows the list.
"""

import functools

from django.db import connection, transaction

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


BATCH = 5000


def install(**kwargs) -> None:
    """Create the trigger and count what exists (post_migrate: idempotent, safe to run again).

    Blocks no writer for long: the trigger is created in a short transaction whose lock waits at
    most a second for the writers in flight (`list_versions.triggers_create`), then `recount`
    counts; when the trigger installed is already this one, nothing is locked or counted.
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
    list_versions.triggers_create(connection, [TRIGGER_SQL], functions, statements)
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
    list_versions.corrections_apply(
        connection,
        temporary="pazar_inbox_recount "
        "(n bigserial PRIMARY KEY, datasource_id bigint, answered bigint, unanswered bigint, waiting bigint)",
        snapshot=DELTA_SQL,
        apply=APPLY_SQL,
        batch=batch,
    )


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
