"""The account builders answer seed 002's profile and the current user's shape: keys in the declared
order, value types, labels in the request's language, the avatar as an absolute URL."""

import re
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from pazar.accounts import builders
from pazar.accounts.serializers import (
    ConsentPendingSerializer,
    CurrentUserSerializer,
    LoyaltyProfileSerializer,
    ProfileSerializer,
    UserSummarySerializer,
)
from pazar.accounts.tests.factories import UserFactory
from pazar.loyalty.models import LoyaltyAccount, LoyaltyStatus

pytestmark = pytest.mark.django_db

DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
PROFILE_TYPES = {
    "id": int,
    "first_name": str,
    "last_name": str,
    "email_allowed": bool,
    "sms_allowed": bool,
    "call_allowed": bool,
    "email": str,
    "language_code": str,
    "attributes": dict,
}


@pytest.fixture
def shopper():
    return UserFactory(
        first_name="Ayşe", phone="+905551112233", gender="female", date_of_birth=date(1990, 5, 17), attributes={"a": 1}
    )


@pytest.mark.parametrize("language", ["en", "tr"])
def test_the_profile_has_seed_002s_shape(shopper, rf, language):
    with translation.override(language):
        body = builders.profile.of(shopper, request=rf.get("/"))

    assert list(body) == ProfileSerializer.Meta.fields
    assert all(isinstance(body[name], kind) for name, kind in PROFILE_TYPES.items())
    assert body["avatar"] is None
    assert body["phone"] == "+905551112233" and body["gender"] == "female"
    assert body["date_of_birth"] == "1990-05-17"
    assert DATETIME.match(body["date_joined"])
    assert [g["value"] for g in body["genders"]] == ["female", "male"]
    labels = [g["label"] for g in body["genders"]]
    assert (labels == ["female", "male"]) is (language == "en")


def test_an_avatar_is_an_absolute_url(shopper, rf):
    shopper.avatar.save("avatars/me.png", ContentFile(b"png"), save=True)

    body = builders.profile.of(shopper, request=rf.get("/"))

    assert body["avatar"].startswith("http://testserver/") and body["avatar"].endswith(".png")


def test_the_loyalty_profile_adds_the_card(shopper, rf):
    assert builders.loyalty_profile.of(shopper, request=rf.get("/"))["loyalty_card"] is None
    LoyaltyAccount.objects.create(user=shopper, card_number="SBX000000000042", status=LoyaltyStatus.ACTIVE)
    shopper.refresh_from_db()

    body = builders.loyalty_profile.of(shopper, request=rf.get("/"))

    assert list(body) == LoyaltyProfileSerializer.Meta.fields
    assert body["loyalty_card"] == {"card_number": "SBX000000000042", "status": LoyaltyStatus.ACTIVE}


def test_a_draft_profile_has_no_id_nor_join_date(rf):
    draft = UserFactory.build(first_name="Can")
    draft.date_joined = None

    body = builders.loyalty_profile.of(draft, request=rf.get("/"))

    assert body["id"] is None and body["date_joined"] is None and body["first_name"] == "Can"


def test_the_current_user_and_the_pending_change(shopper):
    current = builders.current_user.of(shopper)
    pending = builders.consent_pending.of(shopper)

    assert list(current) == CurrentUserSerializer.Meta.fields
    assert current["pk"] == shopper.pk and len(current["hashed_email"]) == 64
    assert current["last_login"] is None and DATETIME.match(current["date_joined"])
    assert list(pending) == list(ConsentPendingSerializer().fields)


def test_the_user_summary(shopper, django_assert_num_queries):
    with django_assert_num_queries(1):
        (summary,) = builders.user_summary.by_ids([shopper.pk])

    assert list(summary) == UserSummarySerializer.Meta.fields
    assert summary == {
        "id": shopper.pk,
        "first_name": "Ayşe",
        "last_name": shopper.last_name,
        "email": shopper.email,
        "phone": "+905551112233",
        "gender": "female",
    }
