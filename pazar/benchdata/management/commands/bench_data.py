"""`manage.py bench_data --scale small|large|xlarge`, then `--late-seller`: benchmark data (pazar/benchdata/data.py)."""

import contextlib
import json
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from pazar.benchdata import data as bench_data


class Command(BaseCommand):
    help = "Fill an empty PostgreSQL database with benchmark data (fixed seed, skewed, loaded with COPY)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(bench_data.SCALES), default="small")
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")
        parser.add_argument(
            "--late-seller",
            action="store_true",
            help="On loaded data: remove what came after the load, ANALYZE, add the late seller; print the meta.",
        )

    def handle(self, *args, **options):
        if options["late_seller"]:
            with contextlib.redirect_stdout(sys.stderr):
                try:
                    meta = bench_data.late_seller()
                except bench_data.BenchDataError as exc:
                    raise CommandError(str(exc)) from exc
            self.stdout.write(json.dumps(meta))
            return
        started = time.monotonic()
        # stdout carries only the JSON meta: the demo's console emails go to stderr.
        with contextlib.redirect_stdout(sys.stderr):
            call_command("demo", force=True)
            try:
                meta = bench_data.load(options["scale"], progress=not options["no_progress"])
            except bench_data.BenchDataError as exc:
                raise CommandError(str(exc)) from exc
        meta["load_seconds"] = round(time.monotonic() - started, 1)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            meta["database_bytes"] = cursor.fetchone()[0]
        self.stderr.write(
            f"bench_data --scale {options['scale']}: loaded in {meta['load_seconds']} s, "
            f"database {meta['database_bytes'] / 2**30:.2f} GiB"
        )
        self.stdout.write(json.dumps(meta))
