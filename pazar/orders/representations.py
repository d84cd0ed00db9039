"""The read path of the order list and detail: orders as plain dicts, from rows.

The answer is exactly OrderSerializer's (a test compares the two on orders of every shape), but a
page no longer builds a model instance per order, item and product nor runs DRF's field machinery
per value: on a page of 12 orders that was two thirds of the request (`make bench`, cProfile).
Plain columns are converted by the serializers' own field objects, in the serializers' field
order, so a field added to a serializer shows up here or fails that test; the computed fields
(labels, flags, nested objects) are built here with the same rules (pazar/orders/rules.py).

The view's filtered QuerySet counts and pages the orders' ids (`page_ids`); the page's rows and
everything nested in them are read by statements written once (pazar/core/rows.py), since building
and compiling those queries with the ORM on every request cost as much as PostgreSQL spent
answering them.

Queries, whatever the page size: the page's ids, its rows (with payment option and bank joined),
items, products, their images, sellers, requests (with their easy returns), trade-in offers,
discounts, addresses (with country, city, township, district and user); the easy-return companies
and their sellers; and the dynamic return window (a cache lookup once read).
"""

from types import SimpleNamespace

from django.db.models import QuerySet
from rest_framework.fields import BooleanField, CharField, EmailField, IntegerField, JSONField, SlugField, URLField
from rest_framework.relations import RelatedField

from pazar.addresses.models import Address
from pazar.addresses.serializers import ADDRESS_RELATED, AddressSerializer
from pazar.catalog.models import Currency, DataSource, Product, ProductImage
from pazar.catalog.serializers import DataSourceSerializer
from pazar.core.rows import RowsBy
from pazar.core.serializers import datetime_text, shared
from pazar.orders import rules, selectors, statuses
from pazar.orders.models import (
    Bank,
    CancellationRequest,
    CancellationRequestStatus,
    DiscountItem,
    EasyReturnShippingCompany,
    EasyReturnStatus,
    Order,
    OrderItem,
    OrderStatus,
    ShippingCompany,
    TradeInOffer,
)
from pazar.orders.serializers import (
    CancellationRequestSerializer,
    DiscountItemSerializer,
    EasyReturnSerializer,
    EasyReturnShippingCompanySerializer,
    OrderItemSerializer,
    OrderProductSerializer,
    OrderSerializer,
    labeled,
    line_total,
    payment_type_label,
    pickup_date_of,
)

COMPUTED = object()


# Fields whose to_representation gives back the value the database driver already returns
# (str(a str), int(an int), a bool, a parsed JSON value): skipped, on ~40 fields of ~70 objects a page.
_AS_READ = {CharField, EmailField, URLField, SlugField, IntegerField, BooleanField}


def _plan(serializer_class) -> list[tuple]:
    """(name, values() key, converter) per field, in the serializer's order; COMPUTED for declared ones."""
    fields = shared(serializer_class).fields
    declared = serializer_class._declared_fields
    plan = []
    for name, field in fields.items():
        if isinstance(field, RelatedField):
            plan.append((name, field.source, None))  # the id, as PrimaryKeyRelatedField answers it
        elif name in declared or field.source == "*":
            plan.append((name, None, COMPUTED))
        elif type(field) in _AS_READ or (type(field) is JSONField and not field.binary):
            plan.append((name, field.source, None))  # the database's value is already the answer
        else:
            plan.append((name, field.source, datetime_text(field)))
    return plan


def _columns(plan: list[tuple], *extra: str) -> list[str]:
    keys = [key for _name, key, convert in plan if convert is not COMPUTED]
    return list(dict.fromkeys([*keys, *extra]))


def _render(plan: list[tuple], row: dict, computed: dict, prefix: str = "") -> dict:
    out = {}
    for name, key, convert in plan:
        if convert is COMPUTED:
            out[name] = computed[name]
        else:
            value = row[prefix + key]
            out[name] = value if value is None or convert is None else convert(value)
    return out


class Plans:
    """The field plans, built once (the serializers' fields are)."""

    _built = None

    @classmethod
    def get(cls):
        if cls._built is None:
            order, item, product = _plan(OrderSerializer), _plan(OrderItemSerializer), _plan(OrderProductSerializer)
            request, easy_return = _plan(CancellationRequestSerializer), _plan(EasyReturnSerializer)
            cls._built = SimpleNamespace(
                order=order,
                item=item,
                product=product,
                request=request,
                easy_return=easy_return,
                amount=shared(OrderSerializer).fields["amount_without_discount"].to_representation,
                discount=shared(DiscountItemSerializer).fields,
                address=_address_plans(),
                # The queries, written once (pazar/core/rows.py).
                orders=RowsBy(Order, _columns(order, "id", *ORDER_EXTRA), related=ORDER_RELATED),
                requests=RowsBy(
                    CancellationRequest,
                    _columns(request, "order_item", "status", "quantity"),
                    key="order_item",
                    order_by=selectors.NEWEST_FIRST,
                    related={
                        "easy_return": _columns(
                            easy_return,
                            "pk",
                            "status",
                            "shipping_company",
                            "pickup_date",
                            "pickup_hour_start",
                            "pickup_hour_end",
                        )
                    },
                ),
                items=RowsBy(OrderItem, _columns(item, *ITEM_EXTRA), key="order", order_by=("pk",)),
                first_images=RowsBy(ProductImage, ("product_id", "image"), key="product", order_by=("order", "pk")),
                products=RowsBy(Product, _columns(product)),
                sellers=RowsBy(DataSource, DataSourceSerializer.Meta.fields),
                discounts=RowsBy(
                    DiscountItem,
                    ("order_id", "name", "amount", "created_date", "currency"),
                    key="order",
                    order_by=("pk",),
                ),
                companies=RowsBy(
                    EasyReturnShippingCompany,
                    (*EasyReturnShippingCompanySerializer.Meta.fields, "is_active"),
                    order_by=("pk",),
                ),
                company_sellers=RowsBy(
                    EasyReturnShippingCompany.datasources.through,
                    ("easyreturnshippingcompany_id", "datasource_id"),
                    key="easyreturnshippingcompany",
                ),
                pending_tradein=RowsBy(
                    TradeInOffer, ("order_item_id",), key="order_item", where={"status": statuses.OPEN_TRADEIN_STATUS}
                ),
            )
        return cls._built


ORDER_EXTRA = (
    "status",
    "currency",
    "shipping_company",
    "amount",
    "discount_amount",
    "defined_tracking_url",
    "shipping_tracking_url",
    "shipping_address_id",
    "billing_address_id",
)
# Joined to the order: `payment_option__id`, ... `bank__logo`.
ORDER_RELATED = {"payment_option": ("id", "name", "payment_type", "slug"), "bank": ("id", "name", "slug", "logo")}
ITEM_EXTRA = (
    "order_id",
    "price",
    "product_id",
    "datasource_id",
    "status",
    "price_currency",
    "shipping_company",
    "quantity",
    "delivered_date",
    "defined_tracking_url",
    "shipping_tracking_url",
)


def page_ids(queryset: QuerySet[Order]) -> QuerySet:
    """The list's queryset (filters and order kept) as the orders' ids, to count and page.

    Counting and paging the orders' fifty columns with two joins made the ORM build and compile a
    query of that size twice a request (about 5 ms of CPU, `make bench`); ids cost a fraction, and
    the page's rows are then read by one statement written once (`order_rows`)."""
    return queryset.select_related(None).prefetch_related(None).values_list("pk", flat=True)


def order_rows(ids: list) -> list[dict]:
    """The orders' own columns, payment option and bank joined, in the order of `ids`."""
    found = {row["id"]: row for row in Plans.get().orders(ids)}
    return [found[pk] for pk in ids if pk in found]


def page_rows(queryset: QuerySet[Order]) -> list[dict]:
    """Every order of `queryset` as rows, in its order (the views page the ids first)."""
    return order_rows(list(page_ids(queryset)))


def _by_key(rows, key) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


def _products(ids: set, request) -> dict:
    plans = Plans.get()
    plan = plans.product
    first_image = {}
    for image in plans.first_images(ids):
        first_image.setdefault(image["product_id"], image["image"])
    storage = ProductImage._meta.get_field("image").storage
    products = {}
    for row in plans.products(ids):
        name = first_image.get(row["pk"])
        image = None
        if name:
            url = storage.url(name)
            image = request.build_absolute_uri(url) if request is not None else url
        products[row["pk"]] = _render(plan, row, {"image": image, "form_schema": None})
    return products


def _address_plans() -> tuple[list, dict, dict, RowsBy]:
    """AddressSerializer's plan, its nested serializers' plans and constants, and the one query that reads them."""
    top = _plan(AddressSerializer)
    fields = shared(AddressSerializer).fields
    nested = {name: _plan(type(fields[name])) for name in ADDRESS_RELATED}
    # Nested objects are plain columns, their primary key first (null when the object is missing),
    # plus the constants their serializer declares (the user's `attributes_kwargs`).
    constants = {name: getattr(type(fields[name]), "CONSTANTS", {}) for name in ADDRESS_RELATED}
    assert all(
        convert is not COMPUTED or n in constants[name] for name, plan in nested.items() for n, _k, convert in plan
    )
    assert all(plan[0][1] in ("pk", "id") for plan in nested.values())
    rows = RowsBy(Address, _columns(top), related={name: _columns(plan) for name, plan in nested.items()})
    return top, nested, constants, rows


def _addresses(ids: set) -> dict:
    """Each address once, however many orders name it, as AddressSerializer answers it: one query
    joining its country, city, township, district and user (a missing one is null)."""
    top, nested, constants, rows = Plans.get().address
    addresses = {}
    for row in rows(ids):
        computed = {
            name: None
            if row[f"{name}__{plan[0][1]}"] is None
            else _render(plan, row, {k: dict(v) for k, v in constants[name].items()}, f"{name}__")
            for name, plan in nested.items()
        }
        addresses[row["pk"]] = _render(top, row, computed)
    return addresses


def _requests(plans, item_ids: list, companies: dict) -> dict[int, list[tuple[SimpleNamespace, dict]]]:
    """Each item's requests, newest first, as CancellationRequestSerializer answers them, each with
    the status and quantity the rules read (pazar/orders/rules.py). `companies`: every easy-return
    company's cargo code by id."""
    rows = plans.requests(item_ids)
    found: dict[int, list] = {}
    for row in rows:
        easy_return = None
        if row["easy_return__pk"] is not None:
            pickup = SimpleNamespace(
                pickup_date=row["easy_return__pickup_date"],
                pickup_hour_start=row["easy_return__pickup_hour_start"],
                pickup_hour_end=row["easy_return__pickup_hour_end"],
            )
            easy_return = _render(
                plans.easy_return,
                row,
                {
                    "status": labeled(EasyReturnStatus, row["easy_return__status"]),
                    "shipping_company": labeled(ShippingCompany, companies[row["easy_return__shipping_company"]]),
                    "pickup_date": pickup_date_of(pickup),
                },
                "easy_return__",
            )
        data = _render(
            plans.request,
            row,
            {"status": labeled(CancellationRequestStatus, row["status"]), "easy_return": easy_return},
        )
        view = SimpleNamespace(status=row["status"], quantity=row["quantity"])
        found.setdefault(row["order_item"], []).append((view, data))
    return found


def _easy_return_companies(plans) -> tuple[list[tuple[dict, set]], dict]:
    """The active easy-return companies as EasyReturnShippingCompanySerializer answers them, each
    with the sellers it serves (none: every seller); and every company's cargo code by id (a past
    return may name one no longer active). A handful of rows, read once for the page."""
    every = plans.companies.all()
    rows = [row for row in every if row["is_active"]]
    sellers: dict[int, set] = {}
    for link in plans.company_sellers([row["pk"] for row in rows]):
        sellers.setdefault(link["easyreturnshippingcompany_id"], set()).add(link["datasource_id"])
    codes = {row["pk"]: row["shipping_company"] for row in every}
    return [
        (
            {
                "pk": row["pk"],
                "shipping_company": labeled(ShippingCompany, row["shipping_company"]),
                "name": row["name"],
            },
            sellers.get(row["pk"], set()),
        )
        for row in rows
    ], codes


def orders(rows: list[dict], *, request) -> list[dict]:
    """A page of orders as OrderSerializer answers it."""
    if not rows:
        return []
    plans = Plans.get()
    order_ids = [row["id"] for row in rows]
    items = plans.items(order_ids)
    item_ids = [item["id"] for item in items]
    companies, company_codes = _easy_return_companies(plans)
    requests = _requests(plans, item_ids, company_codes)
    pending_tradein = {row["order_item_id"] for row in plans.pending_tradein(item_ids)}
    products = _products({item["product_id"] for item in items}, request)
    sellers = {row["pk"]: row for row in plans.sellers({i["datasource_id"] for i in items})}
    discounts = _by_key(plans.discounts(order_ids), "order_id")
    addresses = _addresses(
        {row[key] for row in rows for key in ("shipping_address_id", "billing_address_id") if row[key]}
    )
    policy = selectors.return_policy()
    bank_storage = Bank._meta.get_field("logo").storage

    def companies_for(datasource_id):
        return [data for data, sellers in companies if not sellers or datasource_id in sellers]

    items_of: dict[int, list] = {}
    flags_of: dict[int, list] = {}
    for item in items:
        found = requests.get(item["id"], [])
        instances = [r for r, _data in found]
        view = SimpleNamespace(status=item["status"], quantity=item["quantity"], delivered_date=item["delivered_date"])
        active = rules.active_request(instances)
        cancellable = rules.is_cancellable(view, instances)
        refundable = rules.is_refundable(view, instances, policy)
        flags_of.setdefault(item["order_id"], []).append((cancellable, refundable))
        tracking = item["defined_tracking_url"] or item["shipping_tracking_url"]
        computed = {
            "status": labeled(OrderStatus, item["status"]),
            "price_currency": labeled(Currency, item["price_currency"]),
            "product": products[item["product_id"]],
            "is_cancelled": statuses.is_cancelled(item["status"]),
            "is_cancellable": cancellable,
            "is_refundable": refundable,
            "cancellationrequest_set": [data for _r, data in found],
            "active_cancellation_request": next((data for r, data in found if r is active), None),
            "shipping_company": labeled(ShippingCompany, item["shipping_company"])
            if item["shipping_company"] is not None
            else None,
            "tracking_url": tracking,
            "is_tradable": item["id"] in pending_tradein,
            "available_easy_return_shipping_companies": companies_for(item["datasource_id"]),
            "datasource_detailed": sellers.get(item["datasource_id"]),
            "extra_product_stock_detailed": None,
            "extra_product_price_detailed": None,
            "shipping_option_group": None,
            "unit_price": line_total(item["price"], 1),
            "total_amount": line_total(item["price"], item["quantity"]),
        }
        items_of.setdefault(item["order_id"], []).append(_render(plans.item, item, computed))

    discount_fields = plans.discount
    results = []
    for row in rows:
        flags = flags_of.get(row["id"], [])
        computed = {
            "status": labeled(OrderStatus, row["status"]),
            "currency": labeled(Currency, row["currency"]),
            "orderitem_set": items_of.get(row["id"], []),
            "discountitem_set": [
                {
                    "name": d["name"],
                    "amount": discount_fields["amount"].to_representation(d["amount"]),
                    "created_date": discount_fields["created_date"].to_representation(d["created_date"]),
                    "order_number": row["number"],
                    "currency": labeled(Currency, d["currency"]),
                }
                for d in discounts.get(row["id"], [])
            ],
            "is_cancelled": statuses.is_cancelled(row["status"]),
            "is_cancellable": any(c for c, _r in flags),
            "is_refundable": any(r for _c, r in flags),
            "shipping_address": addresses.get(row["shipping_address_id"]),
            "billing_address": addresses.get(row["billing_address_id"]),
            "shipping_company": labeled(ShippingCompany, row["shipping_company"])
            if row["shipping_company"] is not None
            else None,
            "payment_option": {
                "pk": row["payment_option__id"],
                "name": row["payment_option__name"],
                "payment_type": row["payment_option__payment_type"],
                "payment_type_label": payment_type_label(row["payment_option__payment_type"]),
                "slug": row["payment_option__slug"],
            }
            if row["payment_option__id"] is not None
            else None,
            "amount_without_discount": plans.amount(row["amount"] + row["discount_amount"]),
            "is_payable": statuses.is_payable(row["status"]),
            "tracking_url": row["defined_tracking_url"] or row["shipping_tracking_url"],
            "bank": {
                "pk": row["bank__id"],
                "name": row["bank__name"],
                "slug": row["bank__slug"],
                "logo": bank_storage.url(row["bank__logo"]) if row["bank__logo"] else None,
            }
            if row["bank__id"] is not None
            else None,
            "loyaltytransaction_set": [],
        }
        results.append(_render(plans.order, row, computed))
    return results
