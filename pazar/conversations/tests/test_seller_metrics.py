"""Response-time metrics on a known set of timestamps: per seller (API) and for every seller (admin)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model

from pazar.conversations.models import Conversation, ConversationType, SenderType
from pazar.conversations.selectors import seller_response_metrics
from pazar.conversations.tests.factories import ConversationFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
HOUR = 3600


def _conversation(datasource, *, age_hours, answered_after_hours=None, kind=ConversationType.QUESTION, **extra):
    created = NOW - timedelta(hours=age_hours)
    conversation = ConversationFactory(datasource=datasource, conversation_type=kind)
    first_response = created + timedelta(hours=answered_after_hours) if answered_after_hours is not None else None
    Conversation.objects.filter(pk=conversation.pk).update(
        created_date=created,
        first_response_at=first_response,
        reply_needed_since=None if first_response else (created if kind != ConversationType.REVIEW else None),
        **extra,
    )
    return conversation


@pytest.fixture
def known(datasource):
    """Questions answered after 1, 2, 3, 4 and 30 hours; one waiting 2 days, one waiting 1 hour;
    a message answered after 6 hours; a review; and what must not count."""
    for after in (1, 2, 3, 4, 30):
        _conversation(datasource, age_hours=100, answered_after_hours=after)
    _conversation(datasource, age_hours=48)  # waiting past the target
    _conversation(datasource, age_hours=1)  # waiting, not late yet
    _conversation(datasource, age_hours=10, answered_after_hours=6, kind=ConversationType.MESSAGE)
    _conversation(datasource, age_hours=5, kind=ConversationType.REVIEW)
    _conversation(datasource, age_hours=24 * 40, answered_after_hours=1)  # before the period
    _conversation(datasource, age_hours=3, answered_after_hours=1, opened_by=SenderType.DATASOURCE)  # the seller's
    return datasource


def test_the_figures_of_a_known_set(known):
    metrics = seller_response_metrics(datasource_id=known.pk, days=30, now=NOW)[known.pk]

    # answered: 1, 2, 3, 4, 6, 30 hours
    assert metrics["conversations"] == 9
    assert metrics["unanswered"] == 2
    assert metrics["answered"] == 6
    assert metrics["median_first_response_seconds"] == 3.5 * HOUR
    # percentile_cont(0.9) of six values: position 4.5 between 6 h and 30 h
    assert metrics["p90_first_response_seconds"] == 18 * HOUR
    # due: six answered + one waiting 48 h; within 24 h: five
    assert metrics["answered_within_24h"] == round(5 / 7, 4)
    question = metrics["by_type"]["question"]
    assert (question["conversations"], question["answered"], question["unanswered"]) == (7, 5, 2)
    assert question["median_first_response_seconds"] == 3 * HOUR
    assert question["p90_first_response_seconds"] == pytest.approx((4 + 0.6 * 26) * HOUR)
    assert question["answered_within_24h"] == round(4 / 6, 4)
    assert metrics["by_type"]["message"]["median_first_response_seconds"] == 6 * HOUR
    review = metrics["by_type"]["review"]
    assert (review["conversations"], review["answered"], review["median_first_response_seconds"]) == (1, 0, None)
    assert review["answered_within_24h"] is None


def test_a_seller_without_conversations_gets_zeros(datasource):
    metrics = seller_response_metrics(datasource_id=datasource.pk, days=30, now=NOW)[datasource.pk]

    assert metrics["conversations"] == 0
    assert metrics["median_first_response_seconds"] is None
    assert metrics["answered_within_24h"] is None


def test_the_seller_reads_its_metrics(seller_client, channel, datasource, other_seller):
    # given a question answered after two hours, one of another store
    now = datetime.now(UTC)
    conversation = ConversationFactory(datasource=datasource, question=True)
    Conversation.objects.filter(pk=conversation.pk).update(
        created_date=now - timedelta(hours=5), first_response_at=now - timedelta(hours=3)
    )
    ConversationFactory(datasource=other_seller.datasource)

    response = seller_client.get(f"/api/v1/remote/{channel.pk}/conversations/metrics/", {"days": 7})

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {
        "days",
        "since",
        "conversations",
        "unanswered",
        "answered",
        "median_first_response_seconds",
        "p90_first_response_seconds",
        "answered_within_24h",
        "by_type",
    }
    assert (body["days"], body["conversations"], body["answered"]) == (7, 1, 1)
    assert body["median_first_response_seconds"] == pytest.approx(2 * HOUR, abs=1)
    assert body["answered_within_24h"] == 1.0
    assert set(body["by_type"]) == {"message", "question", "review"}


@pytest.mark.parametrize("days", ["0", "366", "x"])
def test_a_bad_period_is_a_400(seller_client, channel, days):
    response = seller_client.get(f"/api/v1/remote/{channel.pk}/conversations/metrics/", {"days": days})

    assert response.status_code == 400
    assert "days" in response.json()


def test_staff_name_the_seller(staff_client, channel, datasource):
    path = f"/api/v1/remote/{channel.pk}/conversations/metrics/"

    assert staff_client.get(path).status_code == 400
    assert staff_client.get(path, {"datasource": datasource.pk}).json()["conversations"] == 0


def test_the_admin_lists_every_seller_sortable(client, known, datasource):
    from pazar.catalog.tests.factories import DataSourceFactory

    slow = DataSourceFactory(name="slow-store")
    _conversation(slow, age_hours=3, answered_after_hours=2)
    admin = get_user_model().objects.create_superuser(email="root@example.com", password="pw-123456-long")
    client.force_login(admin)

    response = client.get("/admin/conversations/conversation/metrics/", {"days": 3650, "o": "-median_hours"})

    assert response.status_code == 200
    text = response.content.decode()
    assert "slow-store" in text and datasource.name in text
    rows = response.context["rows"]
    assert [r["median_hours"] for r in rows] == sorted((r["median_hours"] for r in rows), reverse=True)
    assert client.get("/admin/conversations/conversation/metrics/", {"o": "name"}).status_code == 200
