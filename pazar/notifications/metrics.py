"""The outbox in Prometheus, read from the database at scrape time (the same whichever process answers)."""

from datetime import timedelta

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from pazar.notifications.models import Notification, NotificationKind, NotificationStatus


class OutboxCollector:
    """pending/failed counts, the oldest pending row's age, rows by kind and status, SMS sent in the last hour."""

    def collect(self):
        now = timezone.now()
        by_status = GaugeMetricFamily(
            "pazar_notifications",
            "Outbox rows by kind and status (sent and failed only grow).",
            labels=["kind", "status"],
        )
        rows = Notification.objects.values_list("kind", "status").annotate(n=Count("id")).order_by()
        counts = {(kind, status): n for kind, status, n in rows}
        for kind in NotificationKind.values:
            for status in NotificationStatus.values:
                by_status.add_metric([kind, status], counts.get((kind, status), 0))
        yield by_status
        oldest = Notification.objects.filter(status=NotificationStatus.PENDING).aggregate(oldest=Min("created_date"))
        age = (now - oldest["oldest"]).total_seconds() if oldest["oldest"] else 0.0
        yield GaugeMetricFamily(
            "pazar_outbox_oldest_pending_seconds", "Age of the oldest pending notification (0 when none).", value=age
        )
        yield GaugeMetricFamily(
            "pazar_outbox_pending", "Notifications waiting to be sent.", value=_sum(counts, NotificationStatus.PENDING)
        )
        yield GaugeMetricFamily(
            "pazar_outbox_failed",
            "Notifications that ran out of attempts.",
            value=_sum(counts, NotificationStatus.FAILED),
        )
        sms_hour = Notification.objects.filter(
            kind=NotificationKind.SMS, status=NotificationStatus.SENT, sent_at__gte=now - timedelta(hours=1)
        ).count()
        yield GaugeMetricFamily("pazar_sms_sent_last_hour", "SMS delivered in the last hour.", value=sms_hour)


def _sum(counts: dict, status: str) -> int:
    return sum(n for (_, s), n in counts.items() if s == status)
