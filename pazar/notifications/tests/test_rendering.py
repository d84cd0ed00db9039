"""Templates per event and channel, in English and Turkish, with staff overrides in the database."""

import pytest
from django.utils import translation

from pazar.accounts.tests.factories import UserFactory
from pazar.notifications.rendering import notification_templates, shipped_events, supported_language
from pazar.notifications.services import notification_enqueue
from pazar.notifications.tests.factories import NotificationTemplateFactory


def _enqueue(**kwargs):
    defaults = {"kind": "email", "event": "test_message", "to": "ayse@example.com", "context": {"name": "Ayşe"}}
    return notification_enqueue(**{**defaults, **kwargs})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "subject", "greeting", "sms"),
    [
        ("en", "Test message from pazar", "Hello Ayşe,", "pazar test message: hi"),
        ("tr", "pazar'dan deneme mesajı", "Merhaba Ayşe,", "pazar deneme mesajı: hi"),
    ],
)
def test_test_message_renders_in_both_languages(language, subject, greeting, sms):
    # when the test event is queued in each language, by email and by SMS
    email = _enqueue(language=language, context={"name": "Ayşe", "message": "hi"})
    text = _enqueue(kind="sms", to="+905551112233", language=language, context={"message": "hi"})

    # then each channel uses that language's files
    assert email.language == language
    assert email.subject == subject
    assert email.body_text.startswith(greeting)
    assert f'<html lang="{language}">' in email.body_html
    assert text.subject == ""
    assert text.body_text == sms


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Your verification code is 482913"), ("tr", "Doğrulama kodunuz: 482913")],
)
def test_sms_verification_code_renders_in_both_languages(language, text):
    notification = _enqueue(
        kind="sms", event="sms_verification_code", to="+905551112233", language=language, context={"code": "482913"}
    )

    assert notification.body_text == text


@pytest.mark.django_db
def test_the_users_language_is_used_when_none_is_given():
    # given a Turkish-speaking user
    user = UserFactory(language_code="tr")

    # when a notification is queued for them without a language, while the request is in English
    with translation.override("en"):
        notification = _enqueue(user=user)

    # then it is in Turkish
    assert notification.language == "tr"
    assert notification.subject == "pazar'dan deneme mesajı"


@pytest.mark.django_db
def test_an_explicit_language_wins_over_the_users():
    user = UserFactory(language_code="tr")

    notification = _enqueue(user=user, language="en")

    assert notification.language == "en"


@pytest.mark.django_db
def test_the_current_language_is_used_without_a_user():
    with translation.override("tr"):
        notification = _enqueue()

    assert notification.language == "tr"


@pytest.mark.django_db
def test_an_unsupported_language_falls_back_to_english():
    notification = _enqueue(language="de")

    assert notification.language == "en"
    assert notification.subject == "Test message from pazar"


def test_regional_variants_count_as_their_language():
    assert supported_language("tr-TR") == "tr"
    assert supported_language("TR_tr") == "tr"
    assert supported_language(None, "", "fr", "en-GB") == "en"


@pytest.mark.django_db
def test_html_escapes_the_context_and_the_plain_text_does_not():
    notification = _enqueue(context={"name": "Ali & <Veli>"})

    assert notification.body_text.startswith("Hello Ali & <Veli>,")
    assert "Hello Ali &amp; &lt;Veli&gt;," in notification.body_html


@pytest.mark.django_db
def test_a_staff_override_in_the_database_wins_over_the_file():
    # given staff changed the English email of the test event
    NotificationTemplateFactory(language="en")

    # when it is queued in English and in Turkish
    english = _enqueue(language="en")
    turkish = _enqueue(language="tr")

    # then English uses the override and Turkish still uses its file
    assert english.subject == "Overridden subject"
    assert english.body_text == "Overridden body for Ayşe"
    assert english.body_html == "<p>Overridden body for Ayşe</p>"
    assert turkish.subject == "pazar'dan deneme mesajı"


@pytest.mark.django_db
def test_an_inactive_override_is_ignored():
    NotificationTemplateFactory(is_active=False)

    assert _enqueue().subject == "Test message from pazar"


@pytest.mark.django_db
def test_an_sms_override_changes_only_the_sms():
    NotificationTemplateFactory(
        event="sms_verification_code", channel="sms", language="tr", subject="", body_text="Kod: {{ code }}"
    )

    notification = _enqueue(
        kind="sms", event="sms_verification_code", to="+905551112233", language="tr", context={"code": "111222"}
    )

    assert notification.body_text == "Kod: 111222"


@pytest.mark.django_db
def test_an_override_without_html_sends_no_html_part():
    NotificationTemplateFactory(body_html="")

    assert _enqueue().body_html == ""


@pytest.mark.django_db
def test_templates_are_found_for_the_shipped_events():
    assert {"test_message", "sms_verification_code"} <= set(shipped_events())
    assert notification_templates(event="sms_verification_code", kind="sms", language="tr").language == "tr"
