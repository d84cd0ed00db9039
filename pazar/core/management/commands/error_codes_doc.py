"""`manage.py error_codes_doc [--write PATH]`: print or write docs/error-codes.md from the apps' error_codes.py."""

from pathlib import Path

from django.core.management.base import BaseCommand

from pazar.core.error_codes_doc import render


class Command(BaseCommand):
    help = "Generate the error-code tables from every app's error_codes.py."

    def add_arguments(self, parser):
        parser.add_argument("--write", metavar="PATH", help="Write the document there instead of printing it.")

    def handle(self, *args, **options):
        text = render()
        if options["write"]:
            Path(options["write"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {options['write']}.")
        else:
            self.stdout.write(text, ending="")
