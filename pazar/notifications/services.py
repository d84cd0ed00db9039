"""Writes for the outbox: queue a notification, deliver it once, retry, sweep, mask its secrets.

A notification is a row written in the caller's transaction; delivery starts after commit. Every
state change is a conditional UPDATE, so two workers, a lost task and the sweeper can all try the
same row and it is still sent once.
"""

import json
import logging
import uuid
from datetime import datetime, timedelta
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from pazar.core.jobs import job_enqueue_on_commit
from pazar.core.observability import get_request_id
from pazar.notifications.models import (
    Notification,
    NotificationAttachment,
    NotificationKind,
    NotificationStatus,
)
from pazar.notifications.rendering import MASK, notification_templates, supported_language
from pazar.notifications.sms import get_sms_backend
from pazar.notifications.webhooks import WebhookUrlError, get_webhook_backend, signed_headers, webhook_secret

logger = logging.getLogger(__name__)

SWEEP_BATCH_SIZE = 500
ERROR_MAX_LENGTH = 2000
MASKED_BEFORE_SENDING = "Its one-time secrets expired or were used before it could be sent."
DELIVER_TASK = "pazar.notifications.tasks.notification_deliver_task"
ERASED = "The recipient was erased (KVKK) before it could be sent."
ABANDONED = "No worker finished sending it in time, and it has no attempts left."


def _schedule_delivery(notification_id: int) -> None:
    """Deliver after the caller's commit; if the broker is down, the sweeper delivers it later."""
    job_enqueue_on_commit(DELIVER_TASK, notification_id)


@transaction.atomic
def notification_enqueue(
    *,
    kind: str,
    event: str,
    to: str,
    context: dict,
    language: str | None = None,
    user: AbstractBaseUser | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
    reply_to: str = "",
    secrets: dict | None = None,
    secrets_expire_at: datetime | None = None,
) -> Notification:
    """Render the event's template and write the row (and its attachments) in the caller's transaction.

    The language is `language`, else the user's `language_code`, else the current language.
    `attachments` are `(filename, content, content_type)` and travel with an email under that
    name (stored under a random one); `reply_to` sets an email's Reply-To. `secrets`
    (e.g. `{"code": "123456"}`) are rendered like context but masked in the stored row once
    `secrets_expire_at` passes (or once sent, without an expiry) or `notification_mask_secrets`
    is called. Delivery starts after the outermost transaction commits; a rollback sends nothing.
    """
    if kind not in (NotificationKind.EMAIL, NotificationKind.SMS):
        raise ValueError(f"Unknown notification kind {kind!r} (webhooks go through webhook_enqueue).")
    if not to:
        raise ValueError("A notification needs a recipient.")
    if attachments and kind != NotificationKind.EMAIL:
        raise ValueError("Only an email can carry attachments.")
    secrets = secrets or {}
    templates = notification_templates(
        event=event,
        kind=kind,
        language=supported_language(language, getattr(user, "language_code", None), translation.get_language()),
    )
    content = templates.render({**context, **secrets})
    masked_content = None
    if secrets:
        masked_content = templates.render({**context, **dict.fromkeys(secrets, MASK)}).masked(secrets).as_dict()
    now = timezone.now()
    notification = Notification.objects.create(
        kind=kind,
        event=event,
        to=to,
        reply_to=reply_to,
        user=user,
        language=templates.language,
        subject=content.subject,
        body_text=content.body_text,
        body_html=content.body_html,
        next_attempt_at=now + settings.NOTIFICATIONS_STALE_AFTER,
        masked_content=masked_content,
        secrets_expire_at=secrets_expire_at if secrets else None,
        request_id=get_request_id(),
    )
    for filename, data, content_type in attachments or []:
        attachment = NotificationAttachment(notification=notification, filename=filename, content_type=content_type)
        attachment.file.save(
            f"{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}", ContentFile(data), save=False
        )
        attachment.save()
    _schedule_delivery(notification.pk)
    return notification


@transaction.atomic
def webhook_enqueue(*, event: str, url: str, payload: dict, datasource) -> Notification:
    """Queue a signed JSON POST of `payload` to `url`, in the caller's transaction.

    The body is fixed now (what is signed is what was queued); each attempt is signed with the
    datasource's webhook secret as it is at send time and carries the row's id as its
    idempotency id. The URL is checked again before every attempt.
    """
    now = timezone.now()
    notification = Notification.objects.create(
        kind=NotificationKind.WEBHOOK,
        event=event,
        to=url,
        datasource=datasource,
        language=settings.LANGUAGE_CODE,
        body_text=json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
        next_attempt_at=now + settings.NOTIFICATIONS_STALE_AFTER,
    )
    _schedule_delivery(notification.pk)
    return notification


def _grouped_content(*, event: str, language: str, payload: dict):
    templates = notification_templates(event=event, kind=NotificationKind.EMAIL, language=language)
    items = payload["items"]
    return templates.render({**payload["context"], "items": items, "count": len(items)})


@transaction.atomic
def notification_enqueue_grouped(
    *,
    event: str,
    to: str,
    group_key: str,
    context: dict,
    item: dict,
    language: str,
    window: timedelta,
    user: AbstractBaseUser | None = None,
) -> Notification:
    """An email that gathers items of one group (a digest) instead of one email per item.

    The template sees `context` plus `items` (every item gathered, oldest first) and `count`.
    The first item of a quiet group is sent at once. While that row is still pending, later
    items join it. Once it has gone, items arriving within `window` of it are gathered in one
    row held until the window ends (the sweeper sends it then). Callers serialize the items of a
    group (e.g. under the conversation's row lock); a row claimed by a worker meanwhile is left
    alone and the item starts a new row.
    """
    now = timezone.now()
    last = Notification.objects.filter(group_key=group_key, kind=NotificationKind.EMAIL).order_by("-pk").first()
    if last is not None and last.status == NotificationStatus.PENDING and last.payload:
        payload = {**last.payload, "items": [*last.payload["items"], item]}
        content = _grouped_content(event=event, language=last.language, payload=payload)
        joined = Notification.objects.filter(pk=last.pk, status=NotificationStatus.PENDING).update(
            payload=payload,
            subject=content.subject,
            body_text=content.body_text,
            body_html=content.body_html,
            modified_date=now,
        )
        if joined:
            last.refresh_from_db()
            return last
    payload = {"context": context, "items": [item]}
    language = supported_language(language)
    content = _grouped_content(event=event, language=language, payload=payload)
    quiet_since = (last.sent_at or last.created_date) if last is not None else None
    held_until = quiet_since + window if quiet_since is not None and window else None
    hold = held_until is not None and held_until > now
    notification = Notification.objects.create(
        kind=NotificationKind.EMAIL,
        event=event,
        to=to,
        user=user,
        language=language,
        subject=content.subject,
        body_text=content.body_text,
        body_html=content.body_html,
        group_key=group_key,
        payload=payload,
        next_attempt_at=held_until if hold else now + settings.NOTIFICATIONS_STALE_AFTER,
    )
    if not hold:
        _schedule_delivery(notification.pk)
    return notification


def notification_deliver(*, notification_id: int) -> bool:
    """Send a pending notification once; return whether this call sent it.

    The row is claimed with a conditional UPDATE (pending → sending), so of many concurrent
    calls exactly one sends. A failure puts it back to pending with an exponential backoff, or
    marks it failed once `NOTIFICATIONS_MAX_ATTEMPTS` attempts have been made.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification_id, status=NotificationStatus.PENDING).update(
        status=NotificationStatus.SENDING,
        claimed_at=now,
        attempts=F("attempts") + 1,
        next_attempt_at=now + settings.NOTIFICATIONS_SENDING_TIMEOUT,
        modified_date=now,
    )
    if not claimed:
        return False
    notification = Notification.objects.prefetch_related("attachments").get(pk=notification_id)
    if notification.secrets_masked_at is not None:
        _record_failure(notification=notification, error=MASKED_BEFORE_SENDING, final=True)
        return False
    try:
        if notification.kind == NotificationKind.EMAIL:
            _send_email(notification)
        elif notification.kind == NotificationKind.WEBHOOK:
            _send_webhook(notification)
        else:
            get_sms_backend().send(to=notification.to, text=notification.body_text)
    except WebhookUrlError as exc:
        # The address became one pazar may not call: trying again would not make it safe.
        _record_failure(notification=notification, error=f"Refused URL: {exc}", final=True)
        return False
    except Exception as exc:
        # Whatever the provider or the network raised is a failed attempt to retry, never a crash.
        logger.warning("Notification %s failed (attempt %s): %s", notification.pk, notification.attempts, exc)
        _record_failure(notification=notification, error=f"{type(exc).__name__}: {exc}")
        return False
    # By primary key only: even if the sweeper took the row back meanwhile, it has been sent.
    sent_at = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.SENT, sent_at=sent_at, next_attempt_at=None, last_error="", modified_date=sent_at
    )
    return True


def _send_webhook(notification: Notification) -> None:
    # Read at each send, so a rotated secret signs the next attempt.
    secret = webhook_secret(datasource_id=notification.datasource_id)
    if not secret:
        raise WebhookUrlError("The seller has no webhook secret any more.")
    body = notification.body_text.encode()
    headers = signed_headers(secret=secret, body=body, delivery_id=f"pazar-{notification.pk}", event=notification.event)
    get_webhook_backend().send(url=notification.to, body=body, headers=headers)


def _send_email(notification: Notification) -> None:
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        # A seller's contact addresses travel in one row, comma-separated.
        to=[address.strip() for address in notification.to.split(",") if address.strip()],
        reply_to=[notification.reply_to] if notification.reply_to else None,
        # The outbox row, for tracing at the provider and for spotting a duplicate send.
        headers={"X-Pazar-Notification": str(notification.pk)},
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    for attachment in notification.attachments.all():
        with attachment.file.open("rb") as file:
            message.attach(attachment.filename, file.read(), attachment.content_type)
    message.send()


def retry_delay(*, attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: the base, doubled at each further failure."""
    return timedelta(seconds=settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))


def _record_failure(*, notification: Notification, error: str, final: bool = False) -> None:
    now = timezone.now()
    if final or notification.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        status, next_attempt_at = NotificationStatus.FAILED, None
    else:
        status, next_attempt_at = NotificationStatus.PENDING, now + retry_delay(attempts=notification.attempts)
    # Only while this worker's claim stands: a worker that outlived its timeout must not undo a newer attempt.
    Notification.objects.filter(
        pk=notification.pk, status=NotificationStatus.SENDING, claimed_at=notification.claimed_at
    ).update(status=status, next_attempt_at=next_attempt_at, last_error=error[:ERROR_MAX_LENGTH], modified_date=now)


def notification_retry(*, notification_id: int) -> bool:
    """Give a failed (or waiting) notification a fresh set of attempts and deliver it after commit."""
    now = timezone.now()
    reset = Notification.objects.filter(
        pk=notification_id,
        status__in=[NotificationStatus.FAILED, NotificationStatus.PENDING],
        secrets_masked_at__isnull=True,
    ).update(
        status=NotificationStatus.PENDING,
        attempts=0,
        next_attempt_at=now + settings.NOTIFICATIONS_STALE_AFTER,
        modified_date=now,
    )
    if reset:
        _schedule_delivery(notification_id)
    return bool(reset)


def notification_mask_secrets(*, notification_id: int) -> Notification | None:
    """Replace the clear-text secrets in a notification's subject and bodies with `******`.

    Call it when the secret is no longer needed (the code was used); the sweeper calls it once
    the secrets expire. A notification not yet sent is then never sent. Safe to call again.
    """
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.masked_content is None:
            return notification
        masked = notification.masked_content
        notification.subject = masked["subject"]
        notification.body_text = masked["body_text"]
        notification.body_html = masked["body_html"]
        notification.masked_content = None
        notification.secrets_masked_at = timezone.now()
        fields = ["subject", "body_text", "body_html", "masked_content", "secrets_masked_at", "modified_date"]
        if notification.status == NotificationStatus.PENDING:
            notification.status = NotificationStatus.FAILED
            notification.next_attempt_at = None
            notification.last_error = MASKED_BEFORE_SENDING
            fields += ["status", "next_attempt_at", "last_error"]
        notification.save(update_fields=fields)
    return notification


def notifications_sweep(*, batch_size: int = SWEEP_BATCH_SIZE) -> dict[str, int]:
    """The periodic job: take back stuck rows, deliver what is due, mask expired secrets.

    Due rows are pending ones whose task never delivered them within `NOTIFICATIONS_STALE_AFTER`
    (a lost task, a broker outage) and failed attempts whose backoff has passed.
    """
    now = timezone.now()
    reclaimed = _reclaim_abandoned(now=now, batch_size=batch_size)
    due = list(
        Notification.objects.filter(status=NotificationStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:batch_size]
    )
    if due:
        # Pushed back so that the next sweep does not queue them again while their tasks wait.
        Notification.objects.filter(pk__in=due, status=NotificationStatus.PENDING).update(
            next_attempt_at=now + settings.NOTIFICATIONS_STALE_AFTER, modified_date=now
        )
        for notification_id in due:
            _schedule_delivery(notification_id)
    expired = list(
        Notification.objects.filter(masked_content__isnull=False)
        .filter(
            Q(secrets_expire_at__lte=now)
            | Q(
                secrets_expire_at__isnull=True,
                status__in=[NotificationStatus.SENT, NotificationStatus.FAILED],
            )
        )
        .values_list("pk", flat=True)[:batch_size]
    )
    for notification_id in expired:
        notification_mask_secrets(notification_id=notification_id)
    return {"reclaimed": reclaimed, "queued": len(due), "masked": len(expired)}


def _reclaim_abandoned(*, now: datetime, batch_size: int) -> int:
    """Rows left in sending past `NOTIFICATIONS_SENDING_TIMEOUT`: back to pending, or failed if out of attempts."""
    stuck = Notification.objects.filter(status=NotificationStatus.SENDING, next_attempt_at__lte=now)
    ids = list(stuck.values_list("pk", flat=True)[:batch_size])
    if not ids:
        return 0
    stuck = stuck.filter(pk__in=ids)
    stuck.filter(attempts__gte=settings.NOTIFICATIONS_MAX_ATTEMPTS).update(
        status=NotificationStatus.FAILED, next_attempt_at=None, last_error=ABANDONED, modified_date=now
    )
    # Their next_attempt_at has passed, so this same sweep delivers them.
    stuck.update(status=NotificationStatus.PENDING, modified_date=now)
    return len(ids)


def notifications_erase(*, user, old_email: str, old_phone: str | None) -> None:
    """The account's erasure (KVKK): nothing more is sent to the person, and what was sent no
    longer says who they were."""
    reached = Q(user=user) | Q(to__iexact=old_email)
    if old_phone:
        reached |= Q(to=old_phone)
    Notification.objects.filter(reached, status=NotificationStatus.PENDING).update(
        status=NotificationStatus.FAILED, next_attempt_at=None, last_error=ERASED
    )
    Notification.objects.filter(reached).update(
        to=MASK, reply_to="", subject=MASK, body_text=MASK, body_html="", masked_content=None, user=None
    )
