"""Trade-in: the owner approves logged in with the emailed token; the signed link rejects without login; once each."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.utils import translation

from pazar.core.exceptions import DomainError
from pazar.notifications.models import Notification
from pazar.orders.models import TradeInOffer, TradeInStatus
from pazar.orders.tests.factories import OrderItemFactory, TradeInOfferFactory
from pazar.orders.tradein import services as tradein_services
from pazar.orders.tradein.tokens import TRADEIN_REJECT_SALT, tradein_approve_token, tradein_reject_token


def _approve_url(item, token=None):
    url = f"/users/order_item/{item.pk}/tradein_approved/"
    if token is None:
        offer = TradeInOffer.objects.filter(order_item=item).first()
        token = tradein_approve_token(order_item_id=item.pk, offer_id=offer.pk) if offer else ""
    return f"{url}?token={token}" if token else url


def _reject_url(item, token=None):
    url = f"/users/order_item/{item.pk}/tradein_rejected/"
    return f"{url}?token={token}" if token is not None else url


def _token(offer):
    return tradein_reject_token(order_item_id=offer.order_item_id, offer_id=offer.pk)


@pytest.fixture
def offer(delivered_item):
    return TradeInOfferFactory(order_item=delivered_item)


@pytest.mark.django_db
def test_the_owner_approves_once(auth_client, offer):
    # when the owner follows the approve link
    response = auth_client.get(_approve_url(offer.order_item))

    # then the offer is approved and the answer is the seed's text
    assert response.status_code == 200
    assert response.json() == "Your approval has been sent."
    offer.refresh_from_db()
    assert offer.status == TradeInStatus.APPROVED
    assert offer.answered_at is not None

    # and a second answer, either way, is refused
    second = auth_client.get(_approve_url(offer.order_item))
    assert second.status_code == 406
    assert second.json()["error_code"] == "tradein_100_2"


@pytest.mark.django_db
def test_the_answer_is_in_the_request_language(auth_client, offer):
    response = auth_client.get(_approve_url(offer.order_item), HTTP_ACCEPT_LANGUAGE="tr")

    with translation.override("tr"):
        assert response.json() == translation.gettext("Your approval has been sent.")


@pytest.mark.django_db
def test_approve_needs_login_and_ownership(api_client, auth_client, other_user):
    theirs = TradeInOfferFactory(order_item=OrderItemFactory(delivered=True, order__user=other_user))

    assert api_client.get(_approve_url(theirs.order_item)).status_code == 403
    assert auth_client.get(_approve_url(theirs.order_item)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == TradeInStatus.PENDING


@pytest.mark.django_db
def test_an_item_without_an_offer(auth_client, item):
    response = auth_client.get(_approve_url(item, tradein_approve_token(order_item_id=item.pk, offer_id=1)))

    assert response.status_code == 406
    assert response.json()["error_code"] == "tradein_100_1"


@pytest.mark.django_db
def test_the_signed_link_rejects_without_login(api_client, offer):
    # when anyone holding the emailed link opens it
    response = api_client.get(_reject_url(offer.order_item, _token(offer)))

    # then the offer is rejected, once
    assert response.status_code == 200
    assert response.json() == "Your rejection has been sent."
    offer.refresh_from_db()
    assert offer.status == TradeInStatus.REJECTED
    again = api_client.get(_reject_url(offer.order_item, _token(offer)))
    assert again.status_code == 406
    assert again.json()["error_code"] == "tradein_100_2"


@pytest.mark.django_db
def test_without_a_valid_token_reject_is_a_403(api_client, auth_client, offer, other_user):
    other = TradeInOfferFactory(order_item=OrderItemFactory(delivered=True, order__user=other_user))
    forged = signing.dumps({"item": offer.order_item_id, "offer": offer.pk}, salt="another-salt")

    # another item's token; a token for another item; a forged or mangled token
    for client, url in [
        (auth_client, _reject_url(other.order_item, _token(offer))),
        (api_client, _reject_url(offer.order_item, _token(other))),
        (api_client, _reject_url(offer.order_item, forged)),
        (api_client, _reject_url(offer.order_item, _token(offer)[:-2] + "xx")),
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json() == {"detail": "This link is not valid or has expired."}

    offer.refresh_from_db()
    other.refresh_from_db()
    assert (offer.status, other.status) == (TradeInStatus.PENDING, TradeInStatus.PENDING)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["tradein_approved", "tradein_rejected"])
def test_a_tokenless_answer_from_the_owners_session_changes_nothing(auth_client, offer, path):
    # given a page on another site that navigates the owner's browser to the answer path: the session
    # cookie arrives (SameSite=Lax lets a top-level GET carry it), the email's token cannot
    url = f"/users/order_item/{offer.order_item_id}/{path}/"

    for forged in [url, f"{url}?token=", f"{url}?token=guessed"]:
        response = auth_client.get(forged, HTTP_SEC_FETCH_SITE="cross-site")

        # then it is a 403 that says what to do, and the offer is still open
        assert response.status_code == 403, forged
        assert "detail" in response.json()
    assert auth_client.get(url).json() == {
        "detail": "Open the link in the trade-in offer email: an answer without its token changes nothing."
    }
    offer.refresh_from_db()
    assert offer.status == TradeInStatus.PENDING
    assert offer.answered_at is None


@pytest.mark.django_db
def test_one_answers_token_is_not_the_others(auth_client, offer):
    approve = tradein_approve_token(order_item_id=offer.order_item_id, offer_id=offer.pk)

    assert auth_client.get(_reject_url(offer.order_item, approve)).status_code == 403
    assert auth_client.get(_approve_url(offer.order_item, _token(offer))).status_code == 403
    offer.refresh_from_db()
    assert offer.status == TradeInStatus.PENDING


@pytest.mark.django_db
def test_an_expired_link_is_a_403(api_client, offer):
    token = _token(offer)
    later = signing.time.time() + timedelta(days=31).total_seconds()

    with mock.patch("django.core.signing.time.time", return_value=later):
        response = api_client.get(_reject_url(offer.order_item, token))

    assert response.status_code == 403


@pytest.mark.django_db
def test_a_link_names_its_own_offer(api_client, offer):
    token = signing.dumps({"item": offer.order_item_id, "offer": offer.pk + 1000}, salt=TRADEIN_REJECT_SALT)

    response = api_client.get(_reject_url(offer.order_item, token))

    assert response.status_code == 406
    assert response.json()["error_code"] == "tradein_100_1"


@pytest.mark.django_db
def test_making_an_offer_emails_links_that_work(
    api_client, auth_client, delivered_item, django_capture_on_commit_callbacks
):
    # when staff make an offer
    with django_capture_on_commit_callbacks(execute=True):
        offer = tradein_services.tradein_offer_make(
            order_item=delivered_item, amount=Decimal("250.00"), note="Good as new"
        )

    # then the owner is emailed signed approve and reject links
    notification = Notification.objects.get(event="tradein_offer")
    assert notification.to == delivered_item.order.user.email
    assert "250.00 TRY" in notification.body_text
    reject_line = next(line for line in notification.body_text.splitlines() if "tradein_rejected" in line)
    reject_url = reject_line.split(": ", 1)[1]
    parts = urlsplit(reject_url)
    assert parts.path == _reject_url(delivered_item)
    # the stored row keeps the secret link only until it expires (the outbox masks it then)
    assert notification.secrets_expire_at is not None

    # and the emailed reject link works as is
    response = api_client.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 200
    offer.refresh_from_db()
    assert offer.status == TradeInStatus.REJECTED


@pytest.mark.django_db
def test_the_emailed_approve_link_works_for_the_logged_in_owner(
    api_client, auth_client, delivered_item, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        offer = tradein_services.tradein_offer_make(order_item=delivered_item, amount=Decimal("250.00"))
    notification = Notification.objects.get(event="tradein_offer")
    approve_line = next(line for line in notification.body_text.splitlines() if "tradein_approved" in line)
    parts = urlsplit(approve_line.split(": ", 1)[1])
    assert parts.path == f"/users/order_item/{delivered_item.pk}/tradein_approved/"
    assert parts.query.startswith("token=")

    # logged out, the link asks for a login; logged in as the owner, it approves
    assert api_client.get(f"{parts.path}?{parts.query}").status_code == 403
    response = auth_client.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 200
    offer.refresh_from_db()
    assert offer.status == TradeInStatus.APPROVED


@pytest.mark.django_db
def test_one_offer_per_item(delivered_item):
    tradein_services.tradein_offer_make(order_item=delivered_item, amount=Decimal("1.00"))

    with pytest.raises(DomainError) as refused:
        tradein_services.tradein_offer_make(order_item=delivered_item, amount=Decimal("2.00"))

    assert refused.value.error_code == "tradein_100_3"
    assert TradeInOffer.objects.count() == 1
