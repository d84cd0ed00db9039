"""Fixtures of the contact-us tests: subjects, the recipients per operation, a valid form, CSRF."""

import pytest
from constance.test import override_config

from pazar.support.tests.factories import ContactUsSubjectFactory
from pazar.support.tests.helpers import FRANCHISE_ADDRESS, SUPPORT_ADDRESS


@pytest.fixture(autouse=True)
def routes(db):
    """CONTACT_US_EMAIL_TO as a shop sets it: the default mailbox and a franchise one."""
    with override_config(CONTACT_US_EMAIL_TO={"contact_us": SUPPORT_ADDRESS, "franchise": FRANCHISE_ADDRESS}):
        yield


@pytest.fixture
def subject(db):
    return ContactUsSubjectFactory(text_en="Technical Support", text_tr="Teknik Destek")


@pytest.fixture
def order_subject(db):
    """A subject that needs one of the sender's orders."""
    return ContactUsSubjectFactory(text_en="Refund", text_tr="İade", is_order_needed=True)


@pytest.fixture
def form(subject):
    """A valid contact form, the seed's request body; copy it and change what a test is about."""
    return {
        "subject": subject.pk,
        "full_name": "Ayşe Yılmaz",
        "email": "ayse@example.com",
        "phone": "+905551112233",
        "message": "My parcel has not arrived yet.",
    }
