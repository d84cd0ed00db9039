"""Sellers reach only their own customers: ties, one answer for every other id, a throttle."""

import pytest
from constance.test import override_config

from pazar.accounts.models import UserType
from pazar.accounts.tests.factories import UserFactory
from pazar.conversations.models import Conversation, Message
from pazar.conversations.tests.factories import ConversationFactory
from pazar.conversations.tests.support import buy_from, seller_body
from pazar.notifications.models import Notification


def _open(seller_client, remote, user, datasource, **overrides):
    return seller_client.post(remote.conversations, seller_body(user, datasource, **overrides))


def _nothing_written():
    return not Conversation.objects.exists() and not Message.objects.exists() and not Notification.objects.exists()


@pytest.mark.django_db
def test_a_seller_cannot_open_a_conversation_with_a_shopper_who_never_dealt_with_it(
    seller_client, remote, user, datasource
):
    response = _open(seller_client, remote, user, datasource)

    assert response.status_code == 400
    assert list(response.json()) == ["user"]
    assert _nothing_written()


@pytest.mark.django_db
def test_unknown_untied_and_guest_ids_get_one_identical_answer(seller_client, remote, user, datasource):
    guest = UserFactory(user_type=UserType.GUEST)
    buy_from(guest, datasource)
    ghost = UserFactory.build(pk=987_654)

    answers = [_open(seller_client, remote, who, datasource) for who in (user, guest, ghost)]

    assert {(a.status_code, a.content) for a in answers} == {(answers[0].status_code, answers[0].content)}
    assert _nothing_written()


@pytest.mark.django_db
def test_a_customer_of_the_seller_can_be_contacted(seller_client, remote, user, datasource):
    buy_from(user, datasource)

    response = _open(seller_client, remote, user, datasource)

    assert response.status_code == 201
    assert Conversation.objects.get().user == user


@pytest.mark.django_db
def test_a_shopper_who_wrote_to_the_seller_can_be_contacted(seller_client, remote, user, datasource):
    ConversationFactory(user=user, datasource=datasource, conversation_type="question")

    response = _open(seller_client, remote, user, datasource)

    assert response.status_code == 201


@pytest.mark.django_db
def test_the_shop_chooses_which_ties_count(seller_client, remote, user, other_user, datasource):
    buy_from(user, datasource)
    ConversationFactory(user=other_user, datasource=datasource, conversation_type="question")

    with override_config(SELLER_CONTACT_TIES="order"):
        by_order = _open(seller_client, remote, user, datasource)
        by_conversation = _open(seller_client, remote, other_user, datasource)
    with override_config(SELLER_CONTACT_TIES="nobody"):
        nobody = _open(seller_client, remote, user, datasource, conversation_type="question")

    assert (by_order.status_code, by_conversation.status_code, nobody.status_code) == (201, 400, 400)


@pytest.mark.django_db
def test_another_sellers_customer_is_not_a_tie(seller_client, other_seller, remote, user, datasource):
    buy_from(user, other_seller.datasource)

    assert _open(seller_client, remote, user, datasource).status_code == 400


@pytest.mark.django_db
def test_staff_may_open_a_conversation_with_anyone(staff_client, remote, user, datasource):
    assert _open(staff_client, remote, user, datasource).status_code == 201


@pytest.mark.django_db
def test_a_seller_contacts_a_limited_number_of_distinct_shoppers_an_hour(seller_client, remote, datasource, settings):
    # given three customers and a limit of two distinct shoppers an hour
    settings.SELLER_CONTACTS_PER_HOUR = 2
    first, second, third = (UserFactory() for _ in range(3))
    for customer in (first, second, third):
        buy_from(customer, datasource)

    # when the seller opens conversations with each, and a second one with the first
    answers = [_open(seller_client, remote, c, datasource).status_code for c in (first, second, third)]
    again = _open(seller_client, remote, first, datasource, conversation_type="question")

    # then the third shopper is refused, and the first costs nothing more
    assert answers == [201, 201, 429]
    assert again.status_code == 201
    assert not Conversation.objects.filter(user=third).exists()
