"""The back office: subjects and submissions have working admin pages, attachments included."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from pazar.accounts.tests.factories import StaffUserFactory
from pazar.support.models import ContactUsMessage
from pazar.support.tests.factories import ContactUsSubjectFactory
from pazar.support.tests.helpers import CONTACT_US_URL, MINIMAL_PDF, upload


@pytest.fixture
def staff_client(client):
    client.force_login(StaffUserFactory(is_superuser=True))
    return client


@pytest.fixture
def submission_with_file(api_client, form):
    """A submission as a shopper sends it, with a PDF."""
    response = api_client.post(CONTACT_US_URL, {**form, "file": upload("invoice.pdf", MINIMAL_PDF)}, format="multipart")
    assert response.status_code == 200
    return ContactUsMessage.objects.get()


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["contactussubject", "contactusmessage"])
def test_the_lists_open(staff_client, submission_with_file, model):
    # given a subject and a submission
    # when staff open the list
    response = staff_client.get(reverse(f"admin:support_{model}_changelist"))

    # then it shows
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_subject_opens_with_both_languages(staff_client):
    # given a subject in two languages
    subject = ContactUsSubjectFactory(text_en="Refund", text_tr="İade")

    # when staff open it
    response = staff_client.get(reverse("admin:support_contactussubject_change", args=[subject.pk]))

    # then both texts are editable
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="text_en"' in content and 'name="text_tr"' in content


@pytest.mark.django_db
def test_a_submission_with_a_private_attachment_opens(staff_client, submission_with_file):
    # given a submission whose file lives in private storage, which has no URL
    # when staff open it
    response = staff_client.get(reverse("admin:support_contactusmessage_change", args=[submission_with_file.pk]))

    # then the page shows, with the uploaded name, and links nowhere to the private file
    assert response.status_code == 200
    content = response.content.decode()
    assert "invoice.pdf" in content
    stored_name = Path(submission_with_file.file.name).name
    assert not [link for link in re.findall(r'href="([^"]*)"', content) if stored_name in link]


@pytest.mark.django_db
def test_staff_download_the_attachment_under_its_original_name(staff_client, submission_with_file):
    # given a submission with a PDF in private storage
    url = reverse("admin:support_contactusmessage_attachment", args=[submission_with_file.pk])

    # when staff follow the link on its page
    response = staff_client.get(url)

    # then they get the bytes the shopper sent, named as the shopper named them
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert 'filename="invoice.pdf"' in response["Content-Disposition"]


@pytest.mark.django_db
def test_the_attachment_is_not_served_to_a_shopper(client, user, submission_with_file):
    # given a logged-in shopper who is not staff
    client.force_login(user)

    # when they ask for the attachment's admin URL
    response = client.get(reverse("admin:support_contactusmessage_attachment", args=[submission_with_file.pk]))

    # then they are sent to the admin login, without the file
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
