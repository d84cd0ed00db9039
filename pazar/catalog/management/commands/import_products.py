"""`manage.py import_products FILE`: products from JSON lines or CSV, matched by SKU."""

import csv
import sys

from django.core.management.base import BaseCommand, CommandError

from pazar.catalog.importing import csv_lines, import_products, json_lines


class Command(BaseCommand):
    """Create or update products from FILE; stock changes go through the stock service (alerts)."""

    help = (
        "Import products from JSON lines (one object per line) or CSV (a header row), matched by sku: "
        "a new sku creates the product, a known one updates the fields the line names. Fields: sku, name, "
        "base_code, absolute_url, price, retail_price, currency, stock, attribute_set, attributes, "
        "attributes_kwargs, extra_attributes (JSON objects), data_source (a seller's supplier code). "
        "Bad lines are reported and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help='A .jsonl or .csv file ("-" reads standard input).')
        parser.add_argument(
            "--format", choices=["jsonl", "csv"], help="The file's format (default: by its extension; jsonl)."
        )

    def handle(self, *args, **options):
        path = options["file"]
        if path == "-":
            text = sys.stdin.read()
        else:
            try:
                with open(path, encoding="utf-8-sig", newline="") as handle:
                    text = handle.read()
            except OSError as exc:
                raise CommandError(f"Cannot read {path}: {exc.strerror}")
        kind = options["format"] or ("csv" if path.lower().endswith(".csv") else "jsonl")
        try:
            payloads = list(csv_lines(text) if kind == "csv" else json_lines(text))
        except csv.Error as exc:
            raise CommandError(f"Cannot read the CSV: {exc}")
        report = import_products(payloads, total=len(payloads), stream=self.stderr)
        for number, reason in report.failed:
            self.stderr.write(f"line {number}: {reason}")
        summary = f"{report.created} created, {report.updated} updated, {len(report.failed)} failed."
        if report.failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
