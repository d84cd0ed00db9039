"""A seller who joins after the statistics were taken reads a handful of users, not every shopper.

A real shop's token, channel and datasource tables are tiny next to its users and conversations,
and their statistics are often older than the newest seller (autovacuum re-analyzes a table of a few
dozen rows only after 50 changes). Every statement of the seller's inbox must read the users it
shows and no more, whatever those statistics say: each captured statement is run again under
EXPLAIN ANALYZE in the plan mode pazar runs it in (pazar/core/postgresql/base.py).
"""

import json

import pytest
from django.db import connection
from rest_framework.test import APIClient

from pazar.accounts.models import User
from pazar.accounts.services import token_for
from pazar.accounts.tests.factories import SellerUserFactory
from pazar.catalog.tests.factories import ChannelFactory, DataSourceFactory
from pazar.conversations.tests.factories import ConversationFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans"),
    pytest.mark.django_db,
]

SHOPPERS = 20_000
USERS_TABLE = User._meta.db_table


class Recorder:
    """An execute wrapper that keeps each statement with its parameters and whether it asked for a
    generic plan (pazar/core/postgresql/), as the backend got them."""

    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        if not many:
            self.statements.append((sql, params, connection.generic_requested))
        return execute(sql, params, many, context)


def _plan(cursor, sql: str, params, generic: bool) -> dict:
    """The statement's plan as it ran: prepared, in the plan mode pazar's backend gives it."""
    mode = "force_generic_plan" if generic else "force_custom_plan"
    cursor.execute(f"SET LOCAL plan_cache_mode = {mode}")
    if params:
        parts = sql.split("%s")
        numbered = "".join(part + (f"${i}" if i < len(parts) else "") for i, part in enumerate(parts, start=1))
        cursor.execute(f"PREPARE late_seller_probe AS {numbered}")
        arguments = connection.ops.compose_sql(", ".join(["%s"] * len(params)), list(params))
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE late_seller_probe({arguments})")
    else:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
    found = cursor.fetchone()[0]
    if params:
        cursor.execute("DEALLOCATE late_seller_probe")
    return (json.loads(found) if isinstance(found, str) else found)[0]["Plan"]


def _users_read(node: dict) -> int:
    """The rows every scan of the users table in the plan read (all loops), kept or filtered out."""
    own = 0
    if node.get("Relation Name") == USERS_TABLE:
        own = (node["Actual Rows"] + node.get("Rows Removed by Filter", 0)) * node["Actual Loops"]
    return own + sum(_users_read(child) for child in node.get("Plans", ()))


def test_a_seller_created_after_analyze_reads_a_handful_of_users():
    # Sellers who were there when the statistics were taken: tokens of the lowest user ids.
    channel = ChannelFactory()
    for _ in range(3):
        token_for(user=SellerUserFactory(datasource=DataSourceFactory()))
    User.objects.bulk_create(
        User(email=f"shopper{i}@example.com", username=f"shopper{i}", password="!") for i in range(SHOPPERS)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # The seller who joins late: a datasource, an account, a token and a few conversations.
    datasource = DataSourceFactory()
    seller = SellerUserFactory(datasource=datasource)
    shoppers = list(User.objects.order_by("-pk")[:3])
    conversations = [ConversationFactory(datasource=datasource, user=shopper) for shopper in shoppers]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user=seller)}")
    remote = f"/api/v1/remote/{channel.pk}"

    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        inbox = client.get(f"{remote}/conversations/")
        answers = [
            client.get(f"{remote}/conversations/?is_answered=false"),
            client.get(f"{remote}/conversations/?ordering=reply_needed_since"),
            client.get(f"{remote}/conversations/{conversations[0].pk}/"),
            client.get(f"{remote}/messages/?conversation={conversations[0].pk}"),
            client.get(f"{remote}/conversations/metrics/"),
        ]
    assert inbox.status_code == 200 and inbox.json()["count"] == len(shoppers)
    assert [answer.status_code for answer in answers] == [200] * len(answers)

    read = {}
    with connection.cursor() as cursor:
        for sql, params, generic in recorder.statements:
            if sql.lstrip().upper().startswith("SELECT"):
                read[sql] = _users_read(_plan(cursor, sql, params, generic))
    assert read, "the inbox ran no statement"
    too_many = {sql: rows for sql, rows in read.items() if rows > 10}
    assert not too_many, too_many
