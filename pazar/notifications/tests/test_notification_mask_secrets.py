"""One-time secrets are sent in clear, then masked in the outbox once used or expired."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pazar.notifications.models import Notification, NotificationStatus
from pazar.notifications.services import notification_enqueue, notification_mask_secrets, notifications_sweep

CODE = "482913"


def _send_code(*, language="en", expire_in=timedelta(minutes=3), **kwargs):
    return notification_enqueue(
        kind="sms",
        event="sms_verification_code",
        to="+905551112233",
        context={"code": CODE, "minutes": 3},
        language=language,
        secrets={"code": CODE},
        secrets_expire_at=timezone.now() + expire_in if expire_in is not None else None,
        **kwargs,
    )


def _columns_holding(notification: Notification, value: str) -> list[str]:
    row = Notification.objects.filter(pk=notification.pk).values().get()
    return [name for name, column in row.items() if value in str(column)]


@pytest.mark.django_db
def test_the_code_is_sent_in_clear_and_kept_only_in_the_body(after_commit, sms_outbox):
    # when a verification code is sent
    with after_commit():
        notification = _send_code()

    # then the SMS carries it, and the row holds it only in the body that was sent
    assert [m.text for m in sms_outbox] == [f"Your verification code is {CODE}"]
    assert _columns_holding(notification, CODE) == ["body_text"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "masked"), [("en", "Your verification code is ******"), ("tr", "Doğrulama kodunuz: ******")]
)
def test_masking_replaces_the_code_everywhere(after_commit, language, masked):
    # given a code that was sent
    with after_commit():
        notification = _send_code(language=language)

    # when the caller says it has been used
    notification_mask_secrets(notification_id=notification.pk)

    # then the outbox shows it masked and holds it nowhere
    notification.refresh_from_db()
    assert notification.body_text == masked
    assert notification.status == NotificationStatus.SENT
    assert notification.secrets_masked_at is not None
    assert _columns_holding(notification, CODE) == []


@pytest.mark.django_db
def test_masking_twice_or_an_unknown_row_is_harmless(after_commit):
    with after_commit():
        notification = _send_code()
    notification_mask_secrets(notification_id=notification.pk)

    assert notification_mask_secrets(notification_id=notification.pk).body_text.endswith("******")
    assert notification_mask_secrets(notification_id=987654) is None


@pytest.mark.django_db
def test_the_sweep_masks_delivered_codes_once_they_expire(after_commit):
    # given two delivered codes, one expired and one still valid
    with after_commit():
        expired = _send_code(expire_in=timedelta(seconds=-1))
        valid = _send_code()

    # when the periodic job runs
    with after_commit():
        summary = notifications_sweep()

    # then only the expired one is masked
    assert summary["masked"] == 1
    expired.refresh_from_db()
    valid.refresh_from_db()
    assert expired.body_text == "Your verification code is ******"
    assert valid.body_text == f"Your verification code is {CODE}"


@pytest.mark.django_db
def test_a_code_without_expiry_is_masked_once_delivered(after_commit):
    with after_commit():
        notification = _send_code(expire_in=None)

    with after_commit():
        notifications_sweep()

    notification.refresh_from_db()
    assert notification.body_text == "Your verification code is ******"


@pytest.mark.django_db
def test_a_code_masked_before_delivery_is_never_sent(after_commit, make_due, sms_outbox):
    # given a code whose delivery task was lost, and which has expired since
    notification = _send_code(expire_in=timedelta(seconds=-1))
    make_due(notification)

    # when the periodic job runs
    with after_commit():
        notifications_sweep()

    # then the stale code is masked and not sent
    notification.refresh_from_db()
    assert sms_outbox == []
    assert notification.status == NotificationStatus.FAILED
    assert notification.body_text == "Your verification code is ******"
    assert "before it could be sent" in notification.last_error


@pytest.mark.django_db
def test_a_secret_also_passed_under_another_name_is_masked_too(after_commit):
    # given a caller that put the code in the context under another name too
    with after_commit():
        notification = notification_enqueue(
            kind="email",
            event="test_message",
            to="a@example.com",
            context={"message": f"Use {CODE} to sign in"},
            secrets={"code": CODE},
        )

    notification_mask_secrets(notification_id=notification.pk)

    notification.refresh_from_db()
    assert _columns_holding(notification, CODE) == []
    assert "Use ****** to sign in" in notification.body_text
