"""What a page deep in a list costs against its first page, in process (not `make bench`).

    . /path/to/bench-env; python bench/deep_pages.py   # DATABASE_URL: a `make bench` database

A list page's statement (`RowsBy.page`, pazar/core/rows.py) reads a key's first page with its joins
at once and every other page by its ids first, then the rows by id. Each list below is measured at
its first page and at its last full page of 100, both ways in the same run: ids first, and the
rows read with their joins under LIMIT/OFFSET (which walks the joins through the whole offset);
the last column says which one pazar runs for that page.
Rounds alternate between the variants; each figure is a median. Last, the public lists through
the HTTP stack (Django's test client), first and last page. Read the ratios, not the absolute
times: the machine is shared.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pazar.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from pazar.conversations import builders  # noqa: E402
from pazar.conversations.models import ConversationType  # noqa: E402

ROUNDS = int(os.environ.get("DEEP_ROUNDS", "5"))
LIMIT = 100


def page_ids(rows, value, offset: int, limit: int, *, ids_first: bool) -> list:
    """A page's ids by its statement as pazar writes it: the ids first, then the rows by id; or
    (`ids_first=False`) the rows with their joins under LIMIT/OFFSET. Raw rows, no conversion."""
    statement = rows._statement(connection)
    clauses, params = [], []
    if value is not None:
        clauses.append(f"{statement.key} = %s")
        params.append(value)
    clauses += statement.where
    params += statement.where_params
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    if ids_first:
        head, tail = statement.page_select
        sql = f"{head}{where}{statement.order} LIMIT %s OFFSET %s{tail}{statement.order}"
    else:
        sql = f"{statement.select}{where}{statement.order} LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


def biggest(column: str, where: str = "") -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column}, COUNT(*) FROM conversations_conversation {where} "  # noqa: S608
            f"GROUP BY {column} ORDER BY 2 DESC LIMIT 1"
        )
        return cursor.fetchone()


def total(where: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM conversations_conversation WHERE {where}")  # noqa: S608
        return cursor.fetchone()[0]


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def last_full_page(count: int) -> int:
    return max(count // LIMIT - 1, 0) * LIMIT


def main() -> None:
    public = "is_public AND is_approved AND conversation_type = '{}'"
    seller, seller_count = biggest("datasource_id")
    shopper, shopper_count = biggest("user_id")
    lists = {
        "public questions, every product": (
            builders.public_page(ConversationType.QUESTION),
            None,
            total(public.format("question")),
        ),
        "public reviews, every product": (
            builders.public_page(ConversationType.REVIEW),
            None,
            total(public.format("review")),
        ),
        "a seller's inbox": (builders.INBOX_PAGE, seller, seller_count),
        "a shopper's conversations": (builders.USER_PAGE, shopper, shopper_count),
    }
    print(f"{'list':34} {'rows':>9} {'page':>7} {'ids first ms':>13} {'joined ms':>10} {'joined ÷ ids first':>19}")
    for name, (rows, value, count) in lists.items():
        for offset in sorted({0, last_full_page(count)}):
            expected = [r["id"] for r in rows.page(value, offset=offset, limit=LIMIT)]
            assert page_ids(rows, value, offset, LIMIT, ids_first=True) == expected
            assert page_ids(rows, value, offset, LIMIT, ids_first=False) == expected
            first, joined = [], []
            for round_ in range(ROUNDS):
                pair = [(first, True), (joined, False)]
                for times, ids_first in pair if round_ % 2 else reversed(pair):
                    start = time.perf_counter()
                    page_ids(rows, value, offset, LIMIT, ids_first=ids_first)
                    times.append((time.perf_counter() - start) * 1000)
            first_ms, joined_ms = statistics.median(first), statistics.median(joined)
            page = offset // LIMIT + 1
            runs = "joined" if offset == 0 and value is not None else "ids first"
            print(
                f"{name:34} {count:9} {page:7} {first_ms:13.1f} {joined_ms:10.1f} {joined_ms / first_ms:19.1f}"
                f"  (pazar runs {runs})"
            )
    client = Client()
    print(f"\n{'through HTTP':34} {'page':>7} {'ms':>9} {'÷ first page':>13}")
    for path, kind in (("/public-questions/", "question"), ("/public-reviews/", "review")):
        first = None
        for page in (1, last_full_page(total(public.format(kind))) // LIMIT + 1):
            url = f"{path}?limit={LIMIT}&page={page}"
            assert client.get(url, HTTP_HOST="127.0.0.1").status_code == 200
            ms = statistics.median(timed(lambda url=url: client.get(url, HTTP_HOST="127.0.0.1")) for _ in range(ROUNDS))
            first = first or ms
            print(f"{path:34} {page:7} {ms:9.1f} {ms / first:13.1f}")


if __name__ == "__main__":
    main()
