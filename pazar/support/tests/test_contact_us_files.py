"""Contact-us attachments: real documents are kept privately under a random name; anything else is refused."""

import os
from pathlib import Path

import pytest
from django.core import mail

from pazar.notifications.models import NotificationAttachment
from pazar.support.models import ContactUsMessage
from pazar.support.tests.helpers import (
    CONTACT_US_URL,
    ELF_EXECUTABLE,
    LEGACY_DOC,
    LEGACY_PPT,
    LEGACY_XLS,
    MINIMAL_PDF,
    SUPPORT_ADDRESS,
    WINDOWS_EXECUTABLE,
    docx_bytes,
    forged_size_zip_bomb_xlsx_bytes,
    image_bytes,
    many_members_docx_bytes,
    nothing_written,
    padded_zip_bomb_xlsx_bytes,
    plain_zip_bytes,
    upload,
    xlsx_bytes,
    zip_bomb_xlsx_bytes,
    zip_bytes,
)

PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
DOCX = docx_bytes()
XLSX = xlsx_bytes()

VALID_FILES = [
    ("invoice.pdf", MINIMAL_PDF, "application/pdf"),
    ("parcel.png", PNG, "image/png"),
    ("parcel.jpg", JPEG, "image/jpeg"),
    ("parcel.JPEG", JPEG, "image/jpeg"),
    ("complaint.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("items.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("letter.doc", LEGACY_DOC, "application/msword"),
    ("items.xls", LEGACY_XLS, "application/vnd.ms-excel"),
]


def _files_under(root) -> list[Path]:
    root = Path(root)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _post_with_file(client, form, file, **extra):
    return client.post(CONTACT_US_URL, {**form, "file": file}, format="multipart", **extra)


# --- Accepted ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "content_type"), VALID_FILES, ids=[v[0] for v in VALID_FILES])
def test_a_real_document_is_stored_privately_under_a_random_name(
    api_client, form, settings, name, content, content_type
):
    # given a genuine file of an allowed type
    # when it is sent with the form
    response = _post_with_file(api_client, form, upload(name, content, content_type))

    # then the form is accepted with an empty body
    assert response.status_code == 200
    assert response.content == b""
    message = ContactUsMessage.objects.get()
    # and the file is kept byte for byte, under a random name with the same extension
    stored = Path(message.file.path)
    assert stored.read_bytes() == content
    assert stored.suffix == Path(name).suffix.lower()
    assert Path(name).stem.lower() not in stored.name.lower()
    assert message.file_name == name
    # outside MEDIA_ROOT, in the private root no web server serves
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert _files_under(settings.MEDIA_ROOT) == []


@pytest.mark.django_db
def test_two_uploads_with_the_same_name_get_different_names(api_client, form):
    # given two shoppers who both send "invoice.pdf"
    # when both forms are sent
    first = _post_with_file(api_client, form, upload("invoice.pdf", MINIMAL_PDF))
    second = _post_with_file(api_client, {**form, "email": "mehmet@example.com"}, upload("invoice.pdf", MINIMAL_PDF))

    # then neither overwrites nor reveals the other
    assert first.status_code == second.status_code == 200
    names = [m.file.name for m in ContactUsMessage.objects.all()]
    assert len(set(names)) == 2


@pytest.mark.django_db
def test_the_shop_email_carries_the_upload_unchanged(api_client, form, settings, django_capture_on_commit_callbacks):
    # given a PDF
    # when it is sent with the form and the transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_with_file(api_client, form, upload("invoice.pdf", MINIMAL_PDF, "application/pdf"))

    # then the outbox has the attachment row of the shop email, stored privately
    assert response.status_code == 200
    attachment = NotificationAttachment.objects.get()
    assert attachment.notification.event == "contact_us"
    assert attachment.notification.to == SUPPORT_ADDRESS
    assert attachment.content_type == "application/pdf"
    assert Path(attachment.file.path).is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    # and the shop's email carries the file identical to the upload; the acknowledgement carries none
    (shop,) = [email for email in mail.outbox if email.to == [SUPPORT_ADDRESS]]
    (ack,) = [email for email in mail.outbox if email.to == ["ayse@example.com"]]
    assert len(shop.attachments) == 1
    filename, content, mimetype = shop.attachments[0]
    assert content == MINIMAL_PDF
    assert mimetype == "application/pdf"
    assert filename == "invoice.pdf"
    assert ack.attachments == []


@pytest.mark.django_db
def test_a_file_exactly_at_the_limit_is_accepted(api_client, form, settings):
    # given a limit and a PDF of exactly that size
    content = MINIMAL_PDF.ljust(4096, b"\n")
    settings.CONTACT_US_FILE_MAX_BYTES = len(content)

    # when it is sent
    response = _post_with_file(api_client, form, upload("invoice.pdf", content))

    # then it is accepted
    assert response.status_code == 200
    assert Path(ContactUsMessage.objects.get().file.path).read_bytes() == content


@pytest.mark.django_db
def test_a_large_spreadsheet_kept_in_a_temporary_file_is_accepted_intact(api_client, form, settings):
    # given a genuine .xlsx bigger than what Django keeps in memory, so it is spooled to disk
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    content = zip_bytes(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "xl/workbook.xml": "<workbook/>",
            "xl/media/photo.bin": os.urandom(256 * 1024),
        }
    )

    # when it is sent
    response = _post_with_file(api_client, form, upload("items.xlsx", content))

    # then it is stored byte for byte
    assert response.status_code == 200
    assert Path(ContactUsMessage.objects.get().file.path).read_bytes() == content


@pytest.mark.django_db
def test_a_very_long_file_name_is_kept_shortened_and_the_file_stored(api_client, form):
    # given a genuine PDF with a 300-character name
    name = "r" * 296 + ".pdf"

    # when it is sent
    response = _post_with_file(api_client, form, upload(name, MINIMAL_PDF))

    # then it is accepted; the original name is kept as far as it fits, the stored one is short and random
    assert response.status_code == 200
    message = ContactUsMessage.objects.get()
    assert len(message.file_name) <= 255
    assert message.file_name.startswith("rrrr") and message.file_name.endswith(".pdf")
    assert "rrrr" not in message.file.name
    assert Path(message.file.path).read_bytes() == MINIMAL_PDF


# --- Refused -------------------------------------------------------------------------------------

REFUSED_FILES = [
    ("elf-named-pdf", "invoice.pdf", ELF_EXECUTABLE),
    ("exe-named-pdf", "invoice.pdf", WINDOWS_EXECUTABLE),
    ("double-extension", "a.pdf.exe", MINIMAL_PDF),
    ("no-extension", "invoice", MINIMAL_PDF),
    ("txt", "notes.txt", b"hello, this is plain text"),
    ("html", "page.html", b"<html><script>alert(1)</script></html>"),
    ("svg", "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("empty", "invoice.pdf", b""),
    ("png-named-pdf", "invoice.pdf", PNG),
    ("pdf-named-jpg", "photo.jpg", MINIMAL_PDF),
    ("docx-named-xlsx", "items.xlsx", DOCX),
    ("plain-zip-named-docx", "complaint.docx", plain_zip_bytes()),
    ("not-a-zip-named-docx", "complaint.docx", b"PK\x03\x04 but truncated garbage"),
    ("random-bytes-named-xlsx", "items.xlsx", bytes(range(256)) * 4),
    ("xlsx-named-docx", "complaint.docx", XLSX),
    ("powerpoint-named-doc", "letter.doc", LEGACY_PPT),
    ("pdf-named-xls", "items.xls", MINIMAL_PDF),
    ("too-many-members-docx", "complaint.docx", many_members_docx_bytes()),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content"), [r[1:] for r in REFUSED_FILES], ids=[r[0] for r in REFUSED_FILES])
def test_a_disguised_or_disallowed_file_is_refused(api_client, form, settings, name, content):
    # given a file that is not what an allowed extension promises
    # when it is sent with the form
    response = _post_with_file(api_client, form, upload(name, content))

    # then the error is on `file` and nothing is stored, queued or left on disk
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"file"}
    assert len(body["file"]) == 1 and isinstance(body["file"][0], str)
    assert nothing_written()
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == []
    assert _files_under(settings.MEDIA_ROOT) == []


ZIP_BOMBS = [
    ("one-member-of-zeros", zip_bomb_xlsx_bytes),
    ("padded-with-noise", padded_zip_bomb_xlsx_bytes),
    ("headers-lie-about-size", forged_size_zip_bomb_xlsx_bytes),
]


@pytest.mark.django_db
@pytest.mark.parametrize("build", [b[1] for b in ZIP_BOMBS], ids=[b[0] for b in ZIP_BOMBS])
def test_a_zip_bomb_posing_as_a_spreadsheet_is_refused(api_client, form, settings, build):
    # given an .xlsx with the Office parts and a member of tens of MB of zeros, packed into a few KB
    bomb = build()
    assert len(bomb) < 2 * 1024 * 1024

    # when it is sent with the form
    response = _post_with_file(api_client, form, upload("items.xlsx", bomb))

    # then it is refused as not a valid document, and nothing is kept
    assert response.status_code == 400
    assert response.json() == {"file": ["The file is not a valid document."]}
    assert nothing_written()
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == []


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused(api_client, form, settings):
    # given a small limit and a genuine PDF one byte over it
    content = MINIMAL_PDF.ljust(4097, b"\n")
    settings.CONTACT_US_FILE_MAX_BYTES = 4096

    # when it is sent
    response = _post_with_file(api_client, form, upload("invoice.pdf", content))

    # then it is refused on `file`, and nothing is kept
    assert response.status_code == 400
    assert set(response.json()) == {"file"}
    assert nothing_written()
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == []


@pytest.mark.django_db
def test_the_size_refusal_names_the_limit_in_megabytes(api_client, form, settings):
    # given the shipped 10 MB limit and a file just over it
    settings.CONTACT_US_FILE_MAX_BYTES = 10 * 1024 * 1024
    content = MINIMAL_PDF.ljust(10 * 1024 * 1024 + 1, b"\n")

    # when it is sent
    response = _post_with_file(api_client, form, upload("invoice.pdf", content))

    # then the message says what the limit is
    assert response.status_code == 400
    assert response.json() == {"file": ["The file is larger than 10.0\xa0MB."]}
    assert nothing_written()


@pytest.mark.django_db
def test_file_errors_are_in_turkish_for_a_turkish_shopper(api_client, form):
    # given a Turkish shopper and a renamed executable
    # when they send it as a PDF
    response = _post_with_file(api_client, form, upload("invoice.pdf", WINDOWS_EXECUTABLE), HTTP_ACCEPT_LANGUAGE="tr")

    # then the refusal is in Turkish
    assert response.status_code == 400
    assert response.json() == {"file": ["Dosyanın içeriği uzantısıyla uyuşmuyor."]}


@pytest.mark.django_db
def test_a_refused_file_does_not_hide_the_other_errors(api_client, form):
    # given a form with a bad file and a missing message
    del form["message"]

    # when it is posted
    response = _post_with_file(api_client, form, upload("notes.txt", b"hi"))

    # then both are reported
    assert response.status_code == 400
    assert set(response.json()) == {"file", "message"}
    assert nothing_written()


@pytest.mark.django_db
def test_a_file_sent_as_json_text_is_refused(api_client, form):
    # given a JSON body whose `file` is a string, not an upload
    # when it is posted
    response = api_client.post(CONTACT_US_URL, {**form, "file": "JVBERi0xLjQK"}, format="json")

    # then it is refused on `file`
    assert response.status_code == 400
    assert set(response.json()) == {"file"}
    assert nothing_written()
