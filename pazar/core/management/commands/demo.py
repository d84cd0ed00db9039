"""`manage.py demo [--json]`: create the demo shop, idempotently."""

import contextlib
import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pazar.core.demo import DemoContext, demo_builders


class Command(BaseCommand):
    help = "Create (or bring up to date) a small demo shop. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print only the demo accounts as JSON.")
        parser.add_argument("--force", action="store_true", help="Allow running with DEBUG=0.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("Refusing to load demo accounts with DEBUG=0 (use --force).")
        ctx = DemoContext()
        # Emails and SMS the demo causes are printed by the console backends after commit: keep
        # them off stdout when it must carry only JSON.
        quiet = contextlib.redirect_stdout(sys.stderr) if options["json"] else contextlib.nullcontext()
        with quiet, transaction.atomic():
            for build in demo_builders():
                build(ctx)
        if options["json"]:
            self.stdout.write(json.dumps(ctx.as_json()))
            return
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        for user in ctx.users:
            self.stdout.write(f"  shopper  {user['email']} / {user['password']}")
        for seller in ctx.sellers:
            self.stdout.write(
                f"  seller   datasource {seller['datasource_id']} on channel {seller['channel_id']}: "
                f"Authorization: Token {seller['token']}"
            )
