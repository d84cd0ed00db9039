"""The revalidated lists' triggers cover what their pages read (pazar/core/list_versions.py).

Each revalidated list is requested with every kind of nested row it shows; every table and column
its statements read must be one whose change bumps a version the list's ETag names (a trigger on the
table, and, for a trigger limited to some columns by its `when`, those columns). A builder that starts
reading a new table or column fails here until a trigger watches it: otherwise clients would keep
a stale 304. The declarations are read from the registry (list_versions.registered()), the ones
the migrations install (test_trigger_migrations.py checks that the two agree).
"""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pazar.catalog.tests.factories import ProductFactory, ProductImageFactory
from pazar.conversations.models import ConversationType
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.core import list_versions
from pazar.orders.tests.factories import (
    CancellationRequestFactory,
    DiscountItemFactory,
    EasyReturnFactory,
    OrderItemFactory,
    TradeInOfferFactory,
)

# What the ETag reads itself, not what the page shows.
OWN = {"core_listversion", "constance_constance"}
# Shown but not watched, on purpose (docs/performance.md, "Not in the ETag"): a conversation about an
# order item shows the order's number and the item's product id, which do not change.
UNWATCHED = {
    "conversations": {"orders_orderitem", "orders_order"},
}
TABLE = re.compile(r'(?:FROM|JOIN) "(\w+)"(?: (?:AS )?"(\w+)")?')
COLUMN = re.compile(r'"(\w+)"\."(\w+)"')


def registered(*labels: str):
    """The declarations the registry holds for the apps `labels`."""
    declarations = list_versions.registered()
    return [bump for label in labels for bump in declarations[label]]


def read(queries) -> dict[str, set[str]]:
    """{table: columns} the SELECTs of `queries` read (by aliases resolved to their tables)."""
    columns: dict[str, set[str]] = {}
    for query in queries:
        sql = query["sql"]
        if not sql.lstrip().startswith(("SELECT", "/*")):
            continue
        aliases = {}
        for table, alias in TABLE.findall(sql):
            aliases[alias or table] = table
            columns.setdefault(table, set())
        for alias, column in COLUMN.findall(sql):
            if alias in aliases:
                columns[aliases[alias]].add(column)
    return {table: names for table, names in columns.items() if table not in OWN}


def uncovered(columns: dict[str, set[str]], bumps, unwatched=frozenset()) -> list[str]:
    """The tables and columns read that no trigger of `bumps` watches."""
    missing = []
    for table, names in sorted(columns.items()):
        if table in unwatched:
            continue
        watching = [bump for bump in bumps if bump.table == table]
        if not watching:
            missing.append(table)
        elif all(bump.when for bump in watching):
            watched = {"id"} | {name for bump in watching for name in re.findall(r"NEW\.(\w+)", bump.when)}
            missing += [f"{table}.{name}" for name in sorted(names - watched)]
    return missing


def _page(api_client, user, url) -> dict[str, set[str]]:
    api_client.force_authenticate(user)
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(url)
    assert response.status_code == 200
    assert response.json()["results"]
    return read(queries.captured_queries)


@pytest.mark.django_db
def test_the_order_list_reads_only_what_its_triggers_watch(api_client, user):
    item = OrderItemFactory(order__user=user, delivered=True)
    ProductImageFactory(product=item.product)
    DiscountItemFactory(order=item.order)
    TradeInOfferFactory(order_item=item)
    CancellationRequestFactory(order_item=item, easy_return=EasyReturnFactory())

    columns = _page(api_client, user, "/users/orders/")

    assert {"orders_order", "orders_orderitem", "accounts_user", "addresses_address"} <= set(columns)
    assert uncovered(columns, registered("orders", "catalog")) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "mine", "kind"),
    [
        ("/users/conversations/", True, ConversationType.MESSAGE),
        ("/public-questions/", False, ConversationType.QUESTION),
        ("/public-reviews/", False, ConversationType.REVIEW),
    ],
)
def test_the_conversation_lists_read_only_what_their_triggers_watch(api_client, user, url, mine, kind):
    product = ProductFactory()
    ProductImageFactory(product=product)
    on_product = ConversationFactory(user=user, product=product, conversation_type=kind, is_public=not mine)
    on_item = ConversationFactory(
        user=user, order_item=OrderItemFactory(order__user=user), conversation_type=kind, is_public=not mine
    )
    for conversation in (on_product, on_item):
        MessageFactory(conversation=conversation)
        MessageFactory(conversation=conversation, from_datasource=True)

    columns = _page(api_client, user, url)

    assert {"conversations_conversation", "conversations_message", "accounts_user"} <= set(columns)
    bumps = registered("conversations", "catalog")
    assert uncovered(columns, bumps, UNWATCHED["conversations"]) == []


def test_a_column_no_trigger_watches_is_reported():
    columns = {"accounts_user": {"id", "first_name", "date_of_birth"}, "catalog_product": {"id"}}

    assert uncovered(columns, registered("conversations")) == ["accounts_user.date_of_birth", "catalog_product"]


def test_every_declaration_names_tables_and_columns_that_exist():
    # A trigger on a renamed table or column would be installed on nothing, or fail at migrate.
    columns = {
        model._meta.db_table: {field.column for field in model._meta.concrete_fields}
        for model in apps.get_models(include_auto_created=True)
    }
    for bump in registered("orders", "catalog", "conversations"):
        assert bump.table in columns, bump.name
        named = re.findall(r"(?:NEW|OLD)\.(\w+)", f"{bump.when or ''} {bump.mark or ''}")
        named += [name for member in bump.members for name in (member.key, member.by) if name and not name.isdigit()]
        assert set(named) <= columns[bump.table], bump.name
