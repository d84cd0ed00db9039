"""`GET/PATCH /users/profile/` and `GET /users/user/`: the seed's shapes, partial updates, nothing else written."""

import io

import pytest
from PIL import Image

from pazar.accounts.models import User
from pazar.accounts.tests.factories import UserFactory
from pazar.accounts.tests.support import PROFILE

PROFILE_KEYS = {
    "id",
    "first_name",
    "last_name",
    "email_allowed",
    "sms_allowed",
    "call_allowed",
    "avatar",
    "email",
    "phone",
    "date_of_birth",
    "gender",
    "genders",
    "language_code",
    "attributes",
    "date_joined",
}


def _image(fmt="PNG", size=(1200, 900)) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    buffer.seek(0)
    buffer.name = f"me.{fmt.lower()}"
    return buffer


@pytest.mark.django_db
def test_the_profile_has_every_field_of_the_seed(shopper_client, shopper):
    # when the shopper reads their profile
    response = shopper_client.get(PROFILE)

    # then every field of the seed's example is there, with the shopper's values
    assert response.status_code == 200
    body = response.json()
    assert set(body) == PROFILE_KEYS
    assert body["id"] == shopper.pk
    assert body["email"] == shopper.email
    assert body["phone"] == "+905551112233"
    assert body["gender"] == "female"
    assert body["genders"] == [{"value": "female", "label": "female"}, {"value": "male", "label": "male"}]
    assert isinstance(body["attributes"], dict) and body["attributes"]["confirm"] is True
    assert body["date_joined"].endswith("Z")


@pytest.mark.django_db
def test_gender_labels_follow_the_request_language(shopper_client):
    # when the profile is read in Turkish
    response = shopper_client.get(PROFILE, HTTP_ACCEPT_LANGUAGE="tr")

    # then the labels are Turkish and the values stay as they are
    genders = response.json()["genders"]
    assert [g["value"] for g in genders] == ["female", "male"]
    assert [g["label"] for g in genders] != ["female", "male"]


@pytest.mark.django_db
def test_anonymous_gets_403(api_client):
    response = api_client.get(PROFILE)

    assert response.status_code == 403
    assert "detail" in response.json()


@pytest.mark.django_db
def test_a_partial_update_changes_only_what_was_sent(shopper_client, shopper):
    # when the shopper sends the seed's body
    body = {"first_name": "John", "last_name": "Doe", "email_allowed": True, "sms_allowed": True, "call_allowed": False}
    response = shopper_client.patch(PROFILE, body, format="json")

    # then it is applied and answered in the profile's shape; the rest is untouched
    assert response.status_code == 200
    assert set(response.json()) == PROFILE_KEYS
    shopper.refresh_from_db()
    assert (shopper.first_name, shopper.last_name, shopper.call_allowed) == ("John", "Doe", False)
    assert shopper.phone == "+905551112233"
    assert shopper.gender == "female"


@pytest.mark.django_db
def test_a_session_update_needs_the_csrf_header(shopper, api_client):
    # given a shopper logged in with the session cookie
    api_client.force_login(shopper)

    # when they PATCH without x-csrftoken
    response = api_client.patch(PROFILE, {"first_name": "X"}, format="json")

    # then it is refused and nothing changes
    assert response.status_code == 403
    shopper.refresh_from_db()
    assert shopper.first_name != "X"


@pytest.mark.django_db
def test_attributes_are_merged_and_a_null_key_is_removed(shopper_client, shopper):
    # when attributes are sent with a new key, a changed one and one set to null
    response = shopper_client.patch(
        PROFILE, {"attributes": {"newsletter": "weekly", "confirm": False, "logged_ip": None}}, format="json"
    )

    # then the stored object keeps the others; reserved keys (logged_ip) are not the shopper's to change
    assert response.status_code == 200
    shopper.refresh_from_db()
    assert shopper.attributes == {
        "confirm": False,
        "newsletter": "weekly",
        "logged_ip": "10.0.0.1",
        "register_client_type": "default",
    }


@pytest.mark.django_db
def test_removing_a_key_with_null(shopper_client, shopper):
    response = shopper_client.patch(PROFILE, {"attributes": {"confirm": None}}, format="json")

    assert response.status_code == 200
    shopper.refresh_from_db()
    assert "confirm" not in shopper.attributes


@pytest.mark.django_db
@pytest.mark.parametrize(
    "attributes",
    [{f"k{n}": n for n in range(51)}, {"big": "x" * 9000}, "not-an-object", ["a", "list"]],
    ids=["too-many-keys", "too-large", "string", "list"],
)
def test_oversized_or_malformed_attributes_are_refused(shopper_client, shopper, attributes):
    before = dict(shopper.attributes)

    response = shopper_client.patch(PROFILE, {"attributes": attributes}, format="json")

    assert response.status_code == 400
    assert "attributes" in response.json()
    shopper.refresh_from_db()
    assert shopper.attributes == before


@pytest.mark.django_db
def test_fields_that_are_not_the_shoppers_are_never_written(shopper_client, shopper, other_user):
    # when the body names fields the shopper may not set
    joined, email = shopper.date_joined, shopper.email
    response = shopper_client.patch(
        PROFILE,
        {
            "id": other_user.pk,
            "email": "attacker@example.com",
            "date_joined": "2000-01-01T00:00:00Z",
            "is_staff": True,
            "is_superuser": True,
            "user_type": "admin",
            "datasource": 1,
            "password": "new-password-123",
            "first_name": "Still Me",
        },
        format="json",
    )

    # then only the allowed field changed, on the caller's own row, and the other user is untouched
    assert response.status_code == 200
    assert response.json()["id"] == shopper.pk
    shopper.refresh_from_db()
    assert shopper.first_name == "Still Me"
    assert (shopper.email, shopper.date_joined) == (email, joined)
    assert not shopper.is_staff and not shopper.is_superuser and shopper.datasource_id is None
    assert not shopper.check_password("new-password-123")
    other = User.objects.get(pk=other_user.pk)
    assert other.first_name != "Still Me"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("gender", "other"),
        ("date_of_birth", "1850-01-01"),
        ("date_of_birth", "2999-01-01"),
        ("date_of_birth", "01/02/2000"),
        ("language_code", "english!"),
        ("phone", "12"),
        ("first_name", "x" * 151),
    ],
)
def test_invalid_values_are_field_errors(shopper_client, shopper, field, value):
    response = shopper_client.patch(PROFILE, {field: value}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.django_db
def test_another_shoppers_phone_is_refused(shopper_client, shopper):
    # given another account with the number
    UserFactory(phone="+905559998877")

    # when the shopper asks for it
    response = shopper_client.patch(PROFILE, {"phone": "0555 999 88 77"}, format="json")

    # then 400 on phone, and no code is sent
    assert response.status_code == 400
    assert list(response.json()) == ["phone"]
    shopper.refresh_from_db()
    assert shopper.phone == "+905551112233"


@pytest.mark.django_db
def test_a_phone_used_elsewhere_is_allowed_when_uniqueness_is_off(shopper_client, shopper):
    from constance.test import override_config

    UserFactory(phone="+905559998877")
    with override_config(PHONE_NUMBER_UNIQUE=False, PROFILE_SMS_VERIFICATION=False):
        response = shopper_client.patch(PROFILE, {"phone": "0555 999 88 77"}, format="json")

    assert response.status_code == 200
    shopper.refresh_from_db()
    assert shopper.phone == "+905559998877"


# --- avatar -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_avatar_is_resized_and_stored_under_a_random_name(shopper_client, shopper, settings):
    # when a large PNG is sent as multipart
    response = shopper_client.patch(PROFILE, {"avatar": _image("PNG", (1600, 1200))}, format="multipart")

    # then it is stored re-encoded, no larger than the bound, under a name that is not the upload's
    assert response.status_code == 200, response.content
    shopper.refresh_from_db()
    assert shopper.avatar
    assert "me" not in shopper.avatar.name.rsplit("/", 1)[-1].split(".")[0]
    with Image.open(shopper.avatar.path) as stored:
        assert max(stored.size) <= settings.AVATAR_MAX_SIZE
    assert response.json()["avatar"].startswith("http")


@pytest.mark.django_db
def test_a_file_that_is_not_an_image_is_refused(shopper_client, shopper):
    fake = io.BytesIO(b"%PDF-1.4 not an image at all")
    fake.name = "me.png"

    response = shopper_client.patch(PROFILE, {"avatar": fake}, format="multipart")

    assert response.status_code == 400
    assert list(response.json()) == ["avatar"]
    shopper.refresh_from_db()
    assert not shopper.avatar


@pytest.mark.django_db
def test_an_avatar_over_the_size_limit_is_refused(shopper_client, shopper, settings):
    settings.AVATAR_MAX_BYTES = 1024

    response = shopper_client.patch(PROFILE, {"avatar": _image("PNG", (800, 800))}, format="multipart")

    assert response.status_code == 400
    assert list(response.json()) == ["avatar"]


# --- /users/user/ -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_user_detail_has_the_seeds_four_fields(shopper_client, shopper):
    response = shopper_client.get("/users/user/")

    assert response.status_code == 200
    assert response.json() == {
        "username": shopper.username,
        "email": shopper.email,
        "first_name": shopper.first_name,
        "last_name": shopper.last_name,
    }


@pytest.mark.django_db
def test_user_detail_needs_a_login(api_client):
    assert api_client.get("/users/user/").status_code == 403
