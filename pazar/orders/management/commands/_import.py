"""What import_orders and import_old_orders share: read the file, import, report."""

import sys

from django.core.management.base import BaseCommand, CommandError

from pazar.orders.importing.services import import_lines


class ImportCommand(BaseCommand):
    """Import JSON lines from FILE ("-" for standard input); bad lines are reported, the rest imported."""

    serializer_class = None
    importer = None
    label = "orders"

    def add_arguments(self, parser):
        parser.add_argument("file", help='A JSON-lines file, one order per line ("-" reads standard input).')

    def handle(self, *args, **options):
        path = options["file"]
        if path == "-":
            lines = sys.stdin.read().splitlines()
        else:
            try:
                with open(path, encoding="utf-8") as handle:
                    lines = handle.read().splitlines()
            except OSError as exc:
                raise CommandError(f"Cannot read {path}: {exc.strerror}")
        report = import_lines(
            lines,
            serializer_class=self.serializer_class,
            importer=type(self).importer,
            total=len(lines),
            label=f"importing {self.label}",
            progress_stream=self.stderr,
        )
        for number, reason in report.failed:
            self.stderr.write(f"line {number}: {reason}")
        summary = f"{report.created} imported, {report.skipped} already there, {len(report.failed)} failed."
        if report.failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
