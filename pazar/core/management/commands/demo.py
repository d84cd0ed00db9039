"""`manage.py demo [--json]`: create the demo shop, idempotently."""

import contextlib
import json
import logging
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

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
        # The emails and SMS the demo causes stay in the outbox (`manage.py outbox` shows them) instead
        # of being printed by the console backends; the libraries' chatter is kept out of the summary.
        with _quiet(), transaction.atomic():
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
        if admin := ctx.objects.get("admin_login"):
            self.stdout.write(f"  admin    /admin/  {admin['email']} / {admin['password']}")
        self.stdout.write("  emails and SMS it sent: python manage.py outbox")
        if settings.CAPTCHA_VERIFIER.endswith(".SandboxVerifier"):
            self.stdout.write(
                "  captcha  (sandbox) past the failed-login threshold: answer sandbox-pass at /users/pz-captcha/"
            )


@contextlib.contextmanager
def _quiet():
    """Deliveries to memory, kombu and Celery's per-task lines silenced, anything else printed to stderr."""
    loggers = [logging.getLogger(name) for name in ("kombu", "celery", "pazar.notifications")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            contextlib.redirect_stdout(sys.stderr),
        ):
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
