"""`manage.py bench_data`: the sizes asked for, skewed, every index back, the API working on it."""

import io
import json
import urllib.parse

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


def _floor_answer(path: str, token: str | None) -> tuple[int, dict]:
    """The floor's answer to a GET, as its WSGI app gives it to gunicorn."""
    from bench import floor

    target, _, query = path.partition("?")
    environ = {"PATH_INFO": target, "QUERY_STRING": query, "HTTP_HOST": "testserver", "REQUEST_METHOD": "GET"}
    if token:
        environ["HTTP_AUTHORIZATION"] = f"Token {token}"
    started = []
    body = b"".join(floor.app(environ, lambda status, headers: started.append(status)))
    return int(started[0].split()[0]), json.loads(body)


def _links_as_paths(status: int, body, channel: int) -> tuple[int, dict]:
    """next/previous as path and sorted query, as bench/run.py compares them (the floor names channel 1)."""
    for link in ("next", "previous"):
        if isinstance(body, dict) and body.get(link):
            parts = urllib.parse.urlsplit(body[link].replace(f"/remote/{channel}/", "/remote/1/"))
            body[link] = f"{parts.path}?{'&'.join(sorted(parts.query.split('&')))}"
    return status, body


@pytest.fixture
def floor_on_the_test_database():
    from bench import floor

    settings = connection.settings_dict
    dsn = f"postgresql://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    before, floor.DSN, floor._conn = floor.DSN, f"{dsn}/{settings['NAME']}", None
    yield floor
    if floor._conn is not None:
        floor._conn.close()
    floor.DSN, floor._conn = before, None


def test_the_floor_answers_what_pazar_answers(loaded, floor_on_the_test_database):
    """The benchmark's floor (bench/floor.py) keeps its own SQL and field lists: for the endpoints it
    serves it answers pazar's JSON, keys, their order and values, or its ratios measure another answer."""
    from bench.run import first_difference

    meta, _before, _indexes_before = loaded
    channel = Channel.objects.first().pk
    reader = meta["tokens"][str(meta["readers"][0])]
    seller = meta["tokens"][str(meta["seller_user"])]
    paths = [
        ("/users/orders/?limit=12", reader),
        (f"/users/orders/{meta['hot_orders'][0]}/", reader),
        ("/users/conversations/?limit=20", reader),
        ("/api/v1/remote/1/conversations/?limit=20", seller),
        ("/api/v1/remote/1/conversations/?is_answered=false&limit=20", seller),
        ("/api/v1/remote/1/conversations/?ordering=reply_needed_since&limit=20", seller),
        (f"/public-reviews/?product={meta['hot_product']}&limit=20", None),
    ]
    client = APIClient()
    compared = 0
    for path, token in paths:
        client.credentials(**({"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}))
        response = client.get(path.replace("/remote/1/", f"/remote/{channel}/"))
        ours = _links_as_paths(response.status_code, response.json(), channel)
        floors = _links_as_paths(*_floor_answer(path, token), channel)

        assert ours[0] == 200, (path, ours)
        assert first_difference(ours, floors) is None, (path, first_difference(ours, floors))
        compared += bool(ours[1].get("results", [ours[1]]))
    assert compared == len(paths)  # every answer held something to compare
