"""DomainError is the domain's, not HTTP's: the API handler answers it as the platform does."""

from django.utils import translation
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import APIException

from pazar.core.exceptions import DomainError, ErrorCode, exception_handler

REFUSED = ErrorCode("thing_100_1", "This thing cannot be done.")


def test_a_domain_error_is_no_http_exception_and_carries_its_code_and_message():
    error = REFUSED.error()

    assert not isinstance(error, APIException)
    assert (error.error_code, str(error), error.status_code) == ("thing_100_1", "This thing cannot be done.", 406)


def test_the_api_handler_answers_406_with_the_message_and_the_code():
    response = exception_handler(REFUSED.error(), context={})

    assert response.status_code == 406
    assert response.data == {"non_field_errors": "This thing cannot be done.", "error_code": "thing_100_1"}


def test_a_service_may_name_another_status():
    response = exception_handler(REFUSED.error(status_code=400), context={})

    assert response.status_code == 400
    assert response.data["error_code"] == "thing_100_1"


def test_the_message_is_rendered_in_the_language_of_the_answer():
    # a message DRF translates ("Not found."): the code's lazy message is read when answering
    with translation.override("tr"):
        response = exception_handler(DomainError("thing_100_2", gettext_lazy("Not found.")), context={})

    assert response.data["non_field_errors"] == "Bulunamadı."
