"""`manage.py bench_data`: the sizes asked for, skewed, every index back, the API working on it."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from rest_framework.test import APIClient

from pazar.accounts.models import User
from pazar.benchdata.data import META_TABLE, Loader
from pazar.benchdata.scales import SCALES
from pazar.catalog.models import Channel
from pazar.conversations.models import Conversation, InboxCount, Message
from pazar.orders.models import Order, OrderItem

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="bench_data loads with PostgreSQL's COPY"),
    pytest.mark.django_db(transaction=True),
]


def _indexes() -> set[str]:
    tables = [m._meta.db_table for m in Loader.BIG]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s)", [tables])
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def loaded():
    indexes_before = _indexes()
    out = io.StringIO()
    call_command("demo", force=True, stdout=io.StringIO())
    before = {m: m.objects.count() for m in (User, Conversation, Message, Order, OrderItem)}
    call_command("bench_data", scale="tiny", no_progress=True, stdout=out, stderr=io.StringIO())
    yield json.loads(out.getvalue()), before, indexes_before
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {META_TABLE}")


def test_it_loads_the_sizes_asked_for_skewed_with_every_index_back(loaded):
    meta, before, indexes_before = loaded
    tiny = SCALES["tiny"]

    added = {m: m.objects.count() - n for m, n in before.items()}
    assert added[User] == tiny.users + tiny.sellers
    assert added[Conversation] == tiny.conversations
    assert added[Message] == tiny.messages
    assert added[Order] == tiny.orders + 8  # and one order of waiting items per writer
    assert added[OrderItem] == tiny.items + 8 * 250
    assert _indexes() == indexes_before
    assert meta["database_bytes"] > 0

    # the hottest seller has a large share of the conversations
    hot_seller = Conversation.objects.filter(datasource_id=meta["seller_datasource"]).count()
    assert hot_seller >= tiny.conversations * 0.1
    # every conversation has its messages, and the inbox counts were taken after the load
    bench = Conversation.objects.filter(datasource__slug__startswith="bench-seller")
    assert bench.count() == tiny.conversations
    assert not bench.filter(message_set__isnull=True).exists()
    kept = InboxCount.objects.get(datasource_id=meta["seller_datasource"])
    assert kept.answered + kept.unanswered == hot_seller


def test_the_api_answers_on_it_and_a_second_load_is_refused(loaded):
    meta, _before, _indexes_before = loaded
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {meta['tokens'][str(meta['seller_user'])]}")

    inbox = client.get(f"/api/v1/remote/{Channel.objects.first().pk}/conversations/?is_answered=false").json()
    unanswered = Conversation.objects.filter(datasource_id=meta["seller_datasource"], is_answered=False).count()
    assert inbox["count"] == unanswered

    client.credentials(HTTP_AUTHORIZATION=f"Token {meta['tokens'][str(meta['readers'][0])]}")
    orders = client.get("/users/orders/?limit=12").json()
    assert orders["count"] == Order.objects.filter(user_id=meta["readers"][0]).count()

    with pytest.raises(CommandError, match="already loaded"):
        call_command("bench_data", scale="tiny", no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())


def _analyzed_at(table: str):
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_the_late_seller_comes_after_the_statistics_the_same_every_run(loaded):
    from rest_framework.authtoken.models import Token

    meta, _before, _indexes_before = loaded
    # the load's ANALYZE came after its tokens
    assert not Token.objects.filter(created__gt=_analyzed_at("authtoken_token")).exists()

    runs = []
    for _ in range(2):
        User.objects.create_user(email="registered-during-a-run@bench.local")  # what a run's writes leave
        out = io.StringIO()
        call_command("bench_data", late_seller=True, stdout=out, stderr=io.StringIO())
        runs.append(json.loads(out.getvalue())["late_seller"])
        late = runs[-1]
        token = Token.objects.get(key=late["token"])
        assert token.user_id == late["user"] and token.created > _analyzed_at("authtoken_token")
        assert not User.objects.filter(email="registered-during-a-run@bench.local").exists()

    first, second = runs
    assert first["token"] == second["token"] and first["conversations"] == second["conversations"] > 0
    assert not User.objects.filter(pk=first["user"]).exists() or first["user"] == second["user"]
    assert User.objects.filter(pk__gt=meta["baseline_user_id"]).count() == 1
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {second['token']}")
    inbox = client.get(f"/api/v1/remote/{Channel.objects.first().pk}/conversations/").json()
    assert (
        inbox["count"]
        == second["conversations"]
        == Conversation.objects.filter(datasource_id=second["datasource"]).count()
    )
    unanswered = client.get(f"/api/v1/remote/{Channel.objects.first().pk}/conversations/?is_answered=false").json()
    assert 0 < unanswered["count"] < inbox["count"]
