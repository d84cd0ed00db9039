"""The read path of the order list and detail: orders as plain dicts, from `values()` queries.

The answer is exactly OrderSerializer's (a test compares the two on orders of every shape), but a
page no longer builds a model instance per order, item and product nor runs DRF's field machinery
per value: on a page of 12 orders that was two thirds of the request (`make bench`, cProfile).
Plain columns are converted by the serializers' own field objects, in the serializers' field
order, so a field added to a serializer shows up here or fails that test; the computed fields
(labels, flags, nested objects) are built here with the same rules (pazar/orders/rules.py).

Queries, whatever the page size: the page (with payment option and bank joined), items, products,
their images, sellers, requests, trade-in offers, discounts, addresses; plus the dynamic return
window and the easy-return companies.
"""

from types import SimpleNamespace

from django.db.models import QuerySet
from rest_framework.relations import RelatedField

from pazar.addresses.models import Address
from pazar.addresses.serializers import ADDRESS_RELATED, AddressSerializer
from pazar.catalog.models import Currency, DataSource, Product, ProductImage
from pazar.catalog.serializers import DataSourceSerializer
from pazar.core.rows import RowsBy
from pazar.core.serializers import represent, shared
from pazar.orders import rules, selectors
from pazar.orders.models import (
    Bank,
    CancellationRequest,
    DiscountItem,
    EasyReturnShippingCompany,
    Order,
    OrderItem,
    OrderStatus,
    ShippingCompany,
    TradeInOffer,
    TradeInStatus,
)
from pazar.orders.serializers import (
    CancellationRequestSerializer,
    DiscountItemSerializer,
    EasyReturnShippingCompanySerializer,
    OrderItemSerializer,
    OrderProductSerializer,
    OrderSerializer,
    labeled,
)

COMPUTED = object()


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
        else:
            plan.append((name, field.source, field.to_representation))
    return plan


def _columns(plan: list[tuple], *extra: str) -> list[str]:
    keys = [key for _name, key, convert in plan if convert is not COMPUTED]
    return list(dict.fromkeys([*keys, *extra]))


def _render(plan: list[tuple], row: dict, computed: dict) -> dict:
    out = {}
    for name, key, convert in plan:
        if convert is COMPUTED:
            out[name] = computed[name]
        else:
            value = row[key]
            out[name] = value if value is None or convert is None else convert(value)
    return out


class Plans:
    """The field plans, built once (the serializers' fields are)."""

    _built = None

    @classmethod
    def get(cls):
        if cls._built is None:
            item, product = _plan(OrderItemSerializer), _plan(OrderProductSerializer)
            cls._built = SimpleNamespace(
                order=_plan(OrderSerializer),
                item=item,
                product=product,
                amount=shared(OrderSerializer).fields["amount_without_discount"].to_representation,
                discount=shared(DiscountItemSerializer).fields,
                # The nested objects' queries, written once (pazar/core/rows.py).
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
                    EasyReturnShippingCompanySerializer.Meta.fields,
                    order_by=("pk",),
                    where={"is_active": True},
                ),
                company_sellers=RowsBy(
                    EasyReturnShippingCompany.datasources.through,
                    ("easyreturnshippingcompany_id", "datasource_id"),
                    key="easyreturnshippingcompany",
                ),
                pending_tradein=RowsBy(
                    TradeInOffer, ("order_item_id",), key="order_item", where={"status": TradeInStatus.PENDING}
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
    "payment_option__id",
    "payment_option__name",
    "payment_option__payment_type",
    "payment_option__slug",
    "bank__id",
    "bank__name",
    "bank__slug",
    "bank__logo",
)
ITEM_EXTRA = (
    "order_id",
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


def page_rows(queryset: QuerySet[Order]) -> QuerySet:
    """The list's queryset (filters and order kept) as rows of the order's own columns."""
    return queryset.select_related(None).prefetch_related(None).values(*_columns(Plans.get().order, *ORDER_EXTRA))


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


def _addresses(ids: set) -> dict:
    """Each address once, however many orders name it."""
    return {
        address.pk: represent(AddressSerializer, address)
        for address in Address.objects.filter(pk__in=ids).select_related(*ADDRESS_RELATED)
    }


def _easy_return_companies(plans) -> list[tuple[dict, set]]:
    """The active easy-return companies as EasyReturnShippingCompanySerializer answers them, each
    with the sellers it serves (none: every seller)."""
    rows = plans.companies.all()
    sellers: dict[int, set] = {}
    for link in plans.company_sellers([row["pk"] for row in rows]):
        sellers.setdefault(link["easyreturnshippingcompany_id"], set()).add(link["datasource_id"])
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
    ]


def orders(rows: list[dict], *, request) -> list[dict]:
    """A page of orders as OrderSerializer answers it."""
    if not rows:
        return []
    plans = Plans.get()
    order_ids = [row["id"] for row in rows]
    items = plans.items(order_ids)
    item_ids = [item["id"] for item in items]
    requests: dict[int, list] = {}
    pending_tradein: set[int] = set()
    if item_ids:
        found = (
            CancellationRequest.objects.filter(order_item_id__in=item_ids)
            .select_related("easy_return__shipping_company")
            .order_by(*selectors.NEWEST_FIRST)
        )
        for instance in found:
            data = represent(CancellationRequestSerializer, instance)
            requests.setdefault(instance.order_item_id, []).append((instance, data))
        pending_tradein = {row["order_item_id"] for row in plans.pending_tradein(item_ids)}
    products = _products({item["product_id"] for item in items}, request)
    sellers = {row["pk"]: row for row in plans.sellers({i["datasource_id"] for i in items})}
    discounts = _by_key(plans.discounts(order_ids), "order_id")
    addresses = _addresses(
        {row[key] for row in rows for key in ("shipping_address_id", "billing_address_id") if row[key]}
    )
    policy = selectors.return_policy()
    companies = _easy_return_companies(plans)
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
            "is_cancelled": rules.is_cancelled(item["status"]),
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
            "is_cancelled": rules.is_cancelled(row["status"]),
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
                "slug": row["payment_option__slug"],
            }
            if row["payment_option__id"] is not None
            else None,
            "amount_without_discount": plans.amount(row["amount"] + row["discount_amount"]),
            "is_payable": row["status"] == OrderStatus.PAYMENT_WAITING,
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
