"""Sellers are told of shoppers' messages: an email (a digest in a burst) and a signed webhook, through the outbox."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from constance.test import override_config
from django.core import mail
from django.utils import timezone

from pazar.conversations.models import SellerNotificationSettings
from pazar.conversations.tests.conftest import HOOK_SECRET, HOOK_URL
from pazar.conversations.tests.support import buy_from, seller_body, user_body
from pazar.notifications import webhooks
from pazar.notifications.models import Notification, NotificationKind, NotificationStatus
from pazar.notifications.services import notification_deliver, notifications_sweep

pytestmark = pytest.mark.django_db
SELLER_EVENTS = {"seller_new_message", "conversation.created", "message.created", "review.created"}


def _seller_rows():
    return Notification.objects.filter(event__in=SELLER_EVENTS).order_by("pk")


def _verify(sent, secret=HOOK_SECRET) -> bool:
    """What a receiver does: recompute the HMAC of `<timestamp>.<body>` and compare in constant time."""
    timestamp = sent.headers["X-Pazar-Timestamp"]
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + sent.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(sent.headers["X-Pazar-Signature"], f"sha256={expected}")


def _open(token_client, user, datasource, text="Is it available in XL?"):
    response = token_client.post("/users/conversations/", user_body(user, datasource, message_content=text))
    assert response.status_code == 201, response.content
    return response.json()["id"]


def _add(token_client, user, datasource, conversation_id, text):
    body = user_body(user, datasource, conversation=conversation_id, message_content=text)
    response = token_client.post("/users/conversations/", body)
    assert response.status_code == 201, response.content


def test_a_new_conversation_sends_one_email_and_one_webhook_after_commit(
    token_client, user, datasource, prefs, webhook_outbox, django_capture_on_commit_callbacks
):
    # given a store that wants emails and a webhook
    # when a shopper opens a conversation
    with django_capture_on_commit_callbacks(execute=True):
        conversation_id = _open(token_client, user, datasource)
        # then the outbox holds one row per channel, nothing is sent before the commit
        rows = list(_seller_rows())
        assert [(r.kind, r.status) for r in rows] == [("email", "pending"), ("webhook", "pending")]
        assert mail.outbox == [] and webhook_outbox == []

    # and after the commit one email went to both addresses and one webhook was posted
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["orders@example.com", "owner@example.com"]
    assert "Is it available in XL?" in email.body
    assert f"https://seller.example.com/conversations/{conversation_id}/" in email.body
    assert len(webhook_outbox) == 1
    sent = webhook_outbox[0]
    assert sent.url == HOOK_URL
    body = json.loads(sent.body)
    assert set(body) == {"event", "conversation", "message", "datasource", "created_date"}
    assert body["event"] == "conversation.created"
    assert body["conversation"]["id"] == conversation_id
    assert body["message"]["message_content"] == "Is it available in XL?"
    assert body["datasource"] == datasource.pk
    # signed with the secret, verifiable by the receiver; the idempotency id is the outbox row's
    assert _verify(sent)
    assert not _verify(sent, secret="another-secret-value")
    assert sent.headers["Idempotency-Key"] == sent.headers["X-Pazar-Delivery"] == f"pazar-{rows[1].pk}"
    assert abs(int(sent.headers["X-Pazar-Timestamp"]) - timezone.now().timestamp()) < 60
    assert all(r.status == NotificationStatus.SENT for r in _seller_rows())


def test_a_message_in_an_existing_conversation_is_told_too(
    token_client, user, datasource, prefs, webhook_outbox, django_capture_on_commit_callbacks
):
    with override_config(SELLER_EMAIL_DIGEST_MINUTES=0):
        with django_capture_on_commit_callbacks(execute=True):
            conversation_id = _open(token_client, user, datasource)
        with django_capture_on_commit_callbacks(execute=True):
            _add(token_client, user, datasource, conversation_id, "And in blue?")

    assert len(mail.outbox) == 2
    assert [json.loads(s.body)["event"] for s in webhook_outbox] == ["conversation.created", "message.created"]
    assert json.loads(webhook_outbox[1].body)["message"]["message_content"] == "And in blue?"


def test_the_sellers_own_reply_tells_the_seller_nothing(
    seller_client, token_client, user, datasource, remote, prefs, webhook_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conversation_id = _open(token_client, user, datasource)
    mail.outbox.clear()
    webhook_outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        reply = {
            "conversation": conversation_id,
            "message_content": "Yes.",
            "user_type": "registered",
            "content_type": "datasource",
            "content_id": datasource.pk,
        }
        assert seller_client.post(remote.messages, reply).status_code == 201

    assert webhook_outbox == []
    assert [m.to for m in mail.outbox] == [[user.email]]  # only the shopper hears of the reply


def test_a_failing_webhook_is_retried_by_the_sweeper_and_sent_once(
    token_client, user, datasource, prefs, webhook_outbox, django_capture_on_commit_callbacks
):
    # given a receiver that is down
    webhooks.answers[HOOK_URL] = 503
    with django_capture_on_commit_callbacks(execute=True):
        _open(token_client, user, datasource)
    row = Notification.objects.get(kind=NotificationKind.WEBHOOK)
    assert (row.status, row.attempts) == (NotificationStatus.PENDING, 1)
    assert "503" in row.last_error
    assert row.next_attempt_at > timezone.now()

    # when it is back and the retry is due, the sweeper delivers it
    del webhooks.answers[HOOK_URL]
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        notifications_sweep()
    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT
    assert len(webhook_outbox) == 1
    first_delivery_id = webhook_outbox[0].headers["X-Pazar-Delivery"]
    assert first_delivery_id == f"pazar-{row.pk}"

    # and never twice: another sweep or a late task sends nothing more
    with django_capture_on_commit_callbacks(execute=True):
        notifications_sweep()
    assert notification_deliver(notification_id=row.pk) is False
    assert len(webhook_outbox) == 1


def test_a_failing_email_is_retried_and_sent_once(
    token_client, user, datasource, prefs, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "pazar.notifications.tests.backends.BrokenEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        _open(token_client, user, datasource)
    row = Notification.objects.get(event="seller_new_message")
    assert (row.status, row.attempts) == (NotificationStatus.PENDING, 1)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        notifications_sweep()
        notifications_sweep()

    assert len(mail.outbox) == 1
    assert notification_deliver(notification_id=row.pk) is False


def test_a_rolled_back_message_tells_nobody(
    user, datasource, prefs, webhook_outbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from pazar.conversations.models import SenderType
    from pazar.conversations.services import Sender, conversation_create

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        conversation_create(
            user=user,
            datasource=datasource,
            conversation_type="message",
            sender=Sender(SenderType.USER, user=user),
            message_content="never sent",
        )
        raise RuntimeError("rolled back")

    assert not _seller_rows().exists()
    assert mail.outbox == [] and webhook_outbox == []


# --- the digest --------------------------------------------------------------------------------------


def test_a_burst_of_messages_becomes_one_digest_email(
    token_client, user, datasource, prefs, webhook_outbox, django_capture_on_commit_callbacks
):
    # given a conversation whose first email has gone
    with django_capture_on_commit_callbacks(execute=True):
        conversation_id = _open(token_client, user, datasource, "First question")
    assert len(mail.outbox) == 1

    # when the shopper sends three more messages within the digest window
    for text in ["Second", "Third", "Fourth"]:
        with django_capture_on_commit_callbacks(execute=True):
            _add(token_client, user, datasource, conversation_id, text)

    # then no email went yet: one row waits, gathering the three
    assert len(mail.outbox) == 1
    held = Notification.objects.filter(event="seller_new_message", status=NotificationStatus.PENDING).get()
    assert [item["text"] for item in held.payload["items"]] == ["Second", "Third", "Fourth"]
    assert held.next_attempt_at > timezone.now()
    # while every message still had its own webhook
    assert len(webhook_outbox) == 4

    # and when the window ends the sweeper sends one digest with all three
    Notification.objects.filter(pk=held.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        notifications_sweep()
    assert len(mail.outbox) == 2
    digest = mail.outbox[1]
    assert "3 new messages" in digest.subject
    assert all(text in digest.body for text in ["Second", "Third", "Fourth"])
    assert "First question" not in digest.body


def test_messages_before_the_first_email_went_join_it(token_client, user, datasource, prefs):
    # given a worker that has not delivered the first email yet (no after-commit callbacks run)
    conversation_id = _open(token_client, user, datasource, "One")
    _add(token_client, user, datasource, conversation_id, "Two")

    rows = Notification.objects.filter(event="seller_new_message")
    assert rows.count() == 1
    assert [item["text"] for item in rows.get().payload["items"]] == ["One", "Two"]
    assert "Two" in rows.get().body_text


def test_messages_after_the_window_get_an_email_of_their_own(
    token_client, user, datasource, prefs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conversation_id = _open(token_client, user, datasource, "One")
    Notification.objects.filter(event="seller_new_message").update(sent_at=timezone.now() - timedelta(minutes=6))

    with django_capture_on_commit_callbacks(execute=True):
        _add(token_client, user, datasource, conversation_id, "Much later")

    assert len(mail.outbox) == 2
    assert "Much later" in mail.outbox[1].body


def test_two_conversations_are_not_gathered_together(
    token_client, user, datasource, prefs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _open(token_client, user, datasource, "About the order")
    product_body = user_body(user, datasource, conversation_type="question", message_content="Another thread")
    with django_capture_on_commit_callbacks(execute=True):
        assert token_client.post("/users/conversations/", product_body).status_code == 201

    assert len(mail.outbox) == 2


# --- what a seller chooses ----------------------------------------------------------------------------


def test_the_email_is_in_the_sellers_language(
    token_client, user, datasource, prefs, django_capture_on_commit_callbacks
):
    SellerNotificationSettings.objects.filter(pk=prefs.pk).update(language="tr")
    with django_capture_on_commit_callbacks(execute=True):
        _open(token_client, user, datasource)

    assert "görüşme" in mail.outbox[0].subject


def test_a_seller_told_of_nothing_gets_nothing(token_client, user, datasource, prefs, webhook_outbox):
    SellerNotificationSettings.objects.filter(pk=prefs.pk).update(
        notify_new_conversation=False, notify_new_message=False
    )
    conversation_id = _open(token_client, user, datasource)
    _add(token_client, user, datasource, conversation_id, "Hello?")

    assert not _seller_rows().exists()


def test_only_a_webhook_when_no_email_is_given(token_client, user, datasource, prefs):
    SellerNotificationSettings.objects.filter(pk=prefs.pk).update(emails=[])
    _open(token_client, user, datasource)

    assert list(_seller_rows().values_list("kind", flat=True)) == ["webhook"]


def test_a_store_without_settings_gets_nothing(token_client, user, datasource):
    _open(token_client, user, datasource)

    assert not _seller_rows().exists()


# --- the SSRF guard -----------------------------------------------------------------------------------

PRIVATE_URLS = [
    "https://127.0.0.1/hook",
    "https://localhost/hook",
    "https://internal.example/hook",  # a name that resolves to 10.0.0.7
    "https://10.1.2.3/hook",
    "https://192.168.1.10/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    # IPv6 forms that carry a private IPv4 address: NAT64 (to the metadata address), its local-use
    # prefix, 6to4, IPv4-compatible, IPv4-translated and Teredo
    "https://[64:ff9b::a9fe:a9fe]/latest/meta-data/",
    "https://[64:ff9b:1::a9fe:a9fe]/hook",
    "https://[2002:7f00:1::]/hook",
    "https://[2002:a9fe:a9fe::1]/hook",
    "https://[::127.0.0.1]/hook",
    "https://[::ffff:0:7f00:1]/hook",
    "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook",
    "https://0.0.0.0/hook",
    "http://hooks.example.com/hook",  # not https
    "ftp://hooks.example.com/hook",
    "https://user:pass@hooks.example.com/hook",
]


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_a_private_or_plain_webhook_url_is_refused_when_saved(seller_client, remote_settings_path, url):
    response = seller_client.patch(
        remote_settings_path, {"webhook_url": url, "webhook_secret": HOOK_SECRET}, format="json"
    )

    assert response.status_code == 400, response.content
    assert set(response.json()) == {"webhook_url"}
    assert not SellerNotificationSettings.objects.exists()


def test_an_address_that_turned_private_is_refused_when_sent(
    token_client, user, datasource, prefs, webhook_outbox, monkeypatch, django_capture_on_commit_callbacks
):
    # given a webhook whose name resolved to a public address when it was saved
    SellerNotificationSettings.objects.filter(pk=prefs.pk).update(webhook_url="https://rebind.example/hook")
    # when the name resolves to the loopback by the time it is sent (DNS rebinding)
    monkeypatch.setitem(webhooks.TEST_HOSTS, "rebind.example", ["127.0.0.1"])
    with django_capture_on_commit_callbacks(execute=True):
        _open(token_client, user, datasource)

    # then nothing is posted, and the row fails for good
    row = Notification.objects.get(kind=NotificationKind.WEBHOOK)
    assert row.status == NotificationStatus.FAILED
    assert "Refused URL" in row.last_error
    assert webhook_outbox == []


def test_an_https_url_with_a_public_address_is_accepted(seller_client, remote_settings_path, datasource):
    response = seller_client.patch(
        remote_settings_path,
        {"webhook_url": "https://hooks.example.com/pazar?shop=1", "webhook_secret": HOOK_SECRET},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["webhook_url"] == "https://hooks.example.com/pazar?shop=1"


# --- the settings API ---------------------------------------------------------------------------------


@pytest.fixture
def remote_settings_path(channel):
    return f"/api/v1/remote/{channel.pk}/notification-settings/"


def test_a_seller_reads_its_default_settings(seller_client, remote_settings_path):
    response = seller_client.get(remote_settings_path)

    assert response.status_code == 200
    assert response.json() == {
        "emails": [],
        "language": "en",
        "webhook_url": "",
        "has_webhook_secret": False,
        "notify_new_conversation": True,
        "notify_new_message": True,
        "notify_new_review": True,
    }


def test_a_seller_changes_its_settings_and_the_secret_is_never_shown(seller_client, remote_settings_path, datasource):
    response = seller_client.patch(
        remote_settings_path,
        {
            "emails": ["Orders@Example.com", "orders@example.com", "boss@example.com"],
            "language": "tr",
            "webhook_url": HOOK_URL,
            "webhook_secret": HOOK_SECRET,
            "notify_new_review": False,
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["emails"] == ["orders@example.com", "boss@example.com"]
    assert body["has_webhook_secret"] is True
    assert "webhook_secret" not in body and HOOK_SECRET not in response.content.decode()
    stored = SellerNotificationSettings.objects.get(datasource=datasource)
    assert (stored.language, stored.webhook_secret, stored.notify_new_review) == ("tr", HOOK_SECRET, False)
    assert seller_client.get(remote_settings_path).json() == body


@pytest.mark.parametrize(
    "body",
    [
        {"webhook_url": HOOK_URL},  # no secret to sign with
        {"webhook_secret": "short"},
        {"emails": ["not-an-email"]},
        {"emails": [f"a{i}@example.com" for i in range(6)]},
        {"language": "de"},
    ],
)
def test_bad_settings_are_refused(seller_client, remote_settings_path, body):
    response = seller_client.patch(remote_settings_path, body, format="json")

    assert response.status_code == 400
    assert not SellerNotificationSettings.objects.exists()


def test_a_seller_sees_only_its_own_settings(seller_client, remote_settings_path, prefs, other_seller, client_for):
    response = client_for(other_seller).get(remote_settings_path)

    assert response.json()["emails"] == []
    assert client_for(other_seller).patch(remote_settings_path, {"emails": []}, format="json").status_code == 200
    prefs.refresh_from_db()
    assert prefs.emails == ["orders@example.com", "owner@example.com"]


def test_a_seller_opened_conversation_tells_the_seller_nothing(seller_client, user, datasource, remote, prefs):
    buy_from(user, datasource)  # a seller opens conversations only with its customers
    response = seller_client.post(remote.conversations, seller_body(user, datasource))

    assert response.status_code == 201
    assert not _seller_rows().exists()


def test_the_refusal_speaks_turkish(seller_client, remote_settings_path):
    response = seller_client.patch(
        remote_settings_path,
        {"webhook_url": "https://127.0.0.1/", "webhook_secret": HOOK_SECRET},
        format="json",
        HTTP_ACCEPT_LANGUAGE="tr",
    )

    assert response.json() == {
        "webhook_url": ["Webhook adresi özel, yerel (loopback) ya da ayrılmış bir adrese işaret etmemelidir."]
    }
