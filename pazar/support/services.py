"""Writes for contact-us: store the message, email the shop (with the file) and the sender."""

import re

from constance import config
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from pazar.core.ratelimit import Limit, ratelimit_hit
from pazar.notifications.services import notification_enqueue
from pazar.support import statuses
from pazar.support.models import ContactUsMessage, ContactUsSubject

SHOP_EVENT = "contact_us"
ACK_EVENT = "contact_us_ack"
DEFAULT_OPERATION = "contact_us"


def contact_us_recipient(*, operation: str | None) -> str | None:
    """The address CONTACT_US_EMAIL_TO names for the operation (`contact_us` when none)."""
    routes = config.CONTACT_US_EMAIL_TO or {}
    recipient = routes.get(operation or DEFAULT_OPERATION) if isinstance(routes, dict) else None
    return recipient if isinstance(recipient, str) and recipient else None


def contact_us_throttle(*, email: str, client_ip: str) -> None:
    """At most CONTACT_US_PER_EMAIL_PER_HOUR per sender, CONTACT_US_PER_IP_PER_HOUR per address (429)."""
    ratelimit_hit(
        Limit(f"contact-us:email:{email.strip().lower()}", settings.CONTACT_US_PER_EMAIL_PER_HOUR, 3600),
        Limit(f"contact-us:ip:{client_ip}", settings.CONTACT_US_PER_IP_PER_HOUR, 3600),
    )


def contact_us_submit(
    *,
    subject: ContactUsSubject,
    full_name: str,
    email: str,
    message: str,
    recipient: str,
    language: str,
    phone: str = "",
    order=None,
    operation: str = "",
    attachment: tuple[str, str, str, bytes] | None = None,
    user=None,
    client_ip: str = "",
) -> ContactUsMessage:
    """Store the submission and queue both emails in one transaction.

    `attachment` is (original name, storage name, MIME type, content).
    """
    with transaction.atomic():
        submission = ContactUsMessage(
            subject=subject,
            full_name=full_name,
            email=email,
            phone=phone,
            message=message,
            order=order,
            operation=operation,
            recipient=recipient,
            language=language,
            user=user,
            ip_address=client_ip,
        )
        if attachment is not None:
            original_name, storage_name, _mime, content = attachment
            submission.file_name = original_name[:255]
            submission.file.save(storage_name, ContentFile(content), save=False)
        submission.save()
        context = {
            "subject": subject.text,
            "full_name": full_name,
            "email": email,
            "phone": phone,
            "message": message,
            "order_number": order.number if order is not None else "",
            "operation": operation or DEFAULT_OPERATION,
            "submission_id": submission.pk,
        }
        files = [(submission.file_name, attachment[3], attachment[2])] if attachment is not None else None
        # The shop reads it in the shop's language and answers the sender with Reply.
        notification_enqueue(
            kind="email",
            event=SHOP_EVENT,
            to=recipient,
            context=context,
            attachments=files,
            language=settings.LANGUAGE_CODE,
            reply_to=email,
        )
        if config.CONTACT_US_ACKNOWLEDGEMENT:
            notification_enqueue(
                kind="email",
                event=ACK_EVENT,
                to=email,
                context=contact_us_ack_context(full_name=full_name, subject=subject, submission=submission),
                language=language,
                user=user,
            )
    return submission


# A name the acknowledgement may greet: up to three words of letters (Ayşe, Jean-Luc, O'Brien).
_GREETABLE_NAME = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*(?: [^\W\d_]+(?:['’-][^\W\d_]+)*){0,2}")


def contact_us_ack_context(*, full_name: str, subject: ContactUsSubject, submission: ContactUsMessage) -> dict:
    """What the acknowledgement may say: the shop's own text only.

    Anyone can type any address into the form, so the acknowledgement must not carry the sender's
    words to it (the shop's mail server relaying a stranger's phishing text): no message, no links,
    and the name only when it is a plain name of a few words; otherwise a bare greeting.
    """
    name = " ".join(full_name.split())
    greetable = len(name) <= 40 and _GREETABLE_NAME.fullmatch(name)
    return {"subject": subject.text, "full_name": name if greetable else "", "submission_id": submission.pk}


@transaction.atomic
def contact_us_message_status_set(*, message: ContactUsMessage, status: str) -> ContactUsMessage:
    """Staff move a message (statuses.STAFF_MOVES; DomainError contact_us_100_1 for a move it lacks)."""
    from django.utils import timezone

    message = ContactUsMessage.objects.select_for_update().get(pk=message.pk)
    statuses.check_move(message.status, status)
    message.status = status
    fields = ["status", "modified_date"]
    if status == statuses.REPLY_STATUS and message.answered_at is None:
        message.answered_at = timezone.now()
        fields.append("answered_at")
    message.save(update_fields=fields)
    return message


REPLY_EVENT = "contact_us_reply"


@transaction.atomic
def contact_us_message_reply(*, message: ContactUsMessage, staff_user, text: str) -> ContactUsMessage:
    """Staff answer a message by email through the outbox (in the sender's language); it becomes answered."""
    from django.utils import timezone

    message = ContactUsMessage.objects.select_for_update(of=("self",)).select_related("subject").get(pk=message.pk)
    notification_enqueue(
        kind="email",
        event=REPLY_EVENT,
        to=message.email,
        context={
            "full_name": message.full_name,
            "subject": message.subject.text,
            "message": message.message,
            "reply": text,
        },
        language=message.language,
        user=message.user,
    )
    message.status = statuses.REPLY_STATUS
    message.answered_at = timezone.now()
    if message.assignee_id is None:
        message.assignee = staff_user
    message.save(update_fields=["status", "answered_at", "assignee", "modified_date"])
    return message


def contact_messages_erase(*, user, old_email: str) -> None:
    """The account's erasure (KVKK): the messages sent from the account or its address name nobody."""
    ContactUsMessage.objects.filter(Q(user=user) | Q(email__iexact=old_email)).update(
        full_name="", email=user.email, phone="", ip_address=""
    )
