"""Pre-moderation of reviews and public questions: held, approved or rejected (with a reason) by staff."""

import pytest
from constance.test import override_config
from django.contrib.auth import get_user_model
from django.core import mail

from pazar.conversations.models import Conversation, ModerationStatus
from pazar.conversations.services import conversation_approve, conversation_reject
from pazar.conversations.tests.support import ids, user_body

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/conversations/conversation/"


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser(email="moderator@example.com", password="pw-123456-long")
    client.force_login(admin)
    return client


@pytest.fixture
def held_review(token_client, user, datasource, django_capture_on_commit_callbacks):
    """A public review of the store, written while moderation is on."""
    with override_config(CONVERSATION_PUBLIC_MODERATION=True, CONVERSATION_REVIEW_REQUIRES_PURCHASE=False):
        response = token_client.post(
            "/users/conversations/",
            user_body(
                user, datasource, conversation_type="review", is_public=True, message_content="Terrible, call me"
            ),
        )
    assert response.status_code == 201, response.content
    return Conversation.objects.get(pk=response.json()["id"])


def test_a_held_review_is_not_public(api_client, held_review):
    assert held_review.moderation_status == ModerationStatus.PENDING
    assert ids(api_client.get("/public-reviews/")) == []


def test_approving_publishes_it(api_client, held_review):
    assert conversation_approve(conversation=held_review) is True

    listed = api_client.get("/public-reviews/").json()["results"]
    assert [c["id"] for c in listed] == [held_review.pk]
    assert [m["message_content"] for m in listed[0]["message_set"]] == ["Terrible, call me"]
    held_review.refresh_from_db()
    assert held_review.moderation_status == ModerationStatus.APPROVED


def test_rejecting_hides_it_and_emails_the_author_the_reason(
    api_client, user, held_review, django_capture_on_commit_callbacks
):
    conversation_approve(conversation=held_review)

    with django_capture_on_commit_callbacks(execute=True):
        assert conversation_reject(conversation=held_review, reason="Personal data in the text.") is True

    assert ids(api_client.get("/public-reviews/")) == []
    held_review.refresh_from_db()
    assert (held_review.moderation_status, held_review.rejection_reason) == (
        ModerationStatus.REJECTED,
        "Personal data in the text.",
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "Personal data in the text." in mail.outbox[0].body
    assert "Terrible, call me" in mail.outbox[0].body
    # rejected once: a second rejection does nothing and sends nothing
    assert conversation_reject(conversation=held_review, reason="again") is False
    # and staff can reinstate it
    assert conversation_approve(conversation=held_review) is True
    assert ids(api_client.get("/public-reviews/")) == [held_review.pk]


def test_a_rejection_needs_a_reason(held_review):
    with pytest.raises(ValueError):
        conversation_reject(conversation=held_review, reason="  ")


def test_the_admin_list_shows_the_text(admin_client, held_review):
    response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    assert "Terrible, call me" in response.content.decode()


def test_the_admin_asks_before_approving(admin_client, api_client, held_review):
    # when staff pick "approve" on the selection, a confirmation page comes first, nothing changes
    asked = admin_client.post(CHANGELIST, {"action": "approve", "_selected_action": [held_review.pk]})
    assert asked.status_code == 200
    assert "Terrible, call me" in asked.content.decode()
    assert ids(api_client.get("/public-reviews/")) == []

    # and confirming publishes
    done = admin_client.post(CHANGELIST, {"action": "approve", "_selected_action": [held_review.pk], "confirm": "yes"})
    assert done.status_code == 302
    assert ids(api_client.get("/public-reviews/")) == [held_review.pk]


def test_the_admin_rejects_with_a_reason_after_confirming(
    admin_client, held_review, django_capture_on_commit_callbacks
):
    selection = {"action": "reject", "_selected_action": [held_review.pk]}

    # the first post asks for the reason; an empty reason asks again
    assert admin_client.post(CHANGELIST, selection).status_code == 200
    again = admin_client.post(CHANGELIST, {**selection, "confirm": "1", "reason": ""})
    assert again.status_code == 200
    held_review.refresh_from_db()
    assert held_review.moderation_status == ModerationStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(CHANGELIST, {**selection, "confirm": "1", "reason": "Off topic."})

    assert done.status_code == 302
    held_review.refresh_from_db()
    assert (held_review.moderation_status, held_review.rejection_reason) == (ModerationStatus.REJECTED, "Off topic.")
    assert [m.subject for m in mail.outbox] == ["Your review was not published"]


def test_a_rejected_public_question_is_hidden_without_an_email(
    api_client, token_client, user, datasource, django_capture_on_commit_callbacks
):
    response = token_client.post(
        "/users/conversations/", user_body(user, datasource, conversation_type="question", is_public=True)
    )
    question = Conversation.objects.get(pk=response.json()["id"])
    assert ids(api_client.get("/public-questions/")) == [question.pk]  # moderation off: public at once

    with django_capture_on_commit_callbacks(execute=True):
        conversation_reject(conversation=question, reason="Spam.")

    assert ids(api_client.get("/public-questions/")) == []
    assert mail.outbox == []


def test_the_shopper_still_sees_their_rejected_review(token_client, held_review):
    conversation_reject(conversation=held_review, reason="No.")

    assert ids(token_client.get("/users/conversations/")) == [held_review.pk]


def test_the_datasource_admin_edits_its_notification_settings(admin_client, datasource):
    response = admin_client.get(f"/admin/catalog/datasource/{datasource.pk}/change/")

    assert response.status_code == 200
    assert "notification_settings-0-webhook_url" in response.content.decode()
