"""GET /users/contact-us-subjects/ (seed 000): active subjects, in staff order, in the request's language."""

import pytest

from pazar.support.tests.factories import ContactUsSubjectFactory
from pazar.support.tests.helpers import SUBJECTS_URL


@pytest.mark.django_db
def test_lists_only_active_subjects_in_staff_order_as_a_plain_list(api_client):
    # given subjects created in another order than the staff's, one of them switched off
    third = ContactUsSubjectFactory(text_en="Suggestion", sort_order=2)
    first = ContactUsSubjectFactory(text_en="Refund", is_order_needed=True, sort_order=0)
    ContactUsSubjectFactory(text_en="Old subject", sort_order=1, is_active=False)
    second = ContactUsSubjectFactory(text_en="Technical Support", sort_order=1)
    # and one sharing a position, which follows the older one
    second_tie = ContactUsSubjectFactory(text_en="Invoice", sort_order=1)

    # when an anonymous shopper asks for them
    response = api_client.get(SUBJECTS_URL, HTTP_ACCEPT_LANGUAGE="en")

    # then they come as the seed's plain list, exactly these keys, in staff order
    assert response.status_code == 200
    assert response.json() == [
        {"id": first.pk, "text": "Refund", "is_order_needed": True},
        {"id": second.pk, "text": "Technical Support", "is_order_needed": False},
        {"id": second_tie.pk, "text": "Invoice", "is_order_needed": False},
        {"id": third.pk, "text": "Suggestion", "is_order_needed": False},
    ]


@pytest.mark.django_db
def test_follows_a_change_of_order_by_staff(api_client):
    # given two subjects
    refund = ContactUsSubjectFactory(sort_order=0)
    support = ContactUsSubjectFactory(sort_order=1)

    # when staff move the second one up
    support.sort_order = 0
    refund.sort_order = 1
    support.save(update_fields=["sort_order"])
    refund.save(update_fields=["sort_order"])
    response = api_client.get(SUBJECTS_URL)

    # then the list follows
    assert [row["id"] for row in response.json()] == [support.pk, refund.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("tr", "İade"),
        ("tr-TR,tr;q=0.9,en;q=0.8", "İade"),
        ("en", "Refund"),
        ("en-US,en;q=0.9", "Refund"),
        ("de", "Refund"),  # a language pazar does not speak: the default one
    ],
)
def test_text_is_in_the_language_of_the_request(api_client, accept_language, expected):
    # given a subject written in both languages
    ContactUsSubjectFactory(text_en="Refund", text_tr="İade")

    # when the storefront asks in a language
    response = api_client.get(SUBJECTS_URL, HTTP_ACCEPT_LANGUAGE=accept_language)

    # then the text is the one of that language
    assert response.status_code == 200
    assert [row["text"] for row in response.json()] == [expected]


@pytest.mark.django_db
def test_a_subject_not_yet_translated_falls_back_to_english(api_client):
    # given a subject staff wrote only in English
    ContactUsSubjectFactory(text_en="Warranty", text_tr="")

    # when a Turkish shopper asks
    response = api_client.get(SUBJECTS_URL, HTTP_ACCEPT_LANGUAGE="tr")

    # then they see the English text rather than an empty one
    assert [row["text"] for row in response.json()] == ["Warranty"]


@pytest.mark.django_db
def test_answers_without_the_trailing_slash_too(api_client):
    # given a subject
    subject = ContactUsSubjectFactory()

    # when the path is asked without its slash
    response = api_client.get(SUBJECTS_URL.rstrip("/"))

    # then it answers directly, no redirect
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [subject.pk]


@pytest.mark.django_db
def test_a_logged_in_shopper_sees_the_same_list(token_client):
    # given a subject
    subject = ContactUsSubjectFactory(text_en="Refund")

    # when a logged-in shopper asks
    response = token_client.get(SUBJECTS_URL)

    # then the list is the same as for anyone
    assert response.status_code == 200
    assert response.json() == [{"id": subject.pk, "text": "Refund", "is_order_needed": False}]


@pytest.mark.django_db
def test_the_list_is_one_query_however_many_subjects(api_client, django_assert_num_queries):
    # given many active subjects and some inactive ones
    ContactUsSubjectFactory.create_batch(25)
    ContactUsSubjectFactory.create_batch(3, is_active=False)

    # when they are listed
    with django_assert_num_queries(1):
        response = api_client.get(SUBJECTS_URL)

    # then all the active ones came in a single query, none left out by a page
    assert len(response.json()) == 25
