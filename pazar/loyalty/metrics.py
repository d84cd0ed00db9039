"""The loyalty-card synchronisation backlog in Prometheus, read from the database at scrape time."""

from django.db.models import Min
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from pazar.loyalty.models import LoyaltyAccount


class LoyaltySyncCollector:
    """Accounts with changes the loyalty service has not seen yet, and how long the oldest has waited."""

    def collect(self):
        backlog = LoyaltyAccount.objects.filter(next_attempt_at__isnull=False)
        figures = backlog.aggregate(oldest=Min("next_attempt_at"))
        yield GaugeMetricFamily(
            "pazar_loyalty_sync_backlog", "Loyalty accounts waiting to sync.", value=backlog.count()
        )
        oldest = figures["oldest"]
        overdue = max((timezone.now() - oldest).total_seconds(), 0.0) if oldest else 0.0
        yield GaugeMetricFamily(
            "pazar_loyalty_sync_overdue_seconds",
            "How long the most overdue sync has been due (0 when none).",
            value=overdue,
        )
