"""The outbox's part of `/health/ready/`: notifications waiting longer than they should."""

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from pazar.core.readiness import FAILING, OK
from pazar.notifications.models import Notification, NotificationStatus


def outbox() -> dict:
    """Failing when the oldest pending notification is older than `READINESS_OUTBOX_MAX_AGE_SECONDS`."""
    pending = Notification.objects.filter(status=NotificationStatus.PENDING)
    oldest = pending.aggregate(oldest=Min("created_date"))["oldest"]
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    limit = settings.READINESS_OUTBOX_MAX_AGE_SECONDS
    return {
        "status": OK if age <= limit else FAILING,
        "oldest_pending_seconds": round(age, 1),
        "max_age_seconds": limit,
    }
