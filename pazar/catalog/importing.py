"""The product import: one line (a JSON object or a CSV row) validated, then written by SKU.

A line creates the product of its `sku` or updates the fields it names (the others are kept); its
`stock` goes through `product_stock_set`, so an import that brings a product back in stock answers
its alerts as the admin does. Each line is its own transaction: a bad line is reported, not fatal.
"""

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.management.base import OutputWrapper
from django.db import IntegrityError, transaction
from rest_framework import serializers
from tqdm import tqdm

from pazar.catalog.models import Currency, DataSource, Product
from pazar.catalog.services import product_stock_set

# The product's own fields a line may set, beside `stock` and `data_source`.
FIELDS = (
    "name",
    "base_code",
    "absolute_url",
    "price",
    "retail_price",
    "currency",
    "attribute_set",
    "attributes",
    "attributes_kwargs",
    "extra_attributes",
)
JSON_FIELDS = ("attributes", "attributes_kwargs", "extra_attributes")


class ProductImportSerializer(serializers.Serializer):
    """One line of the import; every field but `sku` may be left out (kept as it is)."""

    sku = serializers.CharField(max_length=128)
    name = serializers.CharField(max_length=255, required=False)
    base_code = serializers.CharField(max_length=128, required=False, allow_blank=True)
    absolute_url = serializers.CharField(max_length=255, required=False, allow_blank=True)
    price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True)
    retail_price = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    currency = serializers.ChoiceField(choices=Currency.choices, required=False)
    stock = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)
    attribute_set = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False, allow_null=True)
    attributes = serializers.DictField(required=False)
    attributes_kwargs = serializers.DictField(required=False)
    extra_attributes = serializers.DictField(required=False)
    data_source = serializers.SlugRelatedField(
        slug_field="supplier_code", queryset=DataSource.objects.all(), required=False, allow_null=True
    )

    def to_internal_value(self, data):
        if isinstance(data, dict) and isinstance(data.get("currency"), str):
            data = {**data, "currency": data["currency"].lower()}
        return super().to_internal_value(data)


class ImportLineError(Exception):
    """A valid line the catalog refuses (a new product without a name)."""


@transaction.atomic
def product_import(*, data: dict) -> bool:
    """Write one validated line; True when it created the product."""
    values = {name: data[name] for name in (*FIELDS, "data_source") if name in data}
    product = Product.objects.select_for_update().filter(sku=data["sku"]).first()
    created = product is None
    if created:
        if not values.get("name"):
            raise ImportLineError("a new product needs a name")
        product = Product.objects.create(sku=data["sku"], **values)
    elif values:
        for name, value in values.items():
            setattr(product, name, value)
        product.save(update_fields=[*values, "modified_date"])
    if "stock" in data:
        product_stock_set(product_id=product.pk, stock=data["stock"])
    return created


def csv_lines(text: str) -> Iterator[tuple[int, dict | str]]:
    """CSV rows as (line number, payload): a header row names the fields; an empty cell leaves its
    field out; the JSON fields hold a JSON object (a cell that is not JSON answers the reason)."""
    reader = csv.DictReader(text.splitlines())
    for row in reader:
        payload: dict | str = {}
        for name, value in row.items():
            if name is None or value is None or value == "":
                continue
            name = name.strip()
            if name in JSON_FIELDS:
                try:
                    value = json.loads(value)
                except json.JSONDecodeError as exc:
                    payload = f"{name}: not JSON: {exc.msg}"
                    break
            payload[name] = value
        yield reader.line_num, payload


def json_lines(text: str) -> Iterator[tuple[int, dict | str]]:
    """JSON lines as (line number, payload); a line that is not a JSON object answers the reason."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            payload = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, f"not JSON: {exc.msg}"
            continue
        yield number, payload if isinstance(payload, dict) else "not a JSON object"


@dataclass
class ImportReport:
    """What an import did: counts and the bad lines with their reasons."""

    created: int = 0
    updated: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)


def import_products(payloads: Iterable[tuple[int, dict | str]], *, total: int, stream=None) -> ImportReport:
    """Validate and write each (line number, payload) in its own transaction, with a progress bar on
    `stream`; a payload that is a string is the reason its line is bad."""
    stream = stream or sys.stderr
    if isinstance(stream, OutputWrapper):
        stream = stream._out
    tty = getattr(stream, "isatty", lambda: False)()
    report = ImportReport()
    bar = tqdm(
        total=total,
        desc="importing products",
        unit="line",
        file=stream,
        ncols=None if tty else 100,
        mininterval=0.1 if tty else 0,
        miniters=1 if tty else max(total // 20, 1),
        ascii=not tty,
    )
    for number, payload in payloads:
        bar.update(1)
        if isinstance(payload, str):
            report.failed.append((number, payload))
            continue
        body = ProductImportSerializer(data=payload)
        if not body.is_valid():
            report.failed.append((number, json.dumps(body.errors, ensure_ascii=False, default=str)))
            continue
        try:
            created = product_import(data=body.validated_data)
        except ImportLineError as exc:
            report.failed.append((number, str(exc)))
            continue
        except IntegrityError as exc:
            report.failed.append((number, f"rejected by the database: {exc}"))
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
    bar.close()
    return report
