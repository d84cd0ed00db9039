"""`POST /email-subscription/` as `misc.emailSubscription` sends it (JSON `{email, subscribe_contract}`,
through the proxy: trailing slash, cookies, `x-csrftoken` for a session), and the emailed links."""

from datetime import timedelta

import pytest
from constance.test import override_config
from django.utils import timezone
from rest_framework.test import APIClient

from pazar.accounts.tests.factories import UserFactory
from pazar.accounts.tests.lifecycle_support import emails, link_in, storefront_login
from pazar.notifications.rendering import MASK
from pazar.preferences.models import EmailSubscription, SubscriptionStatus
from pazar.preferences.services import unsubscribe_token

URL = "/email-subscription/"
CONFIRM = "/email-subscription/confirm/"
UNSUBSCRIBE = "/email-subscription/unsubscribe/"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"
OK = {"detail": "Thank you for subscribing to our newsletter."}


def _subscribe(client=None, email="reader@example.com", contract=True, **extra):
    client = client or APIClient(enforce_csrf_checks=True)
    body = {"email": email, "subscribe_contract": contract}
    return client.post(URL, body, format="json", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="10.1.2.3", **extra)


def _row(email="reader@example.com") -> EmailSubscription:
    return EmailSubscription.objects.get(email__iexact=email)


# --- single opt-in (the default) -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_visitor_subscribes_with_the_consent_recorded():
    before = timezone.now()

    response = _subscribe()

    assert response.status_code == 200, response.content
    assert response.json() == OK
    row = _row()
    assert row.status == SubscriptionStatus.SUBSCRIBED and row.confirmed_at is not None
    assert (row.consent_ip, row.consent_user_agent, row.consent_text_version) == ("10.1.2.3", BROWSER, "1")
    assert row.consented_at >= before and row.requested_by is None and row.language == "en"
    assert emails("newsletter_confirm") == []


@pytest.mark.django_db
def test_the_address_of_an_account_sets_its_email_allowed_in_any_case(user):
    user.email_allowed = False
    user.save(update_fields=["email_allowed"])

    response = _subscribe(email=user.email.upper())

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.email_allowed is True


@pytest.mark.django_db
def test_one_answer_for_an_account_a_stranger_and_a_subscribed_address(user):
    _subscribe(email="already@example.com")

    answers = [_subscribe(email=address) for address in (user.email, "nobody@example.com", "already@example.com")]

    assert {(a.status_code, a.content) for a in answers} == {(200, answers[0].content)}
    assert answers[0].json() == OK


@pytest.mark.django_db
def test_a_subscribed_addresss_consent_is_not_overwritten_by_a_later_request():
    _subscribe()
    first = _row()

    again = APIClient().post(
        URL, {"email": "reader@example.com", "subscribe_contract": True}, format="json", REMOTE_ADDR="10.9.9.9"
    )

    assert again.status_code == 200
    row = _row()
    assert (row.consent_ip, row.consented_at) == (first.consent_ip, first.consented_at)


@pytest.mark.django_db
def test_a_logged_in_shopper_subscribes_with_the_session_and_its_csrf_token(user, password):
    browser = storefront_login(user.email, password)

    refused = browser.client.post(URL, {"email": user.email, "subscribe_contract": True}, format="json")
    response = browser.post(URL.rstrip("/"), {"email": user.email, "subscribe_contract": True})

    assert refused.status_code == 403
    assert response.status_code == 200, response.content
    assert _row(user.email).requested_by_id == user.pk
    user.refresh_from_db()
    assert user.email_allowed is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "reader@example.com", "subscribe_contract": False}, "subscribe_contract"),
        ({"email": "reader@example.com"}, "subscribe_contract"),
        ({"email": "reader@example.com", "subscribe_contract": ""}, "subscribe_contract"),
        ({"email": "", "subscribe_contract": True}, "email"),
        ({"email": "not-an-address", "subscribe_contract": True}, "email"),
        ({"subscribe_contract": True}, "email"),
        ({"email": ["reader@example.com"], "subscribe_contract": True}, "email"),
        ({"email": "reader@example.com", "subscribe_contract": True, "gender": "other"}, "gender"),
    ],
)
def test_bad_input_is_a_400_on_the_field_and_writes_nothing(body, field, user):
    response = APIClient().post(URL, body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert EmailSubscription.objects.count() == 0


@pytest.mark.django_db
def test_akinons_optional_names_are_accepted_and_not_kept():
    response = APIClient().post(
        URL,
        {"email": "reader@example.com", "subscribe_contract": "true", "first_name": "", "last_name": None},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert _row().status == SubscriptionStatus.SUBSCRIBED


@pytest.mark.django_db
def test_requests_are_throttled_per_address_the_same_for_known_and_unknown(settings, user):
    settings.NEWSLETTER_PER_EMAIL_PER_HOUR = 2

    known = [_subscribe(email=user.email).status_code for _ in range(3)]
    unknown = [_subscribe(email="nobody@example.com").status_code for _ in range(3)]
    other = _subscribe(email="third@example.com")

    assert known == unknown == [200, 200, 429]
    assert other.status_code == 200


# --- double opt-in ---------------------------------------------------------------------------------


@pytest.mark.django_db
@override_config(NEWSLETTER_DOUBLE_OPT_IN=True)
def test_double_opt_in_counts_only_once_the_emailed_link_is_opened(user):
    user.email_allowed = False
    user.save(update_fields=["email_allowed"])

    response = _subscribe(email=user.email)

    # then the same answer, nothing subscribed yet, and a link went to the address
    assert response.json() == OK
    assert _row(user.email).status == SubscriptionStatus.PENDING
    user.refresh_from_db()
    assert user.email_allowed is False
    (mail,) = emails("newsletter_confirm")
    assert mail.to == user.email and mail.user_id is None
    token = link_in(mail, CONFIRM)

    # when the link is opened (no login; the proxy may drop the slash)
    opened = APIClient().get(f"{CONFIRM}{token}")

    assert opened.status_code == 200, opened.content
    assert _row(user.email).status == SubscriptionStatus.SUBSCRIBED
    user.refresh_from_db()
    assert user.email_allowed is True
    mail.refresh_from_db()
    assert token not in mail.body_text and MASK in mail.body_text
    assert APIClient().get(f"{CONFIRM}{token}/").status_code == 400


@pytest.mark.django_db
@override_config(NEWSLETTER_DOUBLE_OPT_IN=True)
def test_the_email_to_a_typed_address_carries_nothing_the_caller_typed():
    APIClient().post(
        URL,
        {
            "email": "victim@example.com",
            "subscribe_contract": True,
            "first_name": "Click http://evil.example",
            "last_name": "<b>now</b>",
        },
        format="json",
    )

    (mail,) = emails("newsletter_confirm")
    for text in (mail.subject, mail.body_text, mail.body_html):
        assert "evil" not in text and "now</b>" not in text


@pytest.mark.django_db
@override_config(NEWSLETTER_DOUBLE_OPT_IN=True)
def test_a_newer_request_replaces_the_older_link():
    _subscribe()
    first = link_in(emails("newsletter_confirm")[0], CONFIRM)
    _subscribe()
    second = link_in(emails("newsletter_confirm")[1], CONFIRM)

    assert APIClient().get(f"{CONFIRM}{first}/").status_code == 400
    assert APIClient().get(f"{CONFIRM}{second}/").status_code == 200


@pytest.mark.django_db
@override_config(NEWSLETTER_DOUBLE_OPT_IN=True)
def test_an_expired_or_wrong_link_is_a_400_and_subscribes_nothing(settings):
    _subscribe()
    token = link_in(emails("newsletter_confirm")[0], CONFIRM)
    EmailSubscription.objects.update(token_expires_at=timezone.now() - timedelta(seconds=1))

    expired = APIClient().get(f"{CONFIRM}{token}/")
    wrong = APIClient().get(f"{CONFIRM}not-the-token/")

    assert expired.status_code == wrong.status_code == 400
    assert expired.json() == {"non_field_errors": ["This link is invalid, used or expired."]}
    assert _row().status == SubscriptionStatus.PENDING


@pytest.mark.django_db
@override_config(NEWSLETTER_DOUBLE_OPT_IN=True)
def test_a_logged_in_shoppers_own_address_needs_no_link(user, password):
    browser = storefront_login(user.email, password)

    response = browser.post(URL, {"email": user.email, "subscribe_contract": True})

    assert response.json() == OK
    assert _row(user.email).status == SubscriptionStatus.SUBSCRIBED
    assert emails("newsletter_confirm") == []


@pytest.mark.django_db
@override_config(NEWSLETTER_DOUBLE_OPT_IN=True)
def test_a_logged_in_shopper_typing_another_address_waits_for_its_link(user, password):
    owner = UserFactory(email_allowed=False)
    browser = storefront_login(user.email, password)

    browser.post(URL, {"email": owner.email, "subscribe_contract": True})

    owner.refresh_from_db()
    assert owner.email_allowed is False
    assert _row(owner.email).status == SubscriptionStatus.PENDING


# --- unsubscribing ---------------------------------------------------------------------------------


@pytest.mark.django_db
@override_config(NEWSLETTER_DOUBLE_OPT_IN=True)
def test_the_emails_unsubscribe_link_takes_the_address_off_the_list(user):
    _subscribe(email=user.email)
    APIClient().get(f"{CONFIRM}{link_in(emails('newsletter_confirm')[0], CONFIRM)}/")
    token = link_in(emails("newsletter_confirm")[0], UNSUBSCRIBE)

    first = APIClient().get(f"{UNSUBSCRIBE}{token}/")
    again = APIClient().post(f"{UNSUBSCRIBE}{token}/")  # the one-click POST of mail clients, no CSRF

    assert first.status_code == again.status_code == 200
    assert _row(user.email).status == SubscriptionStatus.UNSUBSCRIBED
    user.refresh_from_db()
    assert user.email_allowed is False


@pytest.mark.django_db
def test_an_unsubscribe_link_is_signed_for_its_own_address():
    _subscribe(email="one@example.com")
    _subscribe(email="two@example.com")
    token = unsubscribe_token(_row("one@example.com"))
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    assert APIClient().get(f"{UNSUBSCRIBE}{forged}/").status_code == 400
    assert APIClient().get(f"{UNSUBSCRIBE}garbage/").status_code == 400
    assert _row("one@example.com").status == SubscriptionStatus.SUBSCRIBED
    assert APIClient().get(f"{UNSUBSCRIBE}{token}/").status_code == 200
    assert _row("two@example.com").status == SubscriptionStatus.SUBSCRIBED


@pytest.mark.django_db
def test_subscribing_again_after_unsubscribing_records_the_new_consent():
    _subscribe()
    APIClient().get(f"{UNSUBSCRIBE}{unsubscribe_token(_row())}/")

    APIClient().post(
        URL, {"email": "reader@example.com", "subscribe_contract": True}, format="json", REMOTE_ADDR="10.7.7.7"
    )

    row = _row()
    assert row.status == SubscriptionStatus.SUBSCRIBED and row.unsubscribed_at is None
    assert row.consent_ip == "10.7.7.7"


@pytest.mark.django_db
def test_an_erased_account_leaves_no_subscription_behind(user, password):
    browser = storefront_login(user.email, password)
    browser.post(URL, {"email": user.email, "subscribe_contract": True})
    browser.post(URL, {"email": "friend@example.com", "subscribe_contract": True})

    erased = browser.patch("/users/anonymize/", {"password": password})

    assert erased.status_code == 200, erased.content
    assert list(EmailSubscription.objects.values_list("email", "requested_by")) == [("friend@example.com", None)]


# --- the profile's email permission ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_profiles_email_permission_moves_the_login_address_on_and_off_the_list(user, password):
    user.email_allowed = False
    user.phone = None
    user.save(update_fields=["email_allowed", "phone"])
    browser = storefront_login(user.email, password)

    turned_on = browser.patch("/users/profile/", {"first_name": user.first_name, "email_allowed": True})

    assert turned_on.status_code == 200, turned_on.content
    row = _row(user.email)
    assert (row.status, row.consent_source, row.requested_by_id) == (SubscriptionStatus.SUBSCRIBED, "profile", user.pk)

    turned_off = browser.patch("/users/profile/", {"first_name": user.first_name, "email_allowed": False})

    assert turned_off.status_code == 200, turned_off.content
    assert _row(user.email).status == SubscriptionStatus.UNSUBSCRIBED


@pytest.mark.django_db
def test_a_profile_change_of_other_fields_leaves_the_list_alone(user, password):
    _subscribe(email=user.email)
    browser = storefront_login(user.email, password)

    response = browser.patch("/users/profile/", {"first_name": "Changed", "email_allowed": True})

    assert response.status_code == 200, response.content
    row = _row(user.email)
    assert (row.status, row.consent_source) == (SubscriptionStatus.SUBSCRIBED, "form")
