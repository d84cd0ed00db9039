"""RowsBy answers what `values()` answers: same keys, same converted values, same order."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pazar.catalog.tests.factories import ProductFactory, ProductImageFactory
from pazar.core.rows import RowsBy
from pazar.orders.models import OrderItem, TradeInOffer, TradeInStatus
from pazar.orders.tests.factories import OrderFactory, OrderItemFactory, TradeInOfferFactory

pytestmark = pytest.mark.django_db

ITEM_NAMES = ("pk", "order", "order_id", "product", "attributes", "price", "quantity", "created_date", "delivered_date")


@pytest.fixture
def items():
    first, second = OrderFactory(), OrderFactory()
    made = [
        OrderItemFactory(order=first, attributes={"colour": "kırmızı", "sizes": [1, 2]}, price=Decimal("10.50")),
        OrderItemFactory(order=first, delivered=True, attributes={}),
        OrderItemFactory(order=second, price=Decimal("0.01")),
    ]
    OrderItem.objects.filter(pk=made[2].pk).update(
        delivered_date=datetime.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC)
    )
    OrderItemFactory()  # another order's: never answered
    return first, second, made


def test_rows_equal_values_with_json_decimals_datetimes_and_foreign_keys(items):
    first, second, _made = items
    ids = [first.pk, second.pk]
    expected = list(OrderItem.objects.filter(order_id__in=ids).order_by("pk").values(*ITEM_NAMES))
    found = RowsBy(OrderItem, ITEM_NAMES, key="order", order_by=("pk",))(ids)
    assert found == expected
    assert [list(row) for row in found] == [list(row) for row in expected]  # key order too
    assert isinstance(found[0]["price"], Decimal) and found[0]["attributes"]["sizes"] == [1, 2]


def test_order_by_descending_and_ids_repeated_or_none(items):
    first, second, _made = items
    rows = RowsBy(OrderItem, ("pk",), key="order", order_by=("-pk",))([second.pk, None, first.pk, first.pk])
    assert [row["pk"] for row in rows] == list(
        OrderItem.objects.filter(order__in=[first, second]).order_by("-pk").values_list("pk", flat=True)
    )


def test_no_ids_costs_no_query(items):
    with CaptureQueriesContext(connection) as captured:
        assert RowsBy(OrderItem, ("pk",), key="order")([]) == []
        assert RowsBy(OrderItem, ("pk",), key="order")([None]) == []
    assert len(captured) == 0


def test_where_and_all():
    pending = TradeInOfferFactory()
    TradeInOfferFactory(status=TradeInStatus.REJECTED)
    rows = RowsBy(TradeInOffer, ("order_item_id",), key="order_item", where={"status": TradeInStatus.PENDING})
    assert rows.all() == [{"order_item_id": pending.order_item_id}]
    assert rows(TradeInOffer.objects.values_list("order_item_id", flat=True)) == [
        {"order_item_id": pending.order_item_id}
    ]


def test_one_statement_whatever_the_number_of_ids():
    """On PostgreSQL the ids go as one array: the same SQL for 1 and 50 ids (prepared once)."""
    products = ProductFactory.create_batch(3)
    for product in products:
        ProductImageFactory(product=product)
    rows = RowsBy(ProductFactory._meta.model, ("pk", "name"))
    with CaptureQueriesContext(connection) as captured:
        assert {row["pk"] for row in rows([products[0].pk])} == {products[0].pk}
        assert {row["pk"] for row in rows([p.pk for p in products] + list(range(10**6, 10**6 + 47)))} == {
            p.pk for p in products
        }
    if connection.vendor == "postgresql":
        assert "= ANY(" in captured[0]["sql"]
        assert captured[0]["sql"].split("ANY")[0] == captured[1]["sql"].split("ANY")[0]
    else:
        assert " IN (" in captured[1]["sql"]


def test_related_joins_answer_what_values_answers_null_included(user):
    from pazar.addresses.models import Address
    from pazar.addresses.tests.factories import AddressFactory

    full, bare = AddressFactory(user=user), AddressFactory(user=user)
    Address.objects.filter(pk=bare.pk).update(township=None, district=None)
    related = {"country": ("pk", "name", "translations"), "township": ("pk", "name"), "user": ("id", "email")}
    keys = ["pk", "line", "primary"] + [f"{rel}__{name}" for rel, names in related.items() for name in names]
    expected = list(Address.objects.filter(pk__in=[full.pk, bare.pk]).order_by("pk").values(*keys))
    for by_key in (False, True):
        found = RowsBy(Address, ("pk", "line", "primary"), related=related, order_by=("pk",), by_key=by_key)(
            [full.pk, bare.pk]
        )
        assert found == expected
        assert found[1]["township__pk"] is None and found[0]["township__pk"] == full.township_id


def test_a_reverse_one_to_one_joins_the_row_that_points_here():
    offered, bare = OrderItemFactory(), OrderItemFactory()
    TradeInOfferFactory(order_item=offered, status=TradeInStatus.REJECTED)
    keys = ["pk", "tradein_offer__status", "tradein_offer__pk"]
    expected = list(OrderItem.objects.filter(pk__in=[offered.pk, bare.pk]).order_by("pk").values(*keys))
    found = RowsBy(OrderItem, ("pk",), related={"tradein_offer": ("status", "pk")}, order_by=("pk",))(
        [offered.pk, bare.pk]
    )
    assert found == expected
    assert found[0]["tradein_offer__status"] == TradeInStatus.REJECTED and found[1]["tradein_offer__pk"] is None


def test_a_second_level_joins_through_the_first():
    from pazar.orders.models import CancellationRequest
    from pazar.orders.tests.factories import CancellationRequestFactory, EasyReturnFactory

    returned = CancellationRequestFactory(easy_return=EasyReturnFactory())
    bare = CancellationRequestFactory()
    keys = ["pk", "easy_return__code", "easy_return__shipping_company__shipping_company"]
    expected = list(CancellationRequest.objects.filter(pk__in=[returned.pk, bare.pk]).order_by("pk").values(*keys))
    found = RowsBy(
        CancellationRequest,
        ("pk",),
        related={"easy_return": ("code",), "easy_return__shipping_company": ("shipping_company",)},
        order_by=("pk",),
    )([returned.pk, bare.pk])
    assert found == expected
    assert found[0]["easy_return__shipping_company__shipping_company"] and found[1]["easy_return__code"] is None


def test_an_id_out_of_the_columns_range_matches_nothing(items):
    item = items[2][0]
    rows = RowsBy(OrderItem, ("pk",))
    assert rows([2**80, item.pk]) == [{"pk": item.pk}]
    assert rows([2**80]) == []
    assert RowsBy(OrderItem, ("pk",), key="order")([2**80]) == []


def test_json_beyond_what_orjson_reads_is_read_as_django_reads_it():
    item = OrderItemFactory(attributes={"big": 2**70, "text": "ğüşİ \u2028", "n": [1.5, None, True]})
    expected = list(OrderItem.objects.filter(pk=item.pk).values("pk", "attributes"))
    assert RowsBy(OrderItem, ("pk", "attributes"))([item.pk]) == expected
    assert expected[0]["attributes"]["big"] == 2**70


@pytest.mark.parametrize("scope", ["one key", "every key"])
def test_every_page_is_the_values_slice_first_and_deep_pages_alike(scope):
    """A key's first page reads its rows at once; every other page reads its ids first, then the
    rows by id (deep pages without walking the joins): both answer `values()`'s slice, joins included."""
    from pazar.accounts.tests.factories import UserFactory
    from pazar.addresses.models import Address
    from pazar.addresses.tests.factories import AddressFactory

    owner, other = UserFactory(), UserFactory()
    for user in (owner, other, owner, owner, other, owner, owner):
        AddressFactory(user=user, line=f"{user.pk} street")
    related = {"country": ("pk", "name"), "user": ("email",)}
    keys = ["pk", "line", "user"] + [f"{rel}__{name}" for rel, names in related.items() for name in names]
    page = RowsBy(Address, ("pk", "line", "user"), key="user", related=related, order_by=("-line", "pk"))
    value = owner.pk if scope == "one key" else None
    everything = Address.objects.order_by("-line", "pk")
    if value is not None:
        everything = everything.filter(user=owner)
    expected = list(everything.values(*keys))
    assert len(expected) >= 5
    for limit in (1, 2, 3, 100):
        for offset in range(len(expected) + 1):
            assert page.page(value, offset=offset, limit=limit) == expected[offset : offset + limit], (offset, limit)
