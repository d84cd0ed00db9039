"""The filter backend binds only the filters the query string names, with the same results and errors."""

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from pazar.conversations.filters import ConversationFilter
from pazar.conversations.models import Conversation
from pazar.conversations.tests.factories import ConversationFactory
from pazar.conversations.views import UserConversationListView
from pazar.core.filters import DjangoFilterBackend

pytestmark = pytest.mark.django_db


def _filterset(query: str):
    request = Request(APIRequestFactory().get(f"/users/conversations/?{query}"))
    return DjangoFilterBackend().get_filterset(request, Conversation.objects.all(), UserConversationListView())


@pytest.mark.parametrize(
    ("query", "bound"),
    [
        ("", set()),
        ("page=2&limit=20", set()),
        ("is_answered=false", {"is_answered"}),
        ("is_answered=false&product=3", {"is_answered", "product"}),
        # A parameter named like a filter with a suffix keeps both that filter and the longer one.
        ("created_date=2026-01-01", {"created_date"}),
        ("created_date__lte=2026-01-01T00:00:00Z", {"created_date", "created_date__lte"}),
    ],
)
def test_only_the_named_filters_are_bound(query, bound):
    filterset = _filterset(query)
    assert set(filterset.filters) == bound
    assert isinstance(filterset, ConversationFilter)


def test_every_filter_named_uses_the_class_itself():
    query = "&".join(f"{name}=1" for name in ConversationFilter.base_filters)
    assert type(_filterset(query)) is ConversationFilter


def test_results_and_errors_through_the_api(token_client, user):
    answered = ConversationFactory(user=user, is_answered=True)
    open_one = ConversationFactory(user=user, is_answered=False)
    ConversationFactory(is_answered=False)  # another shopper's

    everything = token_client.get("/users/conversations/")
    assert {row["id"] for row in everything.json()["results"]} == {answered.pk, open_one.pk}

    unanswered = token_client.get("/users/conversations/?is_answered=false")
    assert [row["id"] for row in unanswered.json()["results"]] == [open_one.pk]

    wrong = token_client.get("/users/conversations/?is_answered=perhaps&product=0")
    assert wrong.status_code == 400
    assert set(wrong.json()) >= {"product"}
