"""Erasure (KVKK / GDPR): `PATCH /users/anonymize/` and the admin action, through the HTTP API."""

import pytest
from constance.test import override_config
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from pazar.accounts.lifecycle.services import user_anonymize
from pazar.accounts.models import User
from pazar.accounts.services import token_for
from pazar.accounts.tests.factories import StaffUserFactory, UserFactory
from pazar.accounts.tests.lifecycle_support import storefront_login
from pazar.addresses.models import Address
from pazar.addresses.tests.factories import AddressFactory
from pazar.conversations.models import ConversationType
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.notifications.models import Notification
from pazar.notifications.services import notification_enqueue
from pazar.orders.models import Order
from pazar.orders.tests.factories import OrderFactory, OrderItemFactory

ANONYMIZE = "/users/anonymize/"
PASSWORD = "correct-Horse-battery-9"


@pytest.fixture
def ayse(db):
    """A shopper with everything that names her: profile, an order, a spare address, a public review, mail."""
    user = UserFactory(
        first_name="Ayşe",
        last_name="Kaya",
        email="ayse.private@example.com",
        phone="+905321234567",
        gender="female",
        attributes={"confirm": True},
        email_allowed=True,
    )
    order = OrderFactory(user=user, number="ORDER-AYSE-1")
    OrderItemFactory(order=order)
    AddressFactory(user=user, first_name="Ayşe", last_name="Kaya", line="Secret street 1")
    conversation = ConversationFactory(user=user, conversation_type=ConversationType.REVIEW, is_public=True)
    MessageFactory(conversation=conversation, message_content="Lovely shirt")
    notification_enqueue(kind="email", event="test_message", to=user.email, context={"name": "Ayşe"}, user=user)
    return user


def _assert_erased(user_id: int):
    user = User.objects.get(pk=user_id)
    assert user.anonymized_at is not None and not user.is_active and not user.has_usable_password()
    assert (user.first_name, user.last_name, user.phone, user.gender, user.date_of_birth) == ("", "", None, None, None)
    assert user.email.endswith("@erased.invalid") and user.attributes == {}
    assert not user.email_allowed
    assert not Token.objects.filter(user=user).exists()
    return user


@pytest.mark.django_db
def test_erasure_flow_through_the_api(ayse, client):
    # given Ayşe logged in on the storefront
    browser = storefront_login(ayse.email, PASSWORD)
    token_for(user=ayse)

    # when she erases her account (a password in the body is accepted, and not needed by default)
    response = browser.patch(ANONYMIZE, {"password": PASSWORD})

    # then 200, the session is over, the email no longer logs in
    assert response.status_code == 200, response.content
    assert isinstance(response.json(), str)
    assert not browser.logged_in()
    login = APIClient().post("/users/login/", {"email": "ayse.private@example.com", "password": PASSWORD})
    assert login.status_code == 400
    erased = _assert_erased(ayse.pk)

    # and her order stays, naming nobody; the spare address is gone, the order's emptied
    order = Order.objects.get(number="ORDER-AYSE-1")
    assert order.user_id == erased.pk and order.user_email == ""
    assert list(Address.objects.filter(user=erased).values_list("first_name", "line")) == [("", "")]
    # and in the admin, the order list and page show no name, email or phone of hers
    client.force_login(StaffUserFactory(is_superuser=True))
    for page in (reverse("admin:orders_order_changelist"), reverse("admin:orders_order_change", args=[order.pk])):
        html = client.get(page).content.decode()
        assert "ORDER-AYSE-1" in html or page.endswith("/change/")
        for personal in ("ayse.private@example.com", "Kaya", "5321234567", "Secret street"):
            assert personal not in html
    # and the public review stays, with an anonymous author
    (review,) = APIClient().get("/public-reviews/").json()["results"]
    assert "Kaya" not in str(review) and "Ayşe" not in str(review)
    # and the outbox no longer says who she was
    assert not Notification.objects.filter(to__icontains="ayse").exists()
    assert not Notification.objects.filter(body_text__contains="Ayşe").exists()


@pytest.mark.django_db
def test_the_same_address_may_register_again(ayse):
    user_anonymize(user_id=ayse.pk)

    body = {
        "email": "Ayse.Private@example.com",
        "password": "a-long-Passphrase-42",
        "first_name": "A",
        "last_name": "K",
    }
    response = APIClient().post("/users/registration/", body, format="json")

    assert response.status_code == 201


@pytest.mark.django_db
def test_erasure_is_idempotent(ayse):
    first = user_anonymize(user_id=ayse.pk)
    second = user_anonymize(user_id=ayse.pk)
    assert (first.email, first.anonymized_at) == (second.email, second.anonymized_at)


@pytest.mark.django_db
@override_config(ANONYMIZE_REQUIRES_PASSWORD=True)
@pytest.mark.parametrize("body", [None, {}, {"password": ""}, {"password": "wrong-password"}])
def test_with_the_hardening_switch_on_nothing_is_erased_without_the_right_password(ayse, body):
    browser = storefront_login(ayse.email, PASSWORD)

    response = browser.patch(ANONYMIZE, body)

    assert response.status_code == 400 and "password" in response.json()
    ayse.refresh_from_db()
    assert ayse.anonymized_at is None and ayse.first_name == "Ayşe"
    assert browser.logged_in()


@pytest.mark.django_db
@pytest.mark.parametrize("path", [ANONYMIZE, ANONYMIZE.rstrip("/")])
def test_the_storefronts_bodyless_patch_erases_by_default(ayse, path):
    browser = storefront_login(ayse.email, PASSWORD)

    # exactly as the client sends it: PATCH, no body ("{}" as text/plain), x-csrftoken, with or without the slash
    response = browser.patch(path)

    assert response.status_code == 200
    _assert_erased(ayse.pk)


@pytest.mark.django_db
def test_anonymize_needs_login_and_csrf(ayse):
    # anonymous: refused (the bodyless PATCH the stock client sends, and one with a password)
    assert APIClient(enforce_csrf_checks=True).patch(ANONYMIZE).status_code in (401, 403)
    assert APIClient().patch(ANONYMIZE, {"password": PASSWORD}, format="json").status_code == 403
    # logged in but without the CSRF token (a cross-site request carries the cookie, not the token)
    browser = storefront_login(ayse.email, PASSWORD)
    assert browser.client.patch(ANONYMIZE).status_code == 403
    assert browser.client.patch(ANONYMIZE, {"password": PASSWORD}, format="json").status_code == 403
    # a wrong CSRF token is no better
    assert browser.client.patch(ANONYMIZE, HTTP_X_CSRFTOKEN="x" * 64).status_code == 403
    ayse.refresh_from_db()
    assert ayse.anonymized_at is None and browser.logged_in()

    # with both, the bodyless PATCH erases
    assert browser.patch(ANONYMIZE).status_code == 200
    _assert_erased(ayse.pk)


@pytest.mark.django_db
def test_the_admin_action_asks_then_erases(ayse, client):
    client.force_login(StaffUserFactory(is_superuser=True))
    changelist = reverse("admin:accounts_user_changelist")
    selected = {"action": "anonymize_selected", "_selected_action": [ayse.pk]}

    # the first post shows the confirmation page and erases nothing
    page = client.post(changelist, selected)
    assert page.status_code == 200
    assert "ayse.private@example.com" in page.content.decode() and "irreversible" in page.content.decode()
    ayse.refresh_from_db()
    assert ayse.anonymized_at is None

    # confirming erases
    done = client.post(changelist, {**selected, "post": "yes"})
    assert done.status_code == 302
    _assert_erased(ayse.pk)


def test_every_app_that_keeps_a_persons_data_registers_its_erasure_step():
    from pazar.core.erasure import erasure_steps

    assert set(erasure_steps()) >= {"addresses", "loyalty", "notifications", "orders", "preferences", "support"}


@pytest.mark.django_db
def test_a_failing_step_leaves_the_person_whole(ayse, monkeypatch):
    from pazar.core import erasure

    # given an app whose erasure step fails after the others ran
    def broken(person):
        raise RuntimeError("step failed")

    monkeypatch.setitem(erasure._steps, "zz-broken", broken)

    # when the account is erased
    with pytest.raises(RuntimeError):
        user_anonymize(user_id=ayse.pk)

    # then nothing was erased anywhere: the account, its order and its mail still name her
    ayse.refresh_from_db()
    assert ayse.anonymized_at is None and ayse.email == "ayse.private@example.com"
    assert Order.objects.get(user=ayse).user_email != ""
    assert Notification.objects.filter(to="ayse.private@example.com").exists()
    assert Address.objects.filter(user=ayse, line="Secret street 1").exists()
