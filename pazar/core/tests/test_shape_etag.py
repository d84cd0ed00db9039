"""The revalidated lists' ETags name the declared shape (pazar/core/revalidation.py `shape_of`)."""

import pytest

from pazar.catalog.serializers import DataSourceSerializer
from pazar.conversations import views
from pazar.conversations.serializers import PublicConversationSerializer
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.core.revalidation import shape_of


class _FewerFields(PublicConversationSerializer):
    """The public conversation without `last_message_date`."""

    class Meta(PublicConversationSerializer.Meta):
        fields = [name for name in PublicConversationSerializer.Meta.fields if name != "last_message_date"]
        read_only_fields = fields


class _SellerWithoutFax(DataSourceSerializer):
    """The nested seller without its fax number."""

    class Meta(DataSourceSerializer.Meta):
        fields = [name for name in DataSourceSerializer.Meta.fields if name != "fax_number"]


class _NestedFewerFields(PublicConversationSerializer):
    """The public conversation whose nested seller has one field fewer."""

    datasource = _SellerWithoutFax(read_only=True)


def test_the_shape_digest_changes_with_a_field_list_nested_ones_included():
    shapes = {shape_of(cls) for cls in (PublicConversationSerializer, _FewerFields, _NestedFewerFields)}

    assert len(shapes) == 3
    assert shape_of(PublicConversationSerializer) == shape_of(PublicConversationSerializer)


@pytest.mark.django_db
def test_a_release_that_changes_the_declared_shape_answers_the_old_etag_with_the_page(api_client, monkeypatch):
    # given a public list and the ETag a client kept
    conversation = ConversationFactory(question=True, is_public=True)
    MessageFactory(conversation=conversation)
    old = api_client.get("/public-questions/")
    assert api_client.get("/public-questions/", HTTP_IF_NONE_MATCH=old["ETag"]).status_code == 304

    # when the declaration the list renders changes its field list (no row changed)
    monkeypatch.setattr(views.PublicQuestionListView, "declaration", _FewerFields)
    response = api_client.get("/public-questions/", HTTP_IF_NONE_MATCH=old["ETag"])

    # then the old tag no longer matches: the client gets the page, with a new tag
    assert response.status_code == 200
    assert response["ETag"] != old["ETag"]
