"""The builders of the orders' resources: orders, order items, cancellation requests, easy returns, old orders.

Every endpoint that answers one of them answers it here: the order list, detail, cancellation view
and guest lookup; the cancellation request list and the bodies of the request, bulk and order
cancel writes; the old order list and detail. The response serializers are schema declarations
(pazar/core/builders.py): a builder renders through their field lists (pazar/core/field_plans.py), so a
field added to a declaration shows up here, converted by the declaration's field object; the
computed fields (labels, flags, nested objects) are built here with the rules of
pazar/orders/rules.py and pazar/orders/statuses.py.

Statements of a page of orders, whatever its size, each written once (pazar/core/rows.py): the
orders (payment option and bank joined); their items (product, seller and trade-in offer joined);
the products' images (pazar/catalog/builders.py); the items' requests (easy returns joined); the
discounts; the addresses (country, city, township, district and user joined). The easy-return companies and the return
window are cache lookups once read.
"""

from collections import namedtuple
from functools import cached_property
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet

from pazar.addresses.builders import ADDRESS
from pazar.catalog.builders import PRODUCT_JOINED
from pazar.catalog.models import Currency
from pazar.catalog.serializers import DataSourceSerializer
from pazar.core.builders import Builder
from pazar.core.field_plans import Plan
from pazar.core.rows import RowsBy
from pazar.core.serializers import shared
from pazar.orders import rules, selectors, statuses
from pazar.orders.models import (
    Bank,
    CancellationRequest,
    CancellationRequestStatus,
    DiscountItem,
    EasyReturn,
    EasyReturnShippingCompany,
    EasyReturnStatus,
    OldOrder,
    OldOrderItem,
    Order,
    OrderItem,
    OrderStatus,
    ShippingCompany,
)
from pazar.orders.serializers import (
    BankSerializer,
    CancellationRequestSerializer,
    DiscountItemSerializer,
    EasyReturnSerializer,
    EasyReturnShippingCompanySerializer,
    HourRangeSerializer,
    OldOrderItemSerializer,
    OldOrderSerializer,
    OrderItemSerializer,
    OrderSerializer,
    PaymentOptionSerializer,
    PickupDateSerializer,
    labeled,
    line_total,
    payment_type_label,
)

# What the rules read of a request and of an item (pazar/orders/rules.py).
RequestView = namedtuple("RequestView", "status quantity")
ItemView = namedtuple("ItemView", "status quantity delivered_date")


def _grouped(rows, key) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


def _shipping_company(code):
    return None if code is None else labeled(ShippingCompany, code)


# --- the easy-return companies: a handful of rows, read by every page of orders ----------------------

COMPANIES_KEY = "orders:easy-return-companies"


class Companies:
    """The easy-return companies as a page needs them, kept in the cache until one changes."""

    statement = None
    sellers = None

    @classmethod
    def _read(cls) -> list[tuple[int, str, str, frozenset]]:
        if cls.statement is None:
            cls.statement = RowsBy(
                EasyReturnShippingCompany,
                ("pk", "shipping_company", "name"),
                order_by=("pk",),
                where={"is_active": True},
            )
            cls.sellers = RowsBy(
                EasyReturnShippingCompany.datasources.through,
                ("easyreturnshippingcompany_id", "datasource_id"),
                key="easyreturnshippingcompany",
            )
        active = cls.statement.all()
        sellers: dict[int, set] = {}
        for link in cls.sellers([row["pk"] for row in active]):
            sellers.setdefault(link["easyreturnshippingcompany_id"], set()).add(link["datasource_id"])
        return [
            (row["pk"], row["shipping_company"], row["name"], frozenset(sellers.get(row["pk"], ()))) for row in active
        ]

    @classmethod
    def get(cls) -> list[tuple[int, str, str, frozenset]]:
        """The active companies: pk, cargo code, name, and the sellers served (none: every seller)."""
        found = cache.get(COMPANIES_KEY)
        if found is None:
            found = cls._read()
            cache.set(COMPANIES_KEY, found, timeout=settings.ORDERS_EASY_RETURN_COMPANIES_CACHE_SECONDS)
        return found

    @staticmethod
    def changed(**kwargs) -> None:
        """A company or its sellers changed: drop the cached rows, now and once committed (a page read
        meanwhile, before the commit, would have cached the old rows)."""
        cache.delete(COMPANIES_KEY)
        transaction.on_commit(lambda: cache.delete(COMPANIES_KEY))


_COMPANY = Plan(EasyReturnShippingCompanySerializer, reads={"shipping_company": ("shipping_company",)})


def _company_data(companies) -> list[tuple[dict, frozenset]]:
    """The active companies as EasyReturnShippingCompanySerializer declares them, in the request's language."""
    return [
        (
            _COMPANY.render(
                {"pk": pk, "name": name},
                {"shipping_company": labeled(ShippingCompany, code)},
            ),
            sellers,
        )
        for pk, code, name, sellers in companies
    ]


# --- easy returns and cancellation requests --------------------------------------------------------------

# What each computed field of a resource reads of its row's own columns (core/field_plans.py); a joined
# table's columns are named in the statement's `related`.
EASY_RETURN_READS = {
    "status": ("status",),
    "shipping_company": (),
    "pickup_date": ("pickup_date", "pickup_hour_start", "pickup_hour_end"),
}


class EasyReturnBuilder(Builder):
    """An easy return (EasyReturnSerializer), its company's cargo code joined.

    `prefix` reads it from the columns of a row it is joined to (a cancellation request's)."""

    schema = EasyReturnSerializer
    key = "pk"

    def __init__(self, prefix: str = ""):
        self.prefix = prefix

    @cached_property
    def plan(self) -> Plan:
        return Plan(EasyReturnSerializer, prefix=self.prefix, reads=EASY_RETURN_READS)

    @cached_property
    def columns(self) -> list[str]:
        return [self.key, *self.plan.columns]

    # the company's table joined to the easy return: its cargo code
    company = {"shipping_company": ("shipping_company",)}

    @cached_property
    def _keys(self):
        p = self.prefix
        date = shared(PickupDateSerializer).fields["date"].to_representation
        hours = shared(HourRangeSerializer).fields
        return (
            p + "status",
            p + "shipping_company__shipping_company",
            p + "pickup_date",
            p + "pickup_hour_start",
            p + "pickup_hour_end",
            date,
            hours["start"].to_representation,
            hours["end"].to_representation,
        )

    @cached_property
    def statement(self) -> RowsBy:
        return RowsBy(EasyReturn, self.columns, related=self.company)

    def rows(self, ids):
        return self.statement(ids)

    def render(self, row, attrs=None, *, request=None):
        status, company, date, start, end, date_text, start_text, end_text = self._keys
        pickup = None
        if row[date] is not None:
            hour_range = None
            if row[start] and row[end]:
                hour_range = {"start": start_text(row[start]), "end": end_text(row[end])}
            pickup = {"date": date_text(row[date]), "hour_range": hour_range}
        return self.plan.render(
            row,
            {
                "status": labeled(EasyReturnStatus, row[status]),
                "shipping_company": labeled(ShippingCompany, row[company]),
                "pickup_date": pickup,
            },
        )


EASY_RETURN = EasyReturnBuilder()


class CancellationRequestBuilder(Builder):
    """A cancellation or refund request with its easy return (CancellationRequestSerializer)."""

    schema = CancellationRequestSerializer
    key = "pk"
    easy_return = EasyReturnBuilder(prefix="easy_return__")

    @cached_property
    def plan(self) -> Plan:
        return Plan(CancellationRequestSerializer, reads={"status": ("status",), "easy_return": ()})

    def _statement(self, **kwargs) -> RowsBy:
        return RowsBy(
            CancellationRequest,
            [self.key, *self.plan.columns],
            related={
                "easy_return": self.easy_return.columns,
                "easy_return__shipping_company": EasyReturnBuilder.company["shipping_company"],
            },
            **kwargs,
        )

    @cached_property
    def statement(self) -> RowsBy:
        return self._statement()

    @cached_property
    def of_items(self) -> RowsBy:
        return self._statement(key="order_item", order_by=selectors.NEWEST_FIRST)

    def rows(self, ids):
        return self.statement(ids)

    def values(self, queryset: QuerySet) -> QuerySet:
        """`queryset` as this builder's rows (a list pages them: count and page, two statements)."""
        return queryset.select_related(None).values(*self.statement.keys)

    def render(self, row, attrs=None, *, request=None):
        easy_return = None if row["easy_return__pk"] is None else self.easy_return.render(row)
        return self.plan.render(
            row, {"status": labeled(CancellationRequestStatus, row["status"]), "easy_return": easy_return}
        )

    def by_item(self, item_ids) -> dict[int, list[tuple[RequestView, dict]]]:
        """Each item's requests, newest first, each with what the rules read of it."""
        found: dict[int, list] = {}
        for row in self.of_items(item_ids):
            found.setdefault(row["order_item"], []).append(
                (RequestView(row["status"], row["quantity"]), self.render(row))
            )
        return found


CANCELLATION_REQUEST = CancellationRequestBuilder()


# --- order items ------------------------------------------------------------------------------------------

# The item's flags read its status, quantity and delivery date, and its requests (found by its id).
_FLAGS = ("id", "status", "quantity", "delivered_date")
ITEM_READS = {
    "status": ("status",),
    "price_currency": ("price_currency",),
    "product": (),
    "is_cancelled": ("status",),
    "is_cancellable": _FLAGS,
    "is_refundable": _FLAGS,
    "cancellationrequest_set": ("id",),
    "active_cancellation_request": _FLAGS,
    "shipping_company": ("shipping_company",),
    "tracking_url": ("defined_tracking_url", "shipping_tracking_url"),
    "is_tradable": (),
    "available_easy_return_shipping_companies": ("datasource",),
    "datasource_detailed": ("datasource",),
    "extra_product_stock_detailed": (),
    "extra_product_price_detailed": (),
    "shipping_option_group": (),
    "unit_price": ("price",),
    "total_amount": ("price", "quantity"),
}


class OrderItemBuilder(Builder):
    """An order item with its product, seller, requests and flags (OrderItemSerializer)."""

    schema = OrderItemSerializer

    @cached_property
    def _plans(self):
        item = Plan(OrderItemSerializer, reads=ITEM_READS)
        seller = [(name, f"datasource__{name}") for name in DataSourceSerializer.Meta.fields]
        related = {
            "product": PRODUCT_JOINED.columns,
            "datasource": list(DataSourceSerializer.Meta.fields),
            "tradein_offer": ("status",),
        }
        columns = item.columns
        return SimpleNamespace(
            item=item,
            seller=seller,
            by_id=RowsBy(OrderItem, columns, related=related),
            by_order=RowsBy(OrderItem, columns, key="order", order_by=("pk",), related=related),
        )

    def rows(self, ids):
        return self._plans.by_id(ids)

    def of_orders(self, order_ids) -> list[dict]:
        """The orders' items, by order then id."""
        return self._plans.by_order(order_ids)

    def load(self, rows, *, request=None):
        item_ids = [row["id"] for row in rows]
        companies = Companies.get()
        return {
            "requests": CANCELLATION_REQUEST.by_item(item_ids),
            "companies": _company_data(companies),
            "products": PRODUCT_JOINED.load(rows, request=request),
            "policy": selectors.return_policy(),
        }

    def render(self, row, attrs, *, request=None):
        plans = self._plans
        item, seller = plans.item, plans.seller
        found = attrs["requests"].get(row["id"], ())
        views = [view for view, _data in found]
        view = ItemView(row["status"], row["quantity"], row["delivered_date"])
        active = rules.active_request(views)
        datasource_id = row["datasource"]
        offer = row["tradein_offer__status"]
        return item.render(
            row,
            {
                "status": labeled(OrderStatus, row["status"]),
                "price_currency": labeled(Currency, row["price_currency"]),
                "product": PRODUCT_JOINED.render(row, attrs["products"], request=request),
                "is_cancelled": statuses.is_cancelled(row["status"]),
                "is_cancellable": rules.is_cancellable(view, views),
                "is_refundable": rules.is_refundable(view, views, attrs["policy"]),
                "cancellationrequest_set": [data for _view, data in found],
                "active_cancellation_request": next((data for v, data in found if v is active), None),
                "shipping_company": _shipping_company(row["shipping_company"]),
                "tracking_url": row["defined_tracking_url"] or row["shipping_tracking_url"],
                "is_tradable": offer is not None and statuses.tradein_is_open(offer),
                "available_easy_return_shipping_companies": [
                    data for data, sellers in attrs["companies"] if not sellers or datasource_id in sellers
                ],
                "datasource_detailed": None if datasource_id is None else {name: row[key] for name, key in seller},
                "extra_product_stock_detailed": None,
                "extra_product_price_detailed": None,
                "shipping_option_group": None,
                "unit_price": line_total(row["price"], 1),
                "total_amount": line_total(row["price"], row["quantity"]),
            },
        )


ORDER_ITEM = OrderItemBuilder()


# --- orders -----------------------------------------------------------------------------------------------

ORDER_READS = {
    "status": ("status",),
    "currency": ("currency",),
    "orderitem_set": ("id",),
    "discountitem_set": ("id", "number"),
    "is_cancelled": ("status",),
    "is_cancellable": ("id",),
    "is_refundable": ("id",),
    "shipping_address": ("shipping_address",),
    "billing_address": ("billing_address",),
    "shipping_company": ("shipping_company",),
    "payment_option": (),
    "amount_without_discount": ("amount", "discount_amount"),
    "is_payable": ("status",),
    "tracking_url": ("defined_tracking_url", "shipping_tracking_url"),
    "bank": (),
    "loyaltytransaction_set": (),
}


class OrderBuilder(Builder):
    """An order with its items, discounts, addresses, payment option and bank (OrderSerializer)."""

    schema = OrderSerializer
    key = "id"

    @cached_property
    def _plans(self):
        order = Plan(OrderSerializer, reads=ORDER_READS)
        # the payment option and bank: their own columns, read joined to the order
        payment = Plan(PaymentOptionSerializer, prefix="payment_option__")
        bank = Plan(BankSerializer, prefix="bank__")
        related = {"payment_option": payment.columns, "bank": [*bank.columns, "logo"]}
        amount = shared(OrderSerializer).fields["amount_without_discount"].to_representation
        # a discount's order number is the order's own (the row it is nested in)
        discount = Plan(DiscountItemSerializer, reads={"currency": ("currency",), "order_number": ()})
        return SimpleNamespace(
            order=order,
            amount=amount,
            discount=discount,
            orders=RowsBy(Order, order.columns, related=related),
            discounts=RowsBy(DiscountItem, [*discount.columns, "order"], key="order", order_by=("pk",)),
            payment=payment,
            bank=bank,
        )

    def rows(self, ids):
        return self._plans.orders(ids)

    def load(self, rows, *, request=None):
        order_ids = [row["id"] for row in rows]
        items = ORDER_ITEM.of_orders(order_ids)
        item_attrs = ORDER_ITEM.load(items, request=request) if items else None
        items_of: dict[int, list] = {}
        for item in items:
            items_of.setdefault(item["order"], []).append(ORDER_ITEM.render(item, item_attrs, request=request))
        addresses = ADDRESS.by_pk(
            {row[key] for row in rows for key in ("shipping_address", "billing_address") if row[key]}
        )
        return {
            "items": items_of,
            "discounts": _grouped(self._plans.discounts(order_ids), "order"),
            "addresses": addresses,
            "bank_storage": Bank._meta.get_field("logo").storage,
        }

    def render(self, row, attrs, *, request=None):
        plans = self._plans
        order, amount, payment, bank = plans.order, plans.amount, plans.payment, plans.bank
        discount = plans.discount.render
        items = attrs["items"].get(row["id"], [])
        bank_logo = row["bank__logo"]
        return order.render(
            row,
            {
                "status": labeled(OrderStatus, row["status"]),
                "currency": labeled(Currency, row["currency"]),
                "orderitem_set": items,
                "discountitem_set": [
                    discount(d, {"order_number": row["number"], "currency": labeled(Currency, d["currency"])})
                    for d in attrs["discounts"].get(row["id"], ())
                ],
                "is_cancelled": statuses.is_cancelled(row["status"]),
                "is_cancellable": any(item["is_cancellable"] for item in items),
                "is_refundable": any(item["is_refundable"] for item in items),
                "shipping_address": attrs["addresses"].get(row["shipping_address"]),
                "billing_address": attrs["addresses"].get(row["billing_address"]),
                "shipping_company": _shipping_company(row["shipping_company"]),
                "payment_option": None
                if row["payment_option__pk"] is None
                else payment.render(
                    row, {"payment_type_label": payment_type_label(row["payment_option__payment_type"])}
                ),
                "amount_without_discount": amount(row["amount"] + row["discount_amount"]),
                "is_payable": statuses.is_payable(row["status"]),
                "tracking_url": row["defined_tracking_url"] or row["shipping_tracking_url"],
                "bank": None
                if row["bank__pk"] is None
                else bank.render(row, {"logo": attrs["bank_storage"].url(bank_logo) if bank_logo else None}),
                "loyaltytransaction_set": [],
            },
        )

    def of_user(self, pk, *, user, request=None) -> dict | None:
        """One of the user's orders (the detail), or None: anyone else's order is read as absent."""
        found = self.rows([pk])
        if not found or found[0]["user"] != user.pk:
            return None
        return self.build(found, request=request)[0]


ORDER = OrderBuilder()


# The unfiltered list's page of ids (selectors.order_list), by a statement written once.


def page_ids(queryset: QuerySet[Order]) -> QuerySet:
    """The list's queryset (filters and order kept) as the orders' ids, to count and page.

    Count and page work on the ids alone, so the ORM never builds and compiles the orders' fifty
    columns and two joins for them; the page's rows are then read by one statement written once
    (`ORDER.by_ids`)."""
    return queryset.select_related(None).prefetch_related(None).values_list("pk", flat=True)


# --- old orders -------------------------------------------------------------------------------------------


class OldOrderBuilder(Builder):
    """A migrated order with its lines (OldOrderSerializer)."""

    schema = OldOrderSerializer
    key = "id"

    @cached_property
    def _plans(self):
        order = Plan(
            OldOrderSerializer,
            reads={"currency": ("currency",), "shipping_company": ("shipping_company",), "oldorderitem_set": ("id",)},
        )
        item = Plan(OldOrderItemSerializer, reads={})
        return SimpleNamespace(
            order=order,
            item=item,
            orders=RowsBy(OldOrder, order.columns),
            items=RowsBy(OldOrderItem, [*item.columns, "old_order"], key="old_order", order_by=("pk",)),
        )

    def rows(self, ids):
        return self._plans.orders(ids)

    def values(self, queryset: QuerySet) -> QuerySet:
        """`queryset` as this builder's rows (a list pages them: count and page, two statements)."""
        return queryset.prefetch_related(None).values(*self._plans.orders.keys)

    def of_user(self, pk, *, user, request=None) -> dict | None:
        """One of the user's old orders, or None: anyone else's is read as absent."""
        found = self.rows([pk])
        if not found or found[0]["user"] != user.pk:
            return None
        return self.build(found, request=request)[0]

    def load(self, rows, *, request=None):
        item = self._plans.item
        return {
            old_order: [item.render(row, {}) for row in found]
            for old_order, found in _grouped(self._plans.items([row["id"] for row in rows]), "old_order").items()
        }

    def render(self, row, attrs, *, request=None):
        return self._plans.order.render(
            row,
            {
                "currency": labeled(Currency, row["currency"]),
                "shipping_company": _shipping_company(row["shipping_company"]),
                "oldorderitem_set": attrs.get(row["id"], []),
            },
        )


OLD_ORDER = OldOrderBuilder()
