"""`manage.py outbox [--kind email|sms] [--to ADDRESS] [--last N] [--json] [--sweep]`: read the outbox."""

import json

from django.core.management.base import BaseCommand, CommandError

from pazar.notifications.models import Notification, NotificationKind, NotificationStatus
from pazar.notifications.selectors import notification_list
from pazar.notifications.services import notifications_sweep

DEFAULT_LAST = 20


def notification_as_json(notification: Notification) -> dict:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "event": notification.event,
        "to": notification.to,
        "subject": notification.subject,
        "body": notification.body_text,
        "status": notification.status,
        "created_date": notification.created_date.isoformat(),
    }


class Command(BaseCommand):
    """Reads the outbox for developers and operators; `--json` for scripts and tests."""

    help = "List emails and SMS in the outbox with their delivery status, newest first."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=NotificationKind.values, help="Only emails or only SMS.")
        parser.add_argument("--to", help="Only those to this recipient (email address or phone number, any case).")
        parser.add_argument("--last", type=int, default=DEFAULT_LAST, help=f"How many (default {DEFAULT_LAST}).")
        parser.add_argument(
            "--status", choices=NotificationStatus.values, help="Only rows in this status, e.g. failed ones."
        )
        parser.add_argument("--json", action="store_true", help="Print only a JSON list.")
        parser.add_argument(
            "--sweep",
            action="store_true",
            help="First run the periodic job once (deliver what is due), e.g. when no Celery beat runs.",
        )

    def handle(self, *args, **options):
        if options["last"] < 1:
            raise CommandError("--last must be at least 1.")
        if options["sweep"]:
            summary = notifications_sweep()
            # On stderr, so that --json still prints nothing but JSON.
            self.stderr.write(
                "Sweep: {queued} queued, {reclaimed} taken back from stuck workers, {masked} masked.".format(**summary)
            )
        notifications = list(
            notification_list(kind=options["kind"], to=options["to"], status=options["status"])[: options["last"]]
        )
        if options["json"]:
            self.stdout.write(json.dumps([notification_as_json(n) for n in notifications], ensure_ascii=False))
            return
        if not notifications:
            self.stdout.write("The outbox is empty.")
            return
        for notification in notifications:
            self._write(notification)

    def _write(self, notification: Notification) -> None:
        style = {"sent": self.style.SUCCESS, "failed": self.style.ERROR}.get(notification.status, self.style.WARNING)
        self.stdout.write(
            f"#{notification.pk}  {notification.created_date:%Y-%m-%d %H:%M:%S}  {notification.kind:<5}  "
            f"{style(f'{notification.status:<7}')}  {notification.to}  {notification.event}  "
            f"(attempts: {notification.attempts})"
        )
        if notification.subject:
            self.stdout.write(f"    Subject: {notification.subject}")
        for line in notification.body_text.splitlines():
            self.stdout.write(f"    {line}")
        if notification.last_error:
            self.stdout.write(self.style.ERROR(f"    Last error: {notification.last_error}"))
        self.stdout.write("")
