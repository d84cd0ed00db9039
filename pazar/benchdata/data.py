"""Benchmark data at scale: users, sellers, products, orders and conversations, loaded with COPY.

`manage.py bench_data --scale small|large` (PostgreSQL only). The shape is realistic and skewed as
real shops are: a few sellers get most of the conversations, a few shoppers most of the orders and
messages, a few products most of the reviews. A fixed seed makes every load identical.

Rows are written with psycopg's COPY on two connections at once (a conversation and its messages,
an order and its items, in one pass). Secondary indexes are dropped before the load and built
afterwards, and foreign-key triggers are off for the load session (`session_replication_role =
replica`; the generator makes every reference valid), which is what makes the large scale fit in
a few minutes. The demo shop is loaded first and kept: its reference rows (country, cities,
cancellation reasons, easy-return companies, payment options, channel 1) are reused.

What the benchmark needs to find (the hottest shopper, seller, product, the writers' items) is
stored in the table `bench_meta` as JSON. The load ends with `ANALYZE`, after every row it writes
(tokens and kept counts included). `late_seller()` (`bench_data --late-seller`, run by bench/run.py
before every measurement) then removes what came after the load, takes the statistics again and
adds a seller, with its token and conversations, that they do not know of.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import psycopg
from django.contrib.auth.hashers import make_password
from django.db import connection, models
from tqdm import tqdm

from pazar.accounts.models import User
from pazar.addresses.models import Address, City, Country
from pazar.benchdata.scales import SCALES, SEED, VERSION, Scale
from pazar.catalog.models import DataSource, Product, ProductImage
from pazar.conversations import inbox_counts
from pazar.conversations import list_versions as conversation_versions
from pazar.conversations.models import Conversation, Message
from pazar.core import list_versions
from pazar.orders import list_versions as order_versions
from pazar.orders.models import Bank, Order, OrderItem, OrderStatus, PaymentOption

META_TABLE = "bench_meta"

# Skew, the same fractions at every scale: the hottest shopper, seller and product, then a few hot
# ones, then everyone. (share of the hottest, share of the next `HOT`, HOT)
USER_SKEW = (0.002, 0.02, 9)
SELLER_SKEW = (0.10, 0.20, 4)
PRODUCT_SKEW = (0.01, 0.05, 9)
# Shoppers whose requests the benchmark sends (the hottest ten) and those who write (the next eight,
# each with an order of waiting items to cancel).
READERS = 10
WRITERS = 8
WRITER_ITEMS = 250
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
# The late seller's conversations (bench/run.py's "seller inbox, late seller"): three pages of 20.
LATE_CONVERSATIONS = 60

SENTENCES = [
    "Is this available in a larger size?",
    "When will my parcel be shipped?",
    "Great quality, exactly as described.",
    "The colour is a little different from the photos.",
    "Can I change the delivery address of my order?",
    "Yes, it is in stock and ships tomorrow.",
    "Thank you for your order, we have prepared it today.",
    "Kargom ne zaman teslim edilir?",
    "Ürün çok güzel, teşekkürler.",
    "Beden tablosunu paylaşabilir misiniz?",
]


class BenchDataError(Exception):
    pass


def _pick(rng: random.Random, n: int, skew: tuple[float, float, int]) -> int:
    """An index in [0, n): 0 with the first share, 1..hot with the second, else uniform."""
    top, hot_share, hot = skew
    r = rng.random()
    if r < top:
        return 0
    if r < top + hot_share:
        return 1 + int((r - top) / hot_share * min(hot, n - 1))
    return rng.randrange(n)


def _copy_spec(model: type[models.Model], columns: list[str]) -> tuple[str, tuple]:
    """The COPY statement for `columns` plus every other column with a Django-side default.

    The database has no defaults of its own (Django applies them in Python), so a column the
    generator does not fill gets the model's default, evaluated once (NOW for auto_now dates), or NULL
    when it allows it.
    """
    extra_cols, extra_vals = [], []
    for field in model._meta.concrete_fields:
        if field.column in columns or field.primary_key and "id" in columns:
            continue
        if field.has_default():
            value = field.get_default()
            if isinstance(field, models.JSONField):
                value = json.dumps(value)
            else:
                value = field.get_db_prep_save(value, connection)
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = field.get_db_prep_save(NOW, connection)
        elif field.null:
            continue
        else:
            raise BenchDataError(f"{model.__name__}.{field.name} needs a value")
        extra_cols.append(field.column)
        extra_vals.append(value)
    table = model._meta.db_table
    names = ", ".join(f'"{c}"' for c in [*columns, *extra_cols])
    return f'COPY "{table}" ({names}) FROM STDIN', tuple(extra_vals)


class Loader:
    """Bulk writes through raw psycopg connections, with the indexes of big tables rebuilt after."""

    BIG = (User, Address, Product, ProductImage, Order, OrderItem, Conversation, Message)

    def __init__(self, *, progress: bool):
        params = connection.get_connection_params()
        self.conns = [psycopg.connect(**params, autocommit=False) for _ in range(2)]
        for conn in self.conns:
            conn.execute("SET synchronous_commit = off")
            try:
                conn.execute("SET session_replication_role = replica")
            except psycopg.errors.InsufficientPrivilege:
                conn.rollback()  # not a superuser: foreign keys are checked, the load is slower
        self.progress = progress
        self.dropped: list[str] = []

    def drop_indexes(self) -> None:
        conn = self.conns[0]
        tables = [m._meta.db_table for m in self.BIG]
        rows = conn.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """,
            [tables],
        ).fetchall()
        for name, definition in rows:
            conn.execute(f'DROP INDEX "{name}"')
            self.dropped.append(definition)
        conn.commit()

    def build_indexes(self) -> None:
        conn = self.conns[0]
        conn.execute("SET maintenance_work_mem = '512MB'")
        for definition in tqdm(self.dropped, desc="indexes", disable=not self.progress):
            conn.execute(definition)
        conn.commit()
        # VACUUM, not only ANALYZE: it sets the visibility map, so counts are index-only scans at
        # once, as they are in a database autovacuum has been through, so the benchmark measures
        # the plans a live shop gets, not those of a freshly loaded table.
        conn.autocommit = True
        for model in self.BIG:
            conn.execute(f'VACUUM ANALYZE "{model._meta.db_table}"')
        conn.autocommit = False

    def commit(self) -> None:
        for conn in self.conns:
            conn.commit()

    def close(self) -> None:
        for conn in self.conns:
            conn.close()

    def bar(self, total: int, desc: str):
        return tqdm(total=total, desc=desc, unit="row", unit_scale=True, disable=not self.progress, miniters=1)


def _next_ids(*model_classes) -> dict:
    with connection.cursor() as cursor:
        result = {}
        for model in model_classes:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.db_table}"')
            result[model] = cursor.fetchone()[0] + 1
        return result


def _reset_sequences(model_classes) -> None:
    with connection.cursor() as cursor:
        for model in model_classes:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
            )


def already_loaded() -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [META_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'meta'")
        row = cursor.fetchone()
        return json.loads(row[0]) if row and isinstance(row[0], str) else (row[0] if row else None)


def load(scale_name: str, *, progress: bool = True) -> dict:
    """Fill the database; answers the meta the benchmark reads. The demo shop must be loaded."""
    if connection.vendor != "postgresql":
        raise BenchDataError("bench_data needs PostgreSQL (it loads with COPY); set DATABASE_URL.")
    if already_loaded():
        raise BenchDataError("Benchmark data is already loaded here; use a fresh database.")
    scale = SCALES[scale_name]
    rng = random.Random(SEED)
    ids = _next_ids(User, Address, DataSource, Product, ProductImage, Order, OrderItem, Conversation, Message)
    country = Country.objects.order_by("pk").first()
    cities = list(City.objects.filter(country=country).order_by("pk").values_list("pk", flat=True))
    payment = PaymentOption.objects.order_by("pk").first()
    bank = Bank.objects.order_by("pk").first()
    if not (country and cities and payment and bank):
        raise BenchDataError("Load the demo shop first (manage.py demo).")

    user0, address0, ds0 = ids[User], ids[Address], ids[DataSource]
    product0, order0, item0 = ids[Product], ids[Order], ids[OrderItem]
    conv0, message0 = ids[Conversation], ids[Message]
    password = make_password("pazar-bench")  # one hash for every bench account: tokens are used

    loader = Loader(progress=progress)
    try:
        loader.drop_indexes()
        a, b = loader.conns
        cur_a, cur_b = a.cursor(), b.cursor()

        # Sellers: a datasource and a seller account each (seller accounts follow the shoppers).
        sql, extra = _copy_spec(
            DataSource, ["id", "created_date", "modified_date", "name", "slug", "title", "supplier_code", "email"]
        )
        with cur_a.copy(sql) as copy:
            for s in range(scale.sellers):
                slug = f"bench-seller-{s}"
                copy.write_row(
                    (ds0 + s, NOW, NOW, slug, slug, f"Bench Seller {s}", f"BENCH{s:05d}", f"{slug}@bench.local", *extra)
                )
        seller_user0 = user0 + scale.users
        user_cols = [
            "id",
            "password",
            "username",
            "email",
            "first_name",
            "last_name",
            "date_joined",
            "language_code",
            "datasource_id",
        ]
        sql, extra = _copy_spec(User, user_cols)
        with cur_a.copy(sql) as copy, loader.bar(scale.users + scale.sellers, "users") as bar:
            for u in range(scale.users + scale.sellers):
                seller = u >= scale.users
                n = u - scale.users if seller else u
                kind = "seller" if seller else "shopper"
                copy.write_row(
                    (
                        user0 + u,
                        password,
                        f"bench-{kind}-{n}",
                        f"bench-{kind}-{n}@bench.local",
                        f"Name{n}",
                        f"Surname{n}",
                        NOW - timedelta(days=rng.randrange(1000)),
                        "tr" if n % 3 == 0 else "en",
                        ds0 + n if seller else None,
                        *extra,
                    )
                )
                if u % 10_000 == 0:
                    bar.update(min(10_000, scale.users + scale.sellers - bar.n))
            bar.update(scale.users + scale.sellers - bar.n)

        sql, extra = _copy_spec(
            Address,
            ["id", "created_date", "modified_date", "user_id", "email", "first_name", "last_name"]
            + ["country_id", "city_id", "line", "title", "postcode"],
        )
        with cur_a.copy(sql) as copy:
            for u in range(scale.users):
                copy.write_row(
                    (
                        address0 + u,
                        NOW,
                        NOW,
                        user0 + u,
                        f"bench-shopper-{u}@bench.local",
                        f"Name{u}",
                        f"Surname{u}",
                        country.pk,
                        cities[u % len(cities)],
                        f"Street {u % 500} No: {u % 97 + 1}",
                        "Home",
                        f"{34000 + u % 999}",
                        *extra,
                    )
                )

        # Products, each of a seller (the hot sellers have more), one image each.
        product_seller = [_pick(rng, scale.sellers, SELLER_SKEW) for _ in range(scale.products)]
        sql, extra = _copy_spec(
            Product,
            ["id", "created_date", "modified_date", "sku", "base_code", "name", "absolute_url", "attributes"]
            + ["data_source_id"],
        )
        sql_img, extra_img = _copy_spec(
            ProductImage, ["id", "created_date", "modified_date", "product_id", "image", "order", "height", "width"]
        )
        with cur_a.copy(sql) as copy, cur_b.copy(sql_img) as copy_img:
            for p in range(scale.products):
                sku = f"BENCH-{p:07d}"
                copy.write_row(
                    (
                        product0 + p,
                        NOW,
                        NOW,
                        sku,
                        f"B{p // 4:06d}",
                        f"Bench product {p}",
                        f"/bench-{p}/",
                        '{"color": "blue", "size": "M"}',
                        ds0 + product_seller[p],
                        *extra,
                    )
                )
                copy_img.write_row(
                    (
                        ids[ProductImage] + p,
                        NOW,
                        NOW,
                        product0 + p,
                        f"products/bench/{sku}.jpg",
                        0,
                        800,
                        600,
                        *extra_img,
                    )
                )
        loader.commit()

        # Orders and their items, in one pass on two connections.
        statuses = (
            [OrderStatus.DELIVERED] * 5 + [OrderStatus.SHIPPED] * 2 + [OrderStatus.WAITING, OrderStatus.CANCELLED]
        )
        order_cols = ["id", "created_date", "modified_date", "user_id", "number", "status", "amount"]
        order_cols += ["shipping_amount", "shipping_address_id", "billing_address_id", "payment_option_id"]
        order_cols += ["payment_option_slug", "bank_id", "shipping_company", "language_code", "user_email"]
        sql_order, extra_order = _copy_spec(Order, order_cols)
        item_cols = ["id", "created_date", "modified_date", "order_id", "product_id", "datasource_id", "status"]
        item_cols += ["quantity", "price", "retail_price", "tax_rate", "delivered_date", "extra_field"]
        sql_item, extra_item = _copy_spec(OrderItem, item_cols)
        items_left = scale.items
        item_id = item0
        writer_items: dict[int, list[int]] = {}
        total_orders = scale.orders + WRITERS
        with (
            cur_a.copy(sql_order) as copy,
            cur_b.copy(sql_item) as copy_items,
            loader.bar(total_orders, "orders") as bar,
        ):
            for o in range(total_orders):
                writer = o >= scale.orders
                u = READERS + (o - scale.orders) if writer else _pick(rng, scale.users, USER_SKEW)
                created = NOW - timedelta(seconds=rng.randrange(365 * 86400))
                status = OrderStatus.WAITING if writer else rng.choice(statuses)
                if writer:
                    count = WRITER_ITEMS
                else:
                    orders_left = scale.orders - o
                    mean = items_left / orders_left
                    count = max(1, min(items_left - (orders_left - 1), round(rng.uniform(1, 2 * mean - 1))))
                    items_left -= count
                amount = 0
                for _ in range(count):
                    p = _pick(rng, scale.products, PRODUCT_SKEW)
                    price = rng.randrange(1_000, 500_000)
                    amount += price
                    copy_items.write_row(
                        (
                            item_id,
                            created,
                            created,
                            order0 + o,
                            product0 + p,
                            ds0 + product_seller[p],
                            status,
                            1,
                            f"{price / 100:.2f}",
                            f"{price * 1.2 / 100:.2f}",
                            "20.00",
                            created + timedelta(days=3) if status == OrderStatus.DELIVERED else None,
                            '{"price_extra_field": {}, "stock_extra_field": {}}',
                            *extra_item,
                        )
                    )
                    if writer:
                        writer_items.setdefault(user0 + u, []).append(item_id)
                    item_id += 1
                copy.write_row(
                    (
                        order0 + o,
                        created,
                        created,
                        user0 + u,
                        f"B{o:010d}",
                        status,
                        f"{amount / 100 + 29.99:.2f}",
                        "29.99",
                        address0 + u,
                        address0 + u,
                        payment.pk,
                        payment.slug,
                        bank.pk,
                        "yurtici",
                        "tr",
                        f"bench-shopper-{u}@bench.local",
                        *extra_order,
                    )
                )
                if o % 1000 == 999:
                    bar.update(1000)
            bar.update(total_orders - bar.n)
        loader.commit()

        # Conversations with their messages: unique per (user, seller, type, item).
        conv_cols = ["id", "created_date", "modified_date", "user_id", "datasource_id", "conversation_type"]
        conv_cols += ["item_content", "item_id", "product_id", "is_public", "is_answered", "is_approved"]
        conv_cols += ["last_message_date", "reply_needed_since", "first_response_at"]
        sql_conv, extra_conv = _copy_spec(Conversation, conv_cols)
        msg_cols = ["id", "created_date", "modified_date", "conversation_id", "message_content", "user_type"]
        msg_cols += ["content_type", "content_id", "sender_user_id", "sender_datasource_id", "is_approved"]
        sql_msg, extra_msg = _copy_spec(Message, msg_cols)
        # One int per (user, seller, type, product): ten million tuples would not fit beside the load.
        seen: set[int] = set()
        ctypes = {"question": 0, "review": 1, "message": 2}
        messages_left = scale.messages
        message_id = message0
        writer_conversations: dict[int, list[int]] = {}
        with (
            cur_a.copy(sql_conv) as copy,
            cur_b.copy(sql_msg) as copy_msg,
            loader.bar(scale.conversations, "conversations") as bar,
        ):
            for c in range(scale.conversations):
                kind = rng.random()
                ctype = "question" if kind < 0.4 else "review" if kind < 0.7 else "message"
                while True:
                    u = _pick(rng, scale.users, USER_SKEW)
                    s = _pick(rng, scale.sellers, SELLER_SKEW)
                    p = _pick(rng, scale.products, PRODUCT_SKEW)
                    key = ((u * scale.sellers + s) * 3 + ctypes[ctype]) * scale.products + p
                    if key not in seen:
                        seen.add(key)
                        break
                convs_left = scale.conversations - c
                mean = messages_left / convs_left
                count = max(1, min(messages_left - (convs_left - 1), round(rng.uniform(1, 2 * mean - 1))))
                messages_left -= count
                start = NOW - timedelta(seconds=rng.randrange(365 * 86400))
                step = timedelta(minutes=rng.randrange(5, 600))
                conversation_id = conv0 + c
                for m in range(count):
                    from_seller = m % 2 == 1
                    at = start + step * m
                    copy_msg.write_row(
                        (
                            message_id,
                            at,
                            at,
                            conversation_id,
                            f"{SENTENCES[(c + m) % len(SENTENCES)]} #{m + 1}",
                            "registered",
                            "datasource" if from_seller else "user",
                            ds0 + s if from_seller else user0 + u,
                            None if from_seller else user0 + u,
                            ds0 + s if from_seller else None,
                            True,
                            *extra_msg,
                        )
                    )
                    message_id += 1
                copy.write_row(
                    (
                        conversation_id,
                        start,
                        start + step * (count - 1),
                        user0 + u,
                        ds0 + s,
                        ctype,
                        "product",
                        product0 + p,
                        product0 + p,
                        ctype != "message",
                        count % 2 == 0,
                        True,
                        start + step * (count - 1),
                        # messages alternate from the shopper: an odd count ends waiting for the seller
                        start + step * (count - 1) if count % 2 and ctype != "review" else None,
                        start + step if count > 1 else None,
                        *extra_conv,
                    )
                )
                if READERS <= u < READERS + WRITERS:
                    writer_conversations.setdefault(user0 + u, []).append(conversation_id)
                if c % 1000 == 999:
                    bar.update(1000)
            bar.update(scale.conversations - bar.n)
        loader.commit()

        loader.build_indexes()
    finally:
        loader.close()

    _reset_sequences([User, Address, DataSource, Product, ProductImage, Order, OrderItem, Conversation, Message])
    # COPY ran with triggers off: the kept totals are counted from the rows.
    inbox_counts.recount()
    list_versions.recount(conversation_versions.bumps() + order_versions.bumps())
    meta = _write_meta(
        scale_name,
        scale,
        readers=[user0 + u for u in range(READERS)],
        writers=[user0 + READERS + w for w in range(WRITERS)],
        writer_items={str(k): v for k, v in writer_items.items()},
        writer_conversations={str(k): v[:50] for k, v in writer_conversations.items()},
        seller_user=seller_user0,
        seller_datasource=ds0,
        hot_product=product0,
        hot_orders=_hot_orders(user0),
    )
    analyze()
    return meta


def analyze() -> None:
    """Every table's statistics (the 500 sellers had none: plans joined them as 22 rows), as autovacuum
    keeps them in a running database; taken after every row the load writes, tokens and kept counts
    included, so that every load's plans start from the same statistics."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _hot_orders(user_id: int) -> list[int]:
    return list(
        Order.objects.filter(user_id=user_id).order_by("-created_date", "-id").values_list("pk", flat=True)[:50]
    )


def _write_meta(scale_name: str, scale: Scale, **found) -> dict:
    from rest_framework.authtoken.models import Token

    rng = random.Random(SEED + 1)
    tokens = {}
    for user_id in [*found["readers"], *found["writers"], found["seller_user"]]:
        key = f"{rng.getrandbits(160):040x}"
        Token.objects.filter(user_id=user_id).delete()
        Token.objects.create(user_id=user_id, key=key)
        tokens[str(user_id)] = key
    meta = {"scale": scale_name, "seed": SEED, "version": VERSION, "sizes": scale.__dict__, "tokens": tokens, **found}
    # What the benchmark's writes add lies above these ids: bench/run.py removes it after a run.
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM conversations_message")
        meta["baseline_message_id"] = cursor.fetchone()[0]
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM orders_cancellationrequest")
        meta["baseline_request_id"] = cursor.fetchone()[0]
    # Users and sellers above these ids came after the load: the late seller and registered shoppers.
    meta["baseline_user_id"] = _next_ids(User)[User] - 1
    meta["baseline_datasource_id"] = _next_ids(DataSource)[DataSource] - 1
    meta["loaded_at"] = datetime.now(UTC).isoformat()
    _store_meta(meta)
    return meta


def _store_meta(meta: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key text PRIMARY KEY, value jsonb NOT NULL)")
        cursor.execute(
            f"INSERT INTO {META_TABLE} (key, value) VALUES ('meta', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(meta)],
        )


def late_seller(*, conversations: int = LATE_CONVERSATIONS) -> dict:
    """A seller who joins after the statistics were taken, as a shop adds sellers every week.

    Every run starts the same way: what came after the load (the previous run's late seller, the
    shoppers it registered) is removed, the statistics are taken again (`ANALYZE`), then the late
    seller is made through the services a real one goes through: a datasource, an account, a token
    (always the same key) and `conversations` questions from as many shoppers, every third one answered.
    Answers the meta with the late seller under "late_seller".
    """
    from rest_framework.authtoken.models import Token

    from pazar.conversations.models import SenderType
    from pazar.conversations.services import Sender, conversation_create, conversation_message_add

    meta = already_loaded()
    if not meta:
        raise BenchDataError("No benchmark data here: run bench_data --scale first.")
    later_users = User.objects.filter(pk__gt=meta["baseline_user_id"])
    later_sellers = DataSource.objects.filter(pk__gt=meta["baseline_datasource_id"])
    Conversation.objects.filter(datasource__in=later_sellers).delete()
    later_users.delete()
    later_sellers.delete()
    analyze()

    datasource = DataSource.objects.create(
        name="bench-late-seller",
        slug="bench-late-seller",
        title="Bench Late Seller",
        supplier_code="BENCHLATE",
        email="bench-late-seller@bench.local",
    )
    seller = User.objects.create_user(
        username="bench-late-seller", email="bench-late-seller@bench.local", datasource=datasource
    )
    key = f"{random.Random(SEED + 2).getrandbits(160):040x}"
    Token.objects.create(user=seller, key=key)
    shoppers = list(
        User.objects.filter(pk__lte=meta["baseline_user_id"], username__startswith="bench-shopper-").order_by("-pk")[
            :conversations
        ]
    )
    products = list(Product.objects.order_by("pk")[: len(shoppers)])
    pairs = list(zip(shoppers, products, strict=False))
    store = Sender(SenderType.DATASOURCE, datasource=datasource)
    for n, (shopper, product) in enumerate(pairs):
        conversation, _message = conversation_create(
            user=shopper,
            datasource=datasource,
            conversation_type="question",
            sender=Sender(SenderType.USER, user=shopper),
            message_content=SENTENCES[n % len(SENTENCES)],
            item_content="product",
            item_id=product.pk,
            product=product,
        )
        if n % 3 == 0:
            conversation_message_add(conversation=conversation, sender=store, message_content=SENTENCES[5])
    meta["late_seller"] = {
        "user": seller.pk,
        "datasource": datasource.pk,
        "token": key,
        "conversations": len(pairs),
    }
    _store_meta(meta)
    return meta
