"""`manage.py outbox`: the outbox newest first, as text or as JSON."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from pazar.notifications.models import Notification, NotificationKind, NotificationStatus
from pazar.notifications.tests.factories import NotificationFactory


def _outbox(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("outbox", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _outbox_json(*args) -> list[dict]:
    out, _err = _outbox("--json", *args)
    return json.loads(out)


@pytest.fixture
def three_notifications():
    """An email, then an SMS, then another email, a minute apart."""
    start = timezone.now() - timedelta(minutes=10)
    rows = [
        NotificationFactory(to="Ayse@Example.com", subject="First", body_text="first body"),
        NotificationFactory(kind=NotificationKind.SMS, to="+905551112233", subject="", body_text="Kod: 1"),
        NotificationFactory(to="john@example.com", status=NotificationStatus.SENT, body_text="third body"),
    ]
    for minute, row in enumerate(rows):
        Notification.objects.filter(pk=row.pk).update(created_date=start + timedelta(minutes=minute))
        row.refresh_from_db()
    return rows


@pytest.mark.django_db
def test_json_lists_the_outbox_newest_first(three_notifications):
    first, second, third = three_notifications

    listed = _outbox_json()

    assert [n["id"] for n in listed] == [third.pk, second.pk, first.pk]
    assert listed[2] == {
        "id": first.pk,
        "kind": "email",
        "event": "test_message",
        "to": "Ayse@Example.com",
        "subject": "First",
        "body": "first body",
        "status": "pending",
        "created_date": first.created_date.isoformat(),
    }
    assert listed[0]["status"] == "sent"


@pytest.mark.django_db
def test_json_filters_by_kind_recipient_and_count(three_notifications):
    first, second, third = three_notifications

    assert [n["id"] for n in _outbox_json("--kind", "sms")] == [second.pk]
    assert [n["id"] for n in _outbox_json("--kind", "email")] == [third.pk, first.pk]
    assert [n["id"] for n in _outbox_json("--to", "ayse@example.COM")] == [first.pk]
    assert [n["id"] for n in _outbox_json("--last", "1")] == [third.pk]


@pytest.mark.django_db
def test_json_of_an_empty_outbox_is_an_empty_list():
    assert _outbox_json() == []


@pytest.mark.django_db
def test_text_shows_status_recipient_and_body(three_notifications):
    out, _err = _outbox("--kind", "sms")

    assert "+905551112233" in out
    assert "pending" in out
    assert "Kod: 1" in out
    assert "first body" not in out


@pytest.mark.django_db(transaction=True)
def test_sweep_delivers_what_is_due_and_json_stays_clean():
    # given a row whose task was lost
    notification = NotificationFactory(next_attempt_at=timezone.now() - timedelta(seconds=1))

    # when the command sweeps first
    out, err = _outbox("--sweep", "--json")

    # then the row was delivered and stdout holds only the JSON
    assert json.loads(out)[0]["status"] == "sent"
    assert "1 queued" in err
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT


@pytest.mark.django_db
def test_last_must_be_positive():
    with pytest.raises(CommandError):
        _outbox("--last", "0")
