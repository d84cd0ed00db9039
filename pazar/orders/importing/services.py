"""Writing imported orders: one line, one transaction; a file of lines with a report."""

import hashlib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.management.base import OutputWrapper
from django.db import IntegrityError, transaction
from django.utils import timezone
from tqdm import tqdm

from pazar.accounts.models import User
from pazar.addresses.models import Address, AddressType, City, Country, District, Township
from pazar.catalog.models import DataSource, Product
from pazar.orders.importing.serializers import ImportLineError
from pazar.orders.models import (
    Bank,
    DiscountItem,
    OldOrder,
    OldOrderItem,
    Order,
    OrderItem,
    PaymentOption,
)


def _user_for(email: str) -> User:
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        raise ImportLineError(f"no user with email {email}")
    return user


def _str(value) -> str:
    return value if value is not None else ""


def _address_for(*, user: User, data: dict | None) -> Address | None:
    """The user's address with these fields (by hash_data), created the first time."""
    if not data:
        return None
    hash_data = (
        data.get("hash_data")
        or hashlib.md5(  # noqa: S324  (a fingerprint, not a secret)
            json.dumps(data, sort_keys=True, default=str).encode()
        ).hexdigest()
    )
    existing = Address.objects.filter(user=user, hash_data=hash_data).order_by("pk").first()
    if existing is not None:
        return existing
    if not data["country"].get("code"):
        raise ImportLineError("an address's country needs its code")
    country_code = data["country"]["code"].lower()
    country, _ = Country.objects.get_or_create(code=country_code, defaults={"name": data["country"]["name"]})
    city = City.objects.filter(country=country, name=data["city"]["name"]).order_by("pk").first()
    city = city or City.objects.create(country=country, name=data["city"]["name"])
    township = district = None
    if data.get("township"):
        township = Township.objects.filter(city=city, name=data["township"]["name"]).order_by("pk").first()
        township = township or Township.objects.create(city=city, name=data["township"]["name"])
    if data.get("district"):
        district = (
            District.objects.filter(city=city, township=township, name=data["district"]["name"]).order_by("pk").first()
        )
        district = district or District.objects.create(city=city, township=township, name=data["district"]["name"])
    return Address.objects.create(
        user=user,
        email=_str(data.get("email")),
        phone_number=_str(data.get("phone_number")),
        first_name=data["first_name"],
        last_name=data["last_name"],
        country=country,
        city=city,
        township=township,
        district=district,
        line=data["line"],
        title=_str(data.get("title")),
        postcode=_str(data.get("postcode")),
        notes=data.get("notes"),
        company_name=_str(data.get("company_name")),
        tax_office=_str(data.get("tax_office")),
        tax_no=_str(data.get("tax_no")),
        e_bill_taxpayer=data.get("e_bill_taxpayer", False),
        hash_data=hash_data,
        address_type=AddressType.CUSTOMER,
        identity_number=data.get("identity_number"),
        extra_field=data.get("extra_field"),
        is_corporate=data.get("is_corporate", False),
    )


def _product_for(data: dict) -> Product:
    product = Product.objects.filter(sku=data["sku"]).first()
    if product is not None:
        return product
    return Product.objects.create(
        sku=data["sku"],
        name=data["name"],
        base_code=_str(data.get("base_code")),
        absolute_url=_str(data.get("absolute_url")),
        attributes=data.get("attributes") or {},
        attributes_kwargs=data.get("attributes_kwargs") or {},
        extra_attributes=data.get("extra_attributes") or {},
    )


def _datasource_for(data: dict | None) -> DataSource | None:
    if not data:
        return None
    datasource = DataSource.objects.filter(supplier_code=data["supplier_code"]).first()
    if datasource is None:
        raise ImportLineError(f"no datasource with supplier code {data['supplier_code']}")
    return datasource


ORDER_TEXT_FIELDS = [
    "shipping_option_slug",
    "payment_option_slug",
    "language_code",
    "bin_number",
    "tracking_number",
    "defined_tracking_url",
    "shipping_tracking_url",
    "invoice_number",
    "e_archive_url",
    "gift_box_note",
    "notes",
]
ORDER_PLAIN_FIELDS = [
    "status",
    "currency",
    "amount",
    "discount_amount",
    "shipping_amount",
    "shipping_tax_rate",
    "refund_amount",
    "discount_refund_amount",
    "shipping_refund_amount",
    "installment_count",
    "installment_interest_amount",
    "client_type",
    "shipping_company",
    "invoice_date",
    "remote_addr",
    "has_gift_box",
    "delivery_range",
    "basket",
    "shipping_option",
    "card",
    "installment",
    "segment",
    "checkout_provider",
]
ORDER_BLANK_NOT_NULL = {"shipping_option_slug", "payment_option_slug", "language_code"}
ITEM_PLAIN_FIELDS = [
    "status",
    "price_currency",
    "price",
    "retail_price",
    "tax_rate",
    "quantity",
    "delivered_date",
    "estimated_delivery_date",
    "shipping_company",
    "tracking_number",
    "defined_tracking_url",
    "shipping_tracking_url",
    "invoice_number",
    "invoice_date",
    "e_archive_url",
    "image",
    "attributes",
    "attributes_kwargs",
    "localized_attributes",
    "localized_attributes_kwargs",
    "extra_field",
    "extra_product_price",
    "extra_product_stock",
]


@transaction.atomic
def order_import(*, data: dict) -> bool:
    """Import one validated order line; False when its number was already imported."""
    if Order.objects.filter(number=data["number"]).exists():
        return False
    user = _user_for(data["user_email"])
    payment_option = bank = None
    if data.get("payment_option"):
        option = data["payment_option"]
        payment_option, _ = PaymentOption.objects.get_or_create(
            slug=option["slug"], defaults={"name": option["name"], "payment_type": option["payment_type"]}
        )
    if data.get("bank"):
        bank, _ = Bank.objects.get_or_create(slug=data["bank"]["slug"], defaults={"name": data["bank"]["name"]})
    fields = {name: data.get(name) for name in ORDER_PLAIN_FIELDS if name in data}
    for name in ORDER_TEXT_FIELDS:
        value = data.get(name)
        fields[name] = _str(value) if name in ORDER_BLANK_NOT_NULL else (value or None)
    order = Order.objects.create(
        number=data["number"],
        user=user,
        user_email=data["user_email"],
        created_date=data.get("created_date") or timezone.now(),
        shipping_address=_address_for(user=user, data=data.get("shipping_address")),
        billing_address=_address_for(user=user, data=data.get("billing_address")),
        payment_option=payment_option,
        bank=bank,
        extra_field=data.get("extra_field"),
        **fields,
    )
    for item in data["orderitem_set"]:
        OrderItem.objects.create(
            order=order,
            product=_product_for(item["product"]),
            datasource=_datasource_for(item.get("datasource_detailed")),
            created_date=item.get("created_date") or order.created_date,
            **{name: item[name] for name in ITEM_PLAIN_FIELDS if name in item},
        )
    DiscountItem.objects.bulk_create(
        DiscountItem(
            order=order,
            name=discount["name"],
            amount=discount["amount"],
            currency=discount["currency"],
            created_date=discount.get("created_date") or order.created_date,
        )
        for discount in data.get("discountitem_set", [])
    )
    return True


@transaction.atomic
def old_order_import(*, data: dict) -> bool:
    """Import one validated old-order line; False when its number was already imported."""
    if OldOrder.objects.filter(number=data["number"]).exists():
        return False
    user = _user_for(data["user_email"])
    old_order = OldOrder.objects.create(
        number=data["number"],
        user=user,
        user_email=data["user_email"],
        created_date=data.get("created_date") or timezone.now(),
        status=_str(data.get("status")),
        currency=data["currency"],
        amount=data["amount"],
        discount_amount=data["discount_amount"],
        payment_type=_str(data.get("payment_type")),
        bank=_str(data.get("bank")),
        installment_count=data["installment_count"],
        shipping_company=data.get("shipping_company"),
        tracking_number=data.get("tracking_number") or None,
        shipping_address=_str(data.get("shipping_address")),
        billing_address=_str(data.get("billing_address")),
        extra_field=data.get("extra_field") or {},
    )
    OldOrderItem.objects.bulk_create(
        OldOrderItem(
            old_order=old_order,
            sku=_str(item.get("sku")),
            name=_str(item.get("name")),
            quantity=item["quantity"],
            price=item["price"],
            status=_str(item.get("status")),
            extra_field=item.get("extra_field") or {},
        )
        for item in data.get("oldorderitem_set", [])
    )
    return True


@dataclass
class ImportReport:
    """What an import did: counts and the bad lines with their reasons."""

    created: int = 0
    skipped: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)


def _errors_text(errors) -> str:
    return json.dumps(errors, ensure_ascii=False, default=str)


class Progress:
    """A progress bar on stderr with the rate and the time left (tqdm): redrawn in place on a terminal,
    written every 5 % when stderr is a file or a pipe."""

    def __init__(self, total: int, *, label: str, stream=None):
        stream = stream or sys.stderr
        if isinstance(stream, OutputWrapper):
            stream = stream._out
        tty = getattr(stream, "isatty", lambda: False)()
        self.done = 0
        self.bar = tqdm(
            total=total,
            desc=label,
            unit="line",
            file=stream,
            ncols=None if tty else 100,
            mininterval=0.1 if tty else 0,
            miniters=1 if tty else max(total // 20, 1),
            ascii=not tty,
        )

    def update(self, done: int) -> None:
        self.bar.update(done - self.done)
        self.done = done

    def finish(self) -> None:
        self.bar.close()


def import_lines(
    lines: Iterable[str], *, serializer_class, importer, total: int, label: str, progress_stream=None
) -> ImportReport:
    """Validate and import each non-empty line in its own transaction; bad lines are reported, not fatal."""
    report = ImportReport()
    progress = Progress(total, label=label, stream=progress_stream)
    for number, line in enumerate(lines, start=1):
        progress.update(number)
        if not line.strip():
            continue
        try:
            payload = json.loads(line)
        except json.JSONDecodeError as exc:
            report.failed.append((number, f"not JSON: {exc.msg}"))
            continue
        if not isinstance(payload, dict):
            report.failed.append((number, "not a JSON object"))
            continue
        body = serializer_class(data=payload)
        if not body.is_valid():
            report.failed.append((number, _errors_text(body.errors)))
            continue
        try:
            created = importer(data=body.validated_data)
        except ImportLineError as exc:
            report.failed.append((number, str(exc)))
            continue
        except IntegrityError as exc:
            if not serializer_class.Meta.model.objects.filter(number=body.validated_data["number"]).exists():
                report.failed.append((number, f"rejected by the database: {exc}"))
                continue
            # Another import of the same number committed first.
            created = False
        if created:
            report.created += 1
        else:
            report.skipped += 1
    progress.finish()
    return report
