"""`/metrics`: closed to strangers; requests by route and status with latency, the outbox, SMS, loyalty, throttles."""

from datetime import timedelta

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from pazar.core import metrics
from pazar.notifications.models import Notification, NotificationStatus

URL = "/metrics"


def _samples(response) -> dict:
    """{(name, frozenset(labels)): value} of a scrape."""
    out = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            out[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return out


def _value(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.mark.django_db
def test_strangers_get_a_404_scrapers_get_in_by_token_or_address(client, settings):
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    settings.METRICS_TOKEN = "scrape-token"

    assert client.get(URL).status_code == 404
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer scrape-token").status_code == 200
    assert client.get(URL, REMOTE_ADDR="10.1.2.3").status_code == 200


@pytest.mark.django_db
def test_an_empty_token_opens_nothing(client, settings):
    settings.METRICS_ALLOWED_IPS = []
    settings.METRICS_TOKEN = ""
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.django_db
def test_requests_are_counted_by_route_and_status_with_latency(client):
    before = _samples(client.get(URL))

    client.get("/health/")
    client.get("/health/")
    client.get("/users/orders/999/")  # a route with an id: counted by its pattern, not its path
    client.get("/no/such/path/")
    after = _samples(client.get(URL))

    def delta(name, **labels):
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert delta("pazar_http_requests_total", route="/health/", method="GET", status="200") == 2
    assert delta("pazar_http_requests_total", route="not-found", method="GET", status="404") == 1
    assert delta("pazar_http_requests_total", route="/users/orders/<int:id>/", method="GET", status="403") == 1
    assert not any("999" in str(labels) for (_name, labels) in after)
    assert delta("pazar_http_request_duration_seconds_count", route="/health/", method="GET") == 2
    assert delta("pazar_http_request_duration_seconds_bucket", route="/health/", method="GET", le="30.0") == 2


@pytest.mark.django_db
def test_throttle_hits_are_counted():
    before = metrics.THROTTLED.labels("/users/login/")._value.get()
    metrics.observe_request(route="/users/login/", method="POST", status=429, seconds=0.01)
    assert metrics.THROTTLED.labels("/users/login/")._value.get() == before + 1


@pytest.mark.django_db
def test_the_outbox_sms_and_loyalty_figures(client):
    from pazar.accounts.tests.factories import UserFactory
    from pazar.loyalty.models import LoyaltyAccount

    now = timezone.now()

    def row(kind, status, **fields):
        notification = Notification.objects.create(
            kind=kind, event="x", to="+905551112233", language="en", body_text="b", status=status, **fields
        )
        return notification

    old = row("email", NotificationStatus.PENDING)
    Notification.objects.filter(pk=old.pk).update(created_date=now - timedelta(minutes=10))
    row("email", NotificationStatus.FAILED)
    row("sms", NotificationStatus.SENT, sent_at=now - timedelta(minutes=5))
    row("sms", NotificationStatus.SENT, sent_at=now - timedelta(hours=3))
    LoyaltyAccount.objects.create(user=UserFactory(), next_attempt_at=now - timedelta(minutes=2))
    LoyaltyAccount.objects.create(user=UserFactory(), next_attempt_at=None)

    samples = _samples(client.get(URL))

    assert _value(samples, "pazar_outbox_pending") == 1
    assert _value(samples, "pazar_outbox_failed") == 1
    assert 590 < _value(samples, "pazar_outbox_oldest_pending_seconds") < 700
    assert _value(samples, "pazar_notifications", kind="sms", status="sent") == 2
    assert _value(samples, "pazar_notifications", kind="email", status="failed") == 1
    assert _value(samples, "pazar_sms_sent_last_hour") == 1
    assert _value(samples, "pazar_loyalty_sync_backlog") == 1
    assert 100 < _value(samples, "pazar_loyalty_sync_overdue_seconds") < 200


@pytest.mark.django_db
def test_the_scrape_costs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(URL).status_code == 200
