"""CONVERSATION_MASK_CONTACT_INFO: contact details hidden from the other side, kept for staff and the author."""

import json
import re

import pytest
from constance.test import override_config
from django.core import mail

from pazar.conversations.masking import MASK, mask_contact_info
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "Ara beni 0555 123 45 67",
        "Numaram 05551234567",
        "+90 (532) 123 45 67 whatsapp",
        "+90 532 123 4567",
        "0 212 345 67 89 ofis",
        "555 123 45 67",
        "+1 415-555-0100",
        "+44 20 7946 0958",
        "+49 30 901820",
        "ayse.kaya+shop@gmail.com",
        "bana ayse_k@firma.com.tr yaz",
        "https://ucuz.example.com/urun?id=1",
        "www.dahaucuz.com",
        "ucuzfirsat.com.tr/urun",
    ],
)
def test_contact_details_are_masked(text):
    masked = mask_contact_info(text)

    assert MASK in masked
    assert not re.search(r"\d{3}", masked)  # no run of a number is left
    for word in ("0555", "5551234567", "gmail", "firma", "ucuz.example", "dahaucuz", "ucuzfirsat", "415", "7946"):
        assert word not in masked


@pytest.mark.parametrize(
    "text",
    [
        "Sipariş 1000234, 3 adet, 1.250,00 TL",
        "XL beden 42 numara, 2 kg",
        "Kargo 2-3 gün sürer",
        "Model 2026 yılı",
    ],
)
def test_ordinary_numbers_stay(text):
    assert mask_contact_info(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "zeynep.k @ gmail . com",
        "yaz bana: zeynep.k＠gmail．com",  # full-width at sign and full stop
        "zeynep [at] gmail [dot] com",
        "zeynep(at)gmail(dot)com",
        "zeynep {at} gmail {dot} com",
        "zeynep at gmail dot com",
        "ZEYNEP AT GMAIL DOT COM",
        "zeynep [at] firma [nokta] com [nokta] tr",
        "zeynep at firma nokta com nokta tr",
        "zeynep.k@gmail . com lütfen",
        "bit.ly/abc",
        "şuradan bak: t.co/xYz9",
        "tinyurl.com/y7abc adresine",
        "goo.gl/maps/xyz",
        "ow.ly/abc is.gd/abc buff.ly/abc",
        "cutt.ly/abc rebrand.ly/abc shorturl.at/abc t.ly/abc",
        "BIT.LY/ABC",
        "ｂｉｔ．ｌｙ／abc",
    ],
)
def test_disguised_emails_and_shortened_links_are_masked(text):
    masked = mask_contact_info(text)

    assert MASK in masked
    for word in ("zeynep", "gmail", "firma", "abc", "ABC", "xYz9", "y7abc", "ｂｉｔ"):
        assert word not in masked


ORDINARY_SENTENCES = [
    "Merhaba, siparişim ne zaman kargoya verilir?",
    "Ürün 1.250,00 TL, kargo bedava.",
    "Teslimat 12.05.2026 tarihinde, saat 14.30 gibi.",
    "Bu önemli bir nokta. Com ile ilgili değil.",
    "Son nokta: iade süresi 14 gün.",
    "Paket at 3 p.m. arrived, thanks.",
    "I will be at home at 6.30 tomorrow.",
    "Look at the dot on the label, it is a stain.",
    "We met at the store. Net price was 100 TL.",
    "Selam @ayse. Net fiyat 100 TL mi?",
    "Thanks @zeynep. See you on Monday.",
    "@mehmet siparişim nerede?",
    "Fiyat 2 adet @ 100 TL, toplam 200 TL.",
    "Indirim %20, sepette 799,90 TL.",
    "XL beden, 42 numara, renk: lacivert.",
    "Kargo takip no: 1234567, Yurtiçi Kargo.",
    "The box was at the door at 9 a.m.",
    "Size 10.5 fits well. Great quality.",
    "Rengi fotoğraftakinden biraz koyu, nokta nokta desenli.",
    "Order 1000234 arrived on 3.12.2026 at noon.",
    "Is it available in black? At what price?",
    "Kumaş %100 pamuk, 30 derecede yıkanır.",
    "Ödeme kapıda, 3 taksit.",
    "Good at keeping warm, dot pattern is cute.",
]


@pytest.mark.parametrize("text", ORDINARY_SENTENCES)
def test_ordinary_sentences_stay(text):
    assert mask_contact_info(text) == text


@pytest.fixture
def thread(user, datasource):
    """The shopper gives a phone number, the store answers with an email."""
    conversation = ConversationFactory(user=user, datasource=datasource, question=True, is_public=True)
    MessageFactory(conversation=conversation, message_content="Call me on 0555 123 45 67")
    MessageFactory(conversation=conversation, from_datasource=True, message_content="Write to sales@store.com")
    return conversation


def _texts(conversation_json):
    return [m["message_content"] for m in conversation_json["message_set"]]


@override_config(CONVERSATION_MASK_CONTACT_INFO=True)
def test_each_side_sees_the_other_sides_details_masked(thread, token_client, seller_client, remote):
    mine = token_client.get("/users/conversations/").json()["results"][0]
    one = token_client.get(f"/users/conversations/{thread.pk}/").json()
    inbox = seller_client.get(remote.conversations).json()["results"][0]
    detail = seller_client.get(f"{remote.conversations}{thread.pk}/").json()

    # the shopper reads their own words and the store's masked (list and detail alike)
    assert _texts(mine) == _texts(one) == ["Call me on 0555 123 45 67", "Write to ***"]
    # the store the other way round (the fast list and the serializer alike)
    assert _texts(inbox) == _texts(detail) == ["Call me on ***", "Write to sales@store.com"]


@override_config(CONVERSATION_MASK_CONTACT_INFO=True)
def test_message_lists_are_masked_too(thread, token_client, seller_client, remote):
    mine = [m["message_content"] for m in token_client.get("/users/messages/").json()["results"]]
    theirs = [m["message_content"] for m in seller_client.get(remote.messages).json()["results"]]

    assert sorted(mine) == ["Call me on 0555 123 45 67", "Write to ***"]
    assert sorted(theirs) == ["Call me on ***", "Write to sales@store.com"]


@override_config(CONVERSATION_MASK_CONTACT_INFO=True)
def test_staff_and_the_database_keep_the_original(thread, staff_client, remote, api_client):
    detail = staff_client.get(f"{remote.conversations}{thread.pk}/").json()
    public = api_client.get("/public-questions/").json()["results"][0]

    assert _texts(detail) == ["Call me on 0555 123 45 67", "Write to sales@store.com"]
    assert sorted(thread.message_set.values_list("message_content", flat=True)) == sorted(_texts(detail))
    # the public reads both sides masked
    assert _texts(public) == ["Call me on ***", "Write to ***"]


def test_off_by_default(thread, seller_client, remote):
    inbox = seller_client.get(remote.conversations).json()["results"][0]

    assert _texts(inbox) == ["Call me on 0555 123 45 67", "Write to sales@store.com"]


@override_config(CONVERSATION_MASK_CONTACT_INFO=True)
def test_notifications_carry_the_masked_text(
    token_client, seller_client, remote, user, datasource, prefs, webhook_outbox, django_capture_on_commit_callbacks
):
    from pazar.conversations.tests.support import user_body

    with django_capture_on_commit_callbacks(execute=True):
        created = token_client.post(
            "/users/conversations/", user_body(user, datasource, message_content="Mail me: ayse@gmail.com")
        ).json()
    with django_capture_on_commit_callbacks(execute=True):
        seller_client.post(
            remote.messages,
            {
                "conversation": created["id"],
                "message_content": "Call +90 532 123 45 67",
                "user_type": "registered",
                "content_type": "datasource",
                "content_id": datasource.pk,
            },
        )

    assert json.loads(webhook_outbox[0].body)["message"]["message_content"] == "Mail me: ***"
    seller_email, shopper_email = mail.outbox
    assert "ayse@gmail.com" not in seller_email.body and "Mail me: ***" in seller_email.body
    assert "532" not in shopper_email.body and "Call ***" in shopper_email.body
    assert Notification.objects.count() == 3
