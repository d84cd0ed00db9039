"""POST /users/contact-us/ (seed 000): stored, emailed to the shop and acknowledged; bad input writes nothing."""

import pytest
from constance.test import override_config
from django.core import mail

from pazar.notifications.models import Notification
from pazar.orders.tests.factories import OrderFactory
from pazar.support.models import ContactUsMessage
from pazar.support.tests.factories import ContactUsSubjectFactory
from pazar.support.tests.helpers import (
    CONTACT_US_URL,
    FRANCHISE_ADDRESS,
    SUPPORT_ADDRESS,
    csrf_headers,
    nothing_written,
)

# --- The happy path ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", [CONTACT_US_URL, CONTACT_US_URL.rstrip("/")])
def test_a_json_submission_is_stored_and_answered_with_an_empty_200(api_client, form, subject, path):
    # given the seed's JSON body from an anonymous shopper
    # when it is posted, with or without the trailing slash
    response = api_client.post(path, form, format="json", REMOTE_ADDR="203.0.113.9")

    # then the answer is a plain 200 with no content, not a redirect
    assert response.status_code == 200
    assert response.content == b""
    # and the submission is stored as received, with where it went
    message = ContactUsMessage.objects.get()
    assert message.subject == subject
    assert message.full_name == "Ayşe Yılmaz"
    assert message.email == "ayse@example.com"
    assert message.phone == "+905551112233"
    assert message.message == "My parcel has not arrived yet."
    assert message.order is None
    assert not message.file
    assert message.operation == ""
    assert message.recipient == SUPPORT_ADDRESS
    assert message.language == "en"
    assert message.user is None
    assert message.ip_address == "203.0.113.9"


@pytest.mark.django_db
@pytest.mark.parametrize("path", [CONTACT_US_URL, CONTACT_US_URL.rstrip("/")])
def test_a_multipart_submission_with_empty_optional_fields_is_stored(api_client, form, path):
    # given the form as a browser posts it: optional fields present but empty, no file chosen
    body = {**form, "phone": "", "order": "", "operation": "", "file": ""}

    # when it is posted as multipart, with or without the trailing slash
    response = api_client.post(path, body, format="multipart")

    # then it is accepted and the empty fields are stored as nothing
    assert response.status_code == 200
    assert response.content == b""
    message = ContactUsMessage.objects.get()
    assert (message.phone, message.order, message.operation, message.recipient) == ("", None, "", SUPPORT_ADDRESS)
    assert not message.file


@pytest.mark.django_db
def test_the_subject_may_come_as_a_string_as_in_the_seed(api_client, form, subject):
    # given the seed's body, whose subject id is quoted
    form["subject"] = str(subject.pk)

    # when it is posted
    response = api_client.post(CONTACT_US_URL, form, format="json")

    # then it is accepted
    assert response.status_code == 200
    assert ContactUsMessage.objects.get().subject == subject


@pytest.mark.django_db
def test_phone_is_optional(api_client, form):
    # given a form without a phone
    del form["phone"]

    # when it is posted
    response = api_client.post(CONTACT_US_URL, form, format="json")

    # then it is stored with no phone
    assert response.status_code == 200
    assert ContactUsMessage.objects.get().phone == ""


@pytest.mark.django_db
def test_the_shop_and_the_sender_are_emailed_after_commit(api_client, form, django_capture_on_commit_callbacks):
    # given a valid form
    # when it is posted and the transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(CONTACT_US_URL, form, format="json")

    # then two emails were queued in the outbox, one per event
    assert response.status_code == 200
    message = ContactUsMessage.objects.get()
    queued = {n.event: n for n in Notification.objects.all()}
    assert set(queued) == {"contact_us", "contact_us_ack"}
    assert queued["contact_us"].to == SUPPORT_ADDRESS
    assert queued["contact_us_ack"].to == "ayse@example.com"
    # and both left once committed
    sent = {email.to[0]: email for email in mail.outbox}
    assert len(mail.outbox) == 2
    shop, ack = sent[SUPPORT_ADDRESS], sent["ayse@example.com"]
    assert shop.subject == "[Contact] Technical Support: Ayşe Yılmaz"
    assert f"#{message.pk}" in shop.body
    assert "ayse@example.com" in shop.body
    assert "+905551112233" in shop.body
    assert "My parcel has not arrived yet." in shop.body
    assert shop.attachments == []
    assert shop.reply_to == ["ayse@example.com"]
    assert ack.reply_to == []
    assert ack.subject == "We received your message: Technical Support"
    assert "Hello Ayşe Yılmaz" in ack.body
    assert ack.attachments == []


@pytest.mark.django_db
def test_a_turkish_shopper_is_acknowledged_in_turkish(api_client, form, django_capture_on_commit_callbacks):
    # given a shopper browsing in Turkish
    # when they send the form
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(CONTACT_US_URL, form, format="json", HTTP_ACCEPT_LANGUAGE="tr")

    # then the language is stored and the acknowledgement is in Turkish, with the Turkish subject text
    assert response.status_code == 200
    assert ContactUsMessage.objects.get().language == "tr"
    ack_row = Notification.objects.get(event="contact_us_ack")
    assert ack_row.language == "tr"
    (ack,) = [email for email in mail.outbox if email.to == ["ayse@example.com"]]
    assert ack.subject == "Mesajınızı aldık: Teknik Destek"
    assert "Merhaba Ayşe Yılmaz" in ack.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [("full_name", "x" * 70), ("phone", "9" * 70), ("message", "m" * 5000)],
)
def test_the_longest_allowed_values_are_accepted(api_client, form, field, value):
    # given a form with a field at its maximum length
    form[field] = value

    # when it is posted
    response = api_client.post(CONTACT_US_URL, form, format="json")

    # then it is stored whole
    assert response.status_code == 200
    assert getattr(ContactUsMessage.objects.get(), field) == value


@pytest.mark.django_db
def test_a_line_break_in_the_name_cannot_add_email_headers(api_client, form, django_capture_on_commit_callbacks):
    # given a name that tries to smuggle a header into the shop's email subject
    form["full_name"] = "Ali\r\nBcc: victim@x.test"

    # when it is sent
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(CONTACT_US_URL, form, format="json")

    # then the email leaves with a one-line subject and no extra recipient
    assert response.status_code == 200
    (shop,) = [email for email in mail.outbox if email.to == [SUPPORT_ADDRESS]]
    assert "\n" not in shop.subject and "\r" not in shop.subject
    assert shop.bcc == []
    assert shop.recipients() == [SUPPORT_ADDRESS]


# --- Who sent it -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_submission_with_a_token_records_the_user(token_client, user, form):
    # given a logged-in shopper (token)
    # when they send the form
    response = token_client.post(CONTACT_US_URL, form, format="json")

    # then the submission is theirs
    assert response.status_code == 200
    assert ContactUsMessage.objects.get().user == user
    assert Notification.objects.get(event="contact_us_ack").user == user


@pytest.mark.django_db
def test_a_session_submission_with_csrf_records_the_user(auth_client, user, form):
    # given a logged-in shopper (session) who fetched a CSRF token
    headers = csrf_headers(auth_client)

    # when they send the form with it
    response = auth_client.post(CONTACT_US_URL, form, format="json", **headers)

    # then it is stored as theirs
    assert response.status_code == 200
    assert ContactUsMessage.objects.get().user == user


@pytest.mark.django_db
def test_a_session_submission_without_csrf_is_refused(auth_client, form):
    # given a logged-in shopper (session)
    # when a form is posted without the CSRF header (as a forged cross-site request would be)
    response = auth_client.post(CONTACT_US_URL, form, format="json")

    # then it is refused and nothing is written
    assert response.status_code == 403
    assert "detail" in response.json()
    assert nothing_written()


@pytest.mark.django_db
def test_an_anonymous_submission_records_no_user(api_client, user, form):
    # given an anonymous visitor who uses a registered shopper's email
    form["email"] = user.email

    # when they send the form
    response = api_client.post(CONTACT_US_URL, form, format="json")

    # then the submission is not attributed to that account
    assert response.status_code == 200
    assert ContactUsMessage.objects.get().user is None


# --- Validation: a 400 on the field, nothing stored, nothing queued ------------------------------


def _assert_field_error(response, field):
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {field}
    assert isinstance(body[field], list) and body[field]
    assert all(isinstance(message, str) and message for message in body[field])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("subject", {"subject": 987654}),
        ("subject", {"subject": "refund"}),
        ("subject", {"subject": None}),
        ("full_name", {"full_name": None}),
        ("full_name", {"full_name": ""}),
        ("full_name", {"full_name": "x" * 71}),
        ("email", {"email": "not-an-email"}),
        ("email", {"email": ""}),
        ("phone", {"phone": "9" * 71}),
        ("message", {"message": None}),
        ("message", {"message": ""}),
        ("message", {"message": "   \n\t  "}),
        ("message", {"message": "m" * 5001}),
        ("subject", {"subject": 10**20}),
        ("subject", {"subject": -1}),
        ("order", {"order": 10**20}),
        ("order", {"order": "first"}),
        ("full_name", {"full_name": "Ay\x00şe"}),
        ("phone", {"phone": "555\x00"}),
        ("message", {"message": "Hello\x00"}),
        ("operation", {"operation": "franchise\x00"}),
    ],
    ids=[
        "unknown-subject",
        "subject-not-a-number",
        "subject-null",
        "full-name-null",
        "full-name-blank",
        "full-name-71",
        "email-invalid",
        "email-blank",
        "phone-71",
        "message-null",
        "message-blank",
        "message-whitespace",
        "message-5001",
        "subject-out-of-range",
        "subject-negative",
        "order-out-of-range",
        "order-not-a-number",
        "full-name-nul",
        "phone-nul",
        "message-nul",
        "operation-nul",
    ],
)
def test_bad_input_is_a_field_error_and_writes_nothing(api_client, form, field, change):
    # given a form with one bad field
    form.update(change)

    # when it is posted
    response = api_client.post(CONTACT_US_URL, form, format="json")

    # then the error names that field, and nothing is stored or queued
    _assert_field_error(response, field)
    assert nothing_written()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["subject", "full_name", "email", "message"])
def test_each_required_field_is_required(api_client, form, field):
    # given a form missing a required field
    del form[field]

    # when it is posted
    response = api_client.post(CONTACT_US_URL, form, format="json")

    # then that field is reported missing and nothing is written
    assert response.status_code == 400
    assert response.json() == {field: ["This field is required."]}
    assert nothing_written()


@pytest.mark.django_db
def test_an_inactive_subject_is_refused(api_client, form):
    # given a subject staff switched off
    retired = ContactUsSubjectFactory(is_active=False)
    form["subject"] = retired.pk

    # when a stale form still posts it
    response = api_client.post(CONTACT_US_URL, form, format="json")

    # then it is refused like an unknown one
    assert response.status_code == 400
    assert response.json() == {"subject": ["Select a valid subject."]}
    assert nothing_written()


@pytest.mark.django_db
def test_every_bad_field_is_reported_at_once(api_client):
    # given an empty form
    # when it is posted
    response = api_client.post(CONTACT_US_URL, {}, format="json")

    # then all the required fields are named together
    assert response.status_code == 400
    assert set(response.json()) == {"subject", "full_name", "email", "message"}
    assert nothing_written()


@pytest.mark.django_db
def test_errors_are_in_turkish_for_a_turkish_shopper(api_client, form):
    # given a Turkish shopper who left out their name, wrote a bad email and chose a retired subject
    del form["full_name"]
    form["email"] = "ayse"
    form["subject"] = ContactUsSubjectFactory(is_active=False).pk

    # when they post the form
    response = api_client.post(CONTACT_US_URL, form, format="json", HTTP_ACCEPT_LANGUAGE="tr")

    # then DRF's and pazar's own messages are both in Turkish
    assert response.status_code == 400
    assert response.json() == {
        "full_name": ["Bu alan zorunlu."],
        "email": ["Geçerli bir e-posta adresi girin."],
        "subject": ["Geçerli bir konu seçin."],
    }
    assert nothing_written()


# --- Orders -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_subject_that_needs_an_order_refuses_a_form_without_one(api_client, form, order_subject):
    # given the refund subject, which needs an order
    form["subject"] = order_subject.pk

    # when the form comes without an order
    response = api_client.post(CONTACT_US_URL, form, format="json")

    # then the order is asked for and nothing is written
    assert response.status_code == 400
    assert response.json() == {"order": ["Select one of your orders."]}
    assert nothing_written()


@pytest.mark.django_db
def test_someone_elses_order_answers_exactly_like_a_missing_one(token_client, other_user, form, order_subject):
    # given a logged-in shopper and an order of another shopper
    form["subject"] = order_subject.pk
    foreign = OrderFactory(user=other_user)

    # when they send the form without an order, with an order that does not exist, and with the other's order
    missing = token_client.post(CONTACT_US_URL, form, format="json")
    unknown = token_client.post(CONTACT_US_URL, {**form, "order": foreign.pk + 1000}, format="json")
    stolen = token_client.post(CONTACT_US_URL, {**form, "order": foreign.pk}, format="json")

    # then all three answer the same 400 on `order`: the other order's existence does not leak
    assert missing.status_code == unknown.status_code == stolen.status_code == 400
    assert stolen.json() == missing.json() == unknown.json() == {"order": ["Select one of your orders."]}
    assert nothing_written()


@pytest.mark.django_db
def test_someone_elses_order_is_refused_even_when_the_subject_does_not_need_one(token_client, other_user, form):
    # given an order of another shopper
    foreign = OrderFactory(user=other_user)

    # when a logged-in shopper attaches it to a general question
    response = token_client.post(CONTACT_US_URL, {**form, "order": foreign.pk}, format="json")

    # then it is refused rather than quietly linked
    assert response.status_code == 400
    assert response.json() == {"order": ["Select one of your orders."]}
    assert nothing_written()


@pytest.mark.django_db
def test_an_anonymous_visitor_cannot_name_a_strangers_order(api_client, other_user, form, order_subject):
    # given an order of a registered shopper
    foreign = OrderFactory(user=other_user)

    # when an anonymous visitor with another email names it
    response = api_client.post(
        CONTACT_US_URL, {**form, "subject": order_subject.pk, "order": foreign.pk}, format="json"
    )

    # then it is refused like a missing order
    assert response.status_code == 400
    assert response.json() == {"order": ["Select one of your orders."]}
    assert nothing_written()


@pytest.mark.django_db
def test_the_shoppers_own_order_is_stored_and_sent_to_the_shop(
    token_client, user, form, order_subject, django_capture_on_commit_callbacks
):
    # given a logged-in shopper's own order
    order = OrderFactory(user=user, number="1666226475399999")

    # when they ask about it under the refund subject
    with django_capture_on_commit_callbacks(execute=True):
        response = token_client.post(
            CONTACT_US_URL, {**form, "subject": order_subject.pk, "order": order.pk}, format="json"
        )

    # then it is stored with the order, and the shop sees the order number
    assert response.status_code == 200
    assert response.content == b""
    assert ContactUsMessage.objects.get().order == order
    (shop,) = [email for email in mail.outbox if email.to == [SUPPORT_ADDRESS]]
    assert "1666226475399999" in shop.body


@pytest.mark.django_db
def test_the_shoppers_own_order_in_a_multipart_form_is_accepted(auth_client, user, form, order_subject):
    # given a logged-in (session) shopper's own order, sent as a browser form field
    order = OrderFactory(user=user)
    headers = csrf_headers(auth_client)

    # when the form is posted as multipart
    response = auth_client.post(
        CONTACT_US_URL, {**form, "subject": order_subject.pk, "order": str(order.pk)}, format="multipart", **headers
    )

    # then the order is linked
    assert response.status_code == 200
    assert ContactUsMessage.objects.get().order == order


# --- Operation: which mailbox ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "stored_operation", "recipient"),
    [
        ({"operation": "franchise"}, "franchise", FRANCHISE_ADDRESS),
        ({"operation": "contact_us"}, "contact_us", SUPPORT_ADDRESS),
        ({}, "", SUPPORT_ADDRESS),
        ({"operation": ""}, "", SUPPORT_ADDRESS),
        ({"operation": None}, "", SUPPORT_ADDRESS),
    ],
    ids=["franchise", "contact-us", "absent", "blank", "null"],
)
def test_the_operation_chooses_the_mailbox(
    api_client, form, change, stored_operation, recipient, django_capture_on_commit_callbacks
):
    # given CONTACT_US_EMAIL_TO with a default and a franchise mailbox (conftest)
    # when the form names an operation, or none
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(CONTACT_US_URL, {**form, **change}, format="json")

    # then the shop email goes to that operation's mailbox
    assert response.status_code == 200
    message = ContactUsMessage.objects.get()
    assert (message.operation, message.recipient) == (stored_operation, recipient)
    assert Notification.objects.get(event="contact_us").to == recipient
    assert sorted(email.to[0] for email in mail.outbox) == sorted([recipient, "ayse@example.com"])


@pytest.mark.django_db
def test_an_unknown_operation_is_a_field_error(api_client, form):
    # given an operation CONTACT_US_EMAIL_TO does not name
    # when the form is posted with it
    response = api_client.post(CONTACT_US_URL, {**form, "operation": "wholesale"}, format="json")

    # then it is refused on `operation` and nothing is written
    assert response.status_code == 400
    assert response.json() == {"operation": ["Unknown operation."]}
    assert nothing_written()


@pytest.mark.django_db
def test_the_default_mailbox_is_the_shipped_setting(api_client, form):
    # given the dynamic setting as shipped
    with override_config(CONTACT_US_EMAIL_TO={"contact_us": "support@pazar.local"}):
        # when a form is posted with no operation
        response = api_client.post(CONTACT_US_URL, form, format="json")

    # then it goes to the shipped mailbox
    assert response.status_code == 200
    assert ContactUsMessage.objects.get().recipient == "support@pazar.local"


@pytest.mark.django_db
def test_the_shop_reads_its_own_language_and_the_sender_theirs(api_client, form, django_capture_on_commit_callbacks):
    # when a shopper writes in Turkish
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(CONTACT_US_URL, form, format="json", HTTP_ACCEPT_LANGUAGE="tr")

    # then the shop's email is in the shop's language (LANGUAGE_CODE), the acknowledgement in Turkish
    assert response.status_code == 200
    languages = {n.event: n.language for n in Notification.objects.all()}
    assert languages == {"contact_us": "en", "contact_us_ack": "tr"}
