"""Attachments: stored privately, and they travel with the email."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from pazar.notifications.models import NotificationAttachment
from pazar.notifications.services import notification_enqueue
from pazar.notifications.storage import private_storage

PDF = b"%PDF-1.4 fake invoice"


@pytest.mark.django_db
def test_attachments_reach_the_email(after_commit):
    # when an email with two attachments is queued and committed
    with after_commit():
        notification = notification_enqueue(
            kind="email",
            event="test_message",
            to="ayse@example.com",
            context={},
            attachments=[("invoice 42.pdf", PDF, "application/pdf"), ("notes.txt", b"hello", "text/plain")],
        )

    # then the email carries both, with their names, content and types, besides the HTML part
    [message] = mail.outbox
    assert message.attachments == [
        ("invoice 42.pdf", PDF, "application/pdf"),
        ("notes.txt", "hello", "text/plain"),
    ]
    assert message.alternatives[0].mimetype == "text/html"
    assert notification.attachments.count() == 2


@pytest.mark.django_db
def test_attachments_are_stored_under_the_private_root_only():
    # when an email with an attachment is queued
    notification = notification_enqueue(
        kind="email", event="test_message", to="a@example.com", context={}, attachments=[("a.pdf", PDF, "x/y")]
    )

    # then the file is under PRIVATE_MEDIA_ROOT, not MEDIA_ROOT, and has no URL
    attachment = NotificationAttachment.objects.get(notification=notification)
    path = Path(attachment.file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert path.read_bytes() == PDF
    assert "a.pdf" not in attachment.file.name
    assert attachment.filename == "a.pdf"
    with pytest.raises(ValueError):
        private_storage.url(attachment.file.name)
