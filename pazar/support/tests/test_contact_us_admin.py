"""The contact-us inbox in the admin: status actions, assignee, internal note, a read-only message, reply by email."""

import pytest
from django.urls import reverse

from pazar.accounts.tests.factories import StaffUserFactory
from pazar.notifications.models import Notification
from pazar.support.models import ContactUsMessage, ContactUsStatus
from pazar.support.tests.helpers import CONTACT_US_URL


@pytest.fixture
def staff(db):
    return StaffUserFactory(is_superuser=True, email="agent@pazar.local")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def submission(api_client, form):
    response = api_client.post(CONTACT_US_URL, {**form, "message": "Where is my parcel?"}, format="multipart")
    assert response.status_code == 200
    return ContactUsMessage.objects.get()


def _change_url(message):
    return reverse("admin:support_contactusmessage_change", args=[message.pk])


def _form(message, **changes):
    return {"assignee": "", "internal_note": "", "reply": "", **changes}


@pytest.mark.django_db
def test_the_list_shows_status_and_assignee_and_filters_by_them(staff_client, submission, staff):
    submission.assignee = staff
    submission.save(update_fields=["assignee"])

    response = staff_client.get(reverse("admin:support_contactusmessage_changelist"), {"status__exact": "new"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "agent@pazar.local" in content or str(staff) in content
    assert "field-status" in content
    assert "?status__exact=answered" in content  # the status filter
    empty = staff_client.get(reverse("admin:support_contactusmessage_changelist"), {"status__exact": "closed"})
    assert "Where is my parcel?" not in empty.content.decode() and submission.full_name not in empty.content.decode()


@pytest.mark.django_db
def test_the_message_is_read_only_and_the_staff_fields_are_editable(staff_client, submission):
    content = staff_client.get(_change_url(submission)).content.decode()

    assert "Where is my parcel?" in content
    assert 'name="message"' not in content and 'name="email"' not in content
    for field in ("assignee", "internal_note", "reply"):
        assert f'name="{field}"' in content
    assert 'name="status"' not in content  # the status moves with the actions
    assert staff_client.get(reverse("admin:support_contactusmessage_add")).status_code == 403


@pytest.mark.django_db
def test_staff_set_assignee_and_a_note_and_a_posted_status_is_ignored(staff_client, submission, staff):
    sent_before = Notification.objects.count()

    response = staff_client.post(
        _change_url(submission),
        _form(submission, status=ContactUsStatus.CLOSED, assignee=staff.pk, internal_note="Asked the carrier."),
    )

    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.assignee, submission.internal_note) == (
        ContactUsStatus.NEW,
        staff,
        "Asked the carrier.",
    )
    assert submission.message == "Where is my parcel?"
    assert Notification.objects.count() == sent_before


@pytest.mark.django_db
def test_a_reply_goes_to_the_sender_through_the_outbox_and_answers_the_message(staff_client, submission, staff):
    response = staff_client.post(_change_url(submission), _form(submission, reply="It left our store today."))

    assert response.status_code == 302
    reply = Notification.objects.get(event="contact_us_reply")
    assert reply.to == submission.email
    assert "It left our store today." in reply.body_text and "Where is my parcel?" in reply.body_text
    submission.refresh_from_db()
    assert submission.status == ContactUsStatus.ANSWERED
    assert submission.answered_at is not None
    assert submission.assignee == staff


@pytest.mark.django_db
def test_a_reply_is_in_the_senders_language(staff_client, api_client, form):
    api_client.post(CONTACT_US_URL, form, format="multipart", HTTP_ACCEPT_LANGUAGE="tr")
    message = ContactUsMessage.objects.get()

    staff_client.post(_change_url(message), _form(message, reply="Kargonuz bugün yola çıktı."))

    reply = Notification.objects.get(event="contact_us_reply")
    assert reply.language == "tr" and reply.subject.startswith("Ynt:")


@pytest.mark.django_db
def test_staff_move_the_status_with_the_actions_without_emailing(staff_client, submission):
    sent_before = Notification.objects.count()
    url = reverse("admin:support_contactusmessage_changelist")

    response = staff_client.post(url, {"action": "mark_in_progress", "_selected_action": [submission.pk]})

    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.answered_at) == (ContactUsStatus.IN_PROGRESS, None)
    staff_client.post(url, {"action": "mark_answered", "_selected_action": [submission.pk]})
    submission.refresh_from_db()
    assert submission.status == ContactUsStatus.ANSWERED and submission.answered_at is not None
    assert Notification.objects.count() == sent_before


@pytest.mark.django_db
def test_a_move_the_machine_refuses_is_shown_to_staff_and_changes_nothing(staff_client, submission, monkeypatch):
    from pazar.support import statuses

    monkeypatch.setattr(statuses, "STAFF_MOVES", {ContactUsStatus.NEW: frozenset()})
    url = reverse("admin:support_contactusmessage_changelist")

    response = staff_client.post(url, {"action": "mark_closed", "_selected_action": [submission.pk]}, follow=True)

    assert response.status_code == 200
    assert "A new message cannot become closed." in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == ContactUsStatus.NEW
