"""`PATCH /users/profile/` as the storefront's profile form sends it (AccountProfileFormType, JSON).

A shopper who never gave a birth date or gender (the state right after registration) sends them
as "": that means "not set", not a 400.
"""

import pytest
from constance.test import override_config

from pazar.accounts.tests.support import PROFILE

FORM = {
    "first_name": "Ayşe",
    "last_name": "Yılmaz",
    "email_allowed": True,
    "sms_allowed": True,
    "phone": "+905551112233",
    "date_of_birth": "",
    "gender": "",
}


@pytest.mark.django_db
def test_empty_birth_date_and_gender_mean_not_set(shopper_client, shopper):
    shopper.date_of_birth = None
    shopper.gender = None
    shopper.save(update_fields=["date_of_birth", "gender"])

    response = shopper_client.patch(PROFILE, FORM, format="json")

    assert response.status_code == 200, response.json()
    assert (response.json()["date_of_birth"], response.json()["gender"]) == (None, None)
    assert response.json()["first_name"] == "Ayşe"
    shopper.refresh_from_db()
    assert (shopper.date_of_birth, shopper.gender, shopper.first_name) == (None, None, "Ayşe")


@pytest.mark.django_db
def test_empty_values_clear_what_was_set(shopper_client, shopper):
    shopper.date_of_birth = "1990-01-02"
    shopper.save(update_fields=["date_of_birth"])

    response = shopper_client.patch(PROFILE, {"date_of_birth": "", "gender": "", "language_code": ""}, format="json")

    assert response.status_code == 200, response.json()
    shopper.refresh_from_db()
    assert (shopper.date_of_birth, shopper.gender, shopper.language_code) == (None, None, "en")


@pytest.mark.django_db
def test_a_bad_value_is_still_a_400(shopper_client):
    response = shopper_client.patch(PROFILE, {"date_of_birth": "yesterday", "gender": "x"}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"date_of_birth", "gender"}


@pytest.mark.django_db
@override_config(PROFILE_CONSENT_CONFIRMATION=True)
def test_the_202_answer_shows_a_missing_avatar_as_null(shopper_client, shopper):
    response = shopper_client.patch(PROFILE, {**FORM, "email_allowed": False}, format="json")

    assert response.status_code == 202
    assert response.json()["avatar"] is None
    assert shopper_client.get(PROFILE).json()["avatar"] is None
