"""`manage.py import_products`: JSON lines or CSV by SKU, stock through the stock service, a progress bar."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from pazar.catalog.models import Product
from pazar.catalog.tests.factories import DataSourceFactory, ProductFactory

pytestmark = pytest.mark.django_db


def run(path):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_products", str(path), stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), str(exc)
    return out.getvalue(), err.getvalue(), None


def test_json_lines_create_and_update_by_sku(tmp_path):
    seller = DataSourceFactory(supplier_code="SELLER1")
    kept = ProductFactory(sku="OLD-1", name="Old name", price="5.00", base_code="KEEP")
    path = tmp_path / "products.jsonl"
    lines = [
        {
            "sku": "NEW-1",
            "name": "Lamp",
            "base_code": "LAMP",
            "price": "199.90",
            "retail_price": "249.90",
            "currency": "TRY",
            "stock": 3,
            "attributes": {"color": "red"},
            "data_source": "SELLER1",
        },
        {"sku": "OLD-1", "name": "New name"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n")

    out, err, failed = run(path)

    assert failed is None, err
    assert "1 created, 1 updated, 0 failed" in out
    assert "importing products" in err  # the progress bar
    new = Product.objects.get(sku="NEW-1")
    assert (new.name, str(new.price), str(new.retail_price), new.currency) == ("Lamp", "199.90", "249.90", "try")
    assert (new.stock, new.in_stock, new.attributes, new.data_source) == (3, True, {"color": "red"}, seller)
    kept.refresh_from_db()
    assert (kept.name, str(kept.price), kept.base_code) == ("New name", "5.00", "KEEP")


def test_csv_with_a_header_row(tmp_path):
    path = tmp_path / "products.csv"
    path.write_text('sku,name,price,stock,attributes\nCSV-1,Mug,12.00,0,"{""size"": ""L""}"\nCSV-2,Cup,,4,\n')

    out, err, failed = run(path)

    assert failed is None, err
    assert "2 created" in out
    mug, cup = Product.objects.get(sku="CSV-1"), Product.objects.get(sku="CSV-2")
    assert (str(mug.price), mug.stock, mug.in_stock, mug.attributes) == ("12.00", 0, False, {"size": "L"})
    assert (cup.price, cup.stock, cup.in_stock) == (None, 4, True)


def test_bad_lines_are_reported_and_the_rest_imported(tmp_path):
    path = tmp_path / "products.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"sku": "GOOD-1", "name": "Good"}),
                "{not json",
                json.dumps([1, 2]),
                json.dumps({"sku": "NEW-NO-NAME"}),
                json.dumps({"sku": "BAD-STOCK", "name": "x", "stock": -1}),
                json.dumps({"sku": "BAD-SELLER", "name": "x", "data_source": "NOBODY"}),
            ]
        )
    )

    out, err, failed = run(path)

    assert failed == "1 created, 0 updated, 5 failed."
    for number in (2, 3, 4, 5, 6):
        assert f"line {number}:" in err
    assert "a new product needs a name" in err
    assert list(Product.objects.values_list("sku", flat=True)) == ["GOOD-1"]


def test_an_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_products", str(tmp_path / "missing.csv"), stdout=io.StringIO(), stderr=io.StringIO())
