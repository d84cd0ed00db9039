"""Conversations for shoppers (/users/...), sellers (/api/v1/remote/<channel>/...) and everyone (public)."""

from datetime import timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from pazar.catalog.models import Channel
from pazar.conversations import builders, inbox_counts, list_versions, selectors, serializers, services
from pazar.conversations.filters import ConversationFilter, MessageFilter, SellerConversationFilter
from pazar.conversations.masking import PUBLIC, SELLER, SHOPPER, STAFF
from pazar.conversations.models import Conversation, ConversationType, Message, SellerNotificationSettings
from pazar.core.endpoints import DetailEndpoint, ListEndpoint
from pazar.core.filters import MAX_BIGINT, DjangoFilterBackend
from pazar.core.lists import Scoped
from pazar.core.net import client_ip
from pazar.core.pagination import PAGE_PARAMS, queryset_source
from pazar.core.permissions import IsSellerOrStaff
from pazar.core.replicas import replica_reads
from pazar.core.rows import RowsBy

ERRORS = {
    400: OpenApiResponse(
        description='Field errors {"field": [...]}, ["Conversation already exists"], or '
        '{"non_field_errors": ["DataSource can\'t reply to a review."]}'
    ),
    403: OpenApiResponse(description='{"detail": "..."}: not logged in, or not your conversation'),
    406: OpenApiResponse(description='{"non_field_errors": "...", "error_code": "conversation_100_1"}'),
    429: OpenApiResponse(description='{"detail": "..."}: too many posts (MESSAGE_POST_* settings)'),
}
CREATE_EXAMPLE = OpenApiExample(
    "New conversation about a product",
    request_only=True,
    value={
        "conversation_type": "question",
        "user": 76,
        "user_type": "registered",
        "message_content": "Is this available in blue?",
        "datasource": 1,
        "content_type": "user",
        "content_id": 76,
        "subject": "Colour",
        "item_content": "product",
        "item_id": 1,
    },
)


class ViewerMixin:
    """Tells the builders who reads (masking.py): the shopper here; sellers, staff or the public below."""

    def viewer(self) -> str:
        return SHOPPER


class ConversationListMixin:
    """`GET` of a conversation list (a ListEndpoint's source and build): the list's description from
    its selector, paged by its fixed statements when the query names only `unfiltered` parameters,
    else through its FilterSet; rendered by the conversation builder."""

    seller = False
    unfiltered = PAGE_PARAMS

    def builder(self) -> builders.Builder:
        return builders.ConversationBuilder(seller=self.seller, viewer=self.viewer())

    def listed(self) -> Scoped:
        """The list the FilterSet narrows (its selector's description)."""
        raise NotImplementedError

    def keyed(self) -> Scoped | None:
        """The list an unfiltered query names, paged by fixed statements (None: the FilterSet pages it)."""
        return self.listed()

    def known_count(self) -> int | None:
        """The list's total when it is known without counting rows (the seller inbox)."""
        return None

    def source(self, request, total):
        keyed = self.keyed() if set(request.query_params) <= self.unfiltered else None
        count = self.known_count()
        columns = {"columns": builders.OWN_COLUMNS, "related": builders.JOINED}
        if keyed is not None:
            # An unfiltered revalidated list's total came with its version (pazar/core/revalidation.py).
            return keyed.source(**columns, total=count if count is not None else total)
        listed = self.listed()
        return listed.source(**columns, filtered=self.filter_queryset(listed.queryset())).known(count)

    def build(self, rows, request):
        return self.builder().build(rows)


class MessageListMixin:
    """`GET` of a message list (a ListEndpoint's source and build), built by the message builder."""

    def source(self, request, total):
        queryset = self.filter_queryset(self.get_queryset())
        return queryset_source(builders.message_page_rows(queryset), counted=queryset)

    def build(self, rows, request):
        return builders.MessageBuilder(viewer=self.viewer()).build(rows)


class ConversationWriteMixin(ViewerMixin):
    """POST a conversation (or, with `conversation`, a message in one) within the caller's scope."""

    role = "shopper"

    def scope(self) -> QuerySet[Conversation]:
        raise NotImplementedError

    def conversation_in_scope(self, pk: int) -> Conversation:
        """The caller's conversation; shoppers get 403 for any other id, existing or not (seed)."""
        conversation = self.scope().filter(pk=pk).first()
        if conversation is None:
            raise exceptions.PermissionDenied() if self.role == "shopper" else exceptions.NotFound()
        return conversation

    def create(self, request, *args, **kwargs):
        services.conversation_post_throttle(caller=request.user, role=self.role, client_ip=client_ip(request))
        context = {"caller": request.user, "role": self.role}
        body = serializers.ConversationCreateSerializer(data=request.data, context=context)
        body.is_valid(raise_exception=True)
        if body.validated_data.get("conversation"):
            conversation = self.conversation_in_scope(body.validated_data["conversation"])
            sender = body.sender_for(
                user=conversation.user, datasource=conversation.datasource, data=body.validated_data
            )
            message = services.conversation_message_add(
                conversation=conversation, sender=sender, message_content=body.validated_data["message_content"]
            )
        else:
            data, objects = body.validated_data, body.resolve()
            if self.role == "remote" and not request.user.is_staff:
                services.seller_contact_throttle(datasource=objects["datasource"], user=objects["user"])
            conversation, message = services.conversation_create(
                conversation_type=data["conversation_type"],
                message_content=data["message_content"],
                subject=data.get("subject") or None,
                item_content=data.get("item_content"),
                item_id=data.get("item_id"),
                is_public=data.get("is_public", False),
                **objects,
            )
        return Response(builders.conversation_created(conversation, message), status=status.HTTP_201_CREATED)

    def post(self, request, *args, **kwargs):
        return self.create(request, *args, **kwargs)


class MessageWriteMixin(ConversationWriteMixin):
    """POST a message to a conversation in the caller's scope."""

    def create(self, request, *args, **kwargs):
        services.conversation_post_throttle(caller=request.user, role=self.role, client_ip=client_ip(request))
        context = {"caller": request.user, "role": self.role}
        body = serializers.MessageCreateSerializer(data=request.data, context=context)
        body.is_valid(raise_exception=True)
        conversation = self.conversation_in_scope(body.validated_data["conversation"])
        sender = body.sender_for(user=conversation.user, datasource=conversation.datasource, data=body.validated_data)
        message = services.conversation_message_add(
            conversation=conversation, sender=sender, message_content=body.validated_data["message_content"]
        )
        return Response(builders.message_created(message), status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(tags=["conversations"], responses={200: serializers.ConversationSerializer(many=True), **ERRORS}),
    post=extend_schema(
        tags=["conversations"],
        request=serializers.ConversationCreateSerializer,
        responses={201: serializers.ConversationCreatedSerializer, **ERRORS},
        examples=[CREATE_EXAMPLE],
    ),
)
class UserConversationListView(ConversationListMixin, ConversationWriteMixin, ListEndpoint):
    """`GET/POST /users/conversations/`: the shopper's conversations."""

    declaration = serializers.ConversationSerializer
    filterset_class = ConversationFilter
    revalidation = list_versions.CONVERSATION_LIST
    queryset = Conversation.objects.none()  # for the schema

    def scope(self):
        return selectors.conversations_of_user(user=self.request.user)

    def listed(self):
        return selectors.conversation_list_of_user(user=self.request.user)


@extend_schema(tags=["conversations"], responses={200: serializers.ConversationSerializer, **ERRORS})
class UserConversationDetailView(ViewerMixin, DetailEndpoint):
    """`GET /users/conversations/<id>/`: 403 for anyone else's conversation, existing or not."""

    declaration = serializers.ConversationSerializer

    def item(self, request, *, pk: int):
        scope = selectors.conversations_of_user(user=request.user).filter(pk=pk)
        rows = list(builders.page_rows(scope))
        if not rows:
            raise exceptions.PermissionDenied()
        return builders.ConversationBuilder(viewer=self.viewer()).build(rows)[0]


@extend_schema_view(
    get=extend_schema(tags=["conversations"], responses={200: serializers.MessageListSerializer(many=True), **ERRORS}),
    post=extend_schema(
        tags=["conversations"],
        request=serializers.MessageCreateSerializer,
        responses={201: serializers.MessageCreatedSerializer, **ERRORS},
    ),
)
class UserMessageListView(MessageListMixin, MessageWriteMixin, ListEndpoint):
    """`GET/POST /users/messages/`: the shopper's messages; filter by `conversation`."""

    declaration = serializers.MessageListSerializer
    filterset_class = MessageFilter
    queryset = Message.objects.none()  # for the schema; requests use get_queryset

    def scope(self):
        return selectors.conversations_of_user(user=self.request.user)

    def get_queryset(self):
        return selectors.messages_of_user(user=self.request.user)


# The channel a seller's path names, when it is active (a statement written once: core/rows.py).
ACTIVE_CHANNEL = RowsBy(Channel, ("pk",), where={"is_active": True})


class RemoteMixin:
    """The sellers' API on a channel: a seller account or staff, on a channel that exists."""

    permission_classes = [IsSellerOrStaff]
    role = "remote"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not ACTIVE_CHANNEL([kwargs["channel_id"]]):
            raise Http404

    def scope(self):
        return selectors.conversations_of_seller(caller=self.request.user)

    def viewer(self) -> str:
        return STAFF if self.request.user.is_staff else SELLER


@extend_schema_view(
    get=extend_schema(tags=["seller"], responses={200: serializers.SellerConversationSerializer(many=True), **ERRORS}),
    post=extend_schema(
        tags=["seller"],
        request=serializers.ConversationCreateSerializer,
        responses={201: serializers.ConversationCreatedSerializer, **ERRORS},
    ),
)
@replica_reads
class RemoteConversationListView(ConversationListMixin, RemoteMixin, ConversationWriteMixin, ListEndpoint):
    """`GET/POST /api/v1/remote/<channel_id>/conversations/`: the seller's inbox.

    `?reply_needed=true` keeps what waits for the seller, `?ordering=reply_needed_since` puts the
    longest wait first (answered ones last).
    """

    declaration = serializers.SellerConversationSerializer
    filterset_class = SellerConversationFilter
    seller = True
    queryset = Conversation.objects.none()  # for the schema
    # `?is_answered=` and `?ordering=` alone are pages of their own statements too (selectors.inbox_list).
    unfiltered = PAGE_PARAMS | {"is_answered", "ordering"}

    def listed(self):
        return selectors.conversation_list_of_seller(caller=self.request.user)

    def active_filters(self) -> dict | None:
        """The filters the query string names with a value, bound as the list binds them
        (core/filters.py); None when they are not valid (the list answers the 400)."""
        if not hasattr(self, "_active_filters"):
            filters = DjangoFilterBackend().get_filterset(self.request, Conversation.objects.none(), self)
            self._active_filters = (
                {name: value for name, value in filters.form.cleaned_data.items() if value not in (None, "")}
                if filters.is_valid()
                else None
            )
        return self._active_filters

    def keyed(self):
        # A seller account's inbox, unfiltered, filtered by is_answered, or ordered by
        # reply_needed_since (SellerConversationFilter): each a list of its own (selectors.inbox_list).
        caller = self.request.user
        active = None if caller.is_staff else self.active_filters()
        if active is None:
            return None
        ordering = active.get("ordering")
        listed = selectors.inbox_list(is_answered=active.get("is_answered"), by_wait=ordering == "reply_needed_since")
        return None if listed is None else listed.of(caller.datasource_id)

    def known_count(self) -> int | None:
        """The seller's total from the kept counts, unless a filter other than is_answered or reply_needed
        applies (or both do)."""
        caller = self.request.user
        if caller.is_staff or not inbox_counts.enabled():
            return None
        active = self.active_filters()
        if active is None:
            return None
        # The order does not change the total.
        if set(active) - {"is_answered", "ordering", "reply_needed"} or {"is_answered", "reply_needed"} <= set(active):
            return None
        return inbox_counts.inbox_count(
            datasource_id=caller.datasource_id,
            is_answered=active.get("is_answered"),
            reply_needed=active.get("reply_needed"),
        )


@extend_schema_view(
    get=extend_schema(tags=["seller"], responses={200: serializers.MessageListSerializer(many=True), **ERRORS}),
    post=extend_schema(
        tags=["seller"],
        request=serializers.MessageCreateSerializer,
        responses={201: serializers.MessageCreatedSerializer, **ERRORS},
    ),
)
class RemoteMessageListView(MessageListMixin, RemoteMixin, MessageWriteMixin, ListEndpoint):
    """`GET/POST /api/v1/remote/<channel_id>/messages/`: the seller's messages and replies."""

    declaration = serializers.MessageListSerializer
    filterset_class = MessageFilter
    queryset = Message.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return selectors.messages_of_seller(caller=self.request.user)


@extend_schema(tags=["seller"], responses={200: serializers.SellerConversationSerializer, 404: ERRORS[403]})
class RemoteConversationDetailView(RemoteMixin, ViewerMixin, DetailEndpoint):
    """`GET /api/v1/remote/<channel_id>/conversations/<id>/`: one of the seller's conversations, messages
    included; another datasource's is a 404."""

    declaration = serializers.SellerConversationSerializer
    queryset = Conversation.objects.none()  # for the schema

    def item(self, request, *, pk: int, **path):
        row = get_object_or_404(builders.page_rows(self.scope()), pk=pk)
        return builders.ConversationBuilder(seller=True, viewer=self.viewer()).build([row])[0]


@extend_schema(
    tags=["seller"],
    parameters=[serializers.MetricsQuerySerializer],
    responses={200: serializers.SellerMetricsSerializer, 400: ERRORS[400], 403: ERRORS[403]},
)
@replica_reads
class RemoteConversationMetricsView(RemoteMixin, generics.GenericAPIView):
    """`GET /api/v1/remote/<channel_id>/conversations/metrics/?days=30`: the seller's response times.

    Staff name the seller with `?datasource=<id>` (the admin shows every seller's).
    """

    serializer_class = serializers.SellerMetricsSerializer

    def get(self, request, *args, **kwargs):
        query = serializers.MetricsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        datasource_id = request.user.datasource_id
        if request.user.is_staff:
            datasource_id = query.validated_data.get("datasource") or datasource_id
            if not datasource_id:
                raise exceptions.ValidationError({"datasource": [_("Staff name the seller: ?datasource=<id>.")]})
        days = query.validated_data["days"]
        now = timezone.now()
        metrics = selectors.seller_response_metrics(datasource_id=datasource_id, days=days, now=now)[datasource_id]
        body = {"days": days, "since": now - timedelta(days=days), **metrics}
        return Response(serializers.SellerMetricsSerializer(body).data)


@extend_schema_view(
    get=extend_schema(tags=["seller"], responses={200: serializers.SellerNotificationSettingsSerializer, **ERRORS}),
    patch=extend_schema(
        tags=["seller"],
        request=serializers.SellerNotificationSettingsSerializer,
        responses={200: serializers.SellerNotificationSettingsSerializer, **ERRORS},
    ),
)
class RemoteNotificationSettingsView(RemoteMixin, generics.GenericAPIView):
    """`GET`/`PATCH /api/v1/remote/<channel_id>/notification-settings/`: the seller's own settings.

    Staff have no datasource of their own: they edit sellers' settings in the admin (404 here).
    """

    serializer_class = serializers.SellerNotificationSettingsSerializer
    queryset = SellerNotificationSettings.objects.none()  # for the schema

    def get_object(self):
        if not self.request.user.datasource_id:
            raise exceptions.NotFound()
        return selectors.seller_notification_settings(datasource_id=self.request.user.datasource_id)

    def get(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    def patch(self, request, *args, **kwargs):
        instance = self.get_object()
        body = self.get_serializer(instance, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        fields = dict(body.validated_data)
        prefs = services.seller_notification_settings_update(datasource=request.user.datasource, **fields)
        return Response(self.get_serializer(prefs).data)


@replica_reads
class PublicListView(ConversationListMixin, ListEndpoint):
    """Public questions or reviews; no login, no personal data."""

    authentication_classes = []
    permission_classes = [AllowAny]
    declaration = serializers.PublicConversationSerializer
    filterset_class = ConversationFilter
    revalidation = list_versions.PUBLIC_LIST
    queryset = Conversation.objects.none()  # for the schema
    conversation_type = ConversationType.QUESTION
    # A product page asks for its product's questions or reviews: `?product=` is the key.
    unfiltered = PAGE_PARAMS | {"product"}

    def viewer(self) -> str:
        return PUBLIC

    def builder(self) -> builders.Builder:
        return builders.PublicConversationBuilder()

    def listed(self):
        return selectors.public_conversation_list(conversation_type=self.conversation_type)

    def keyed(self):
        # Every product's, or one product's (?product= alone, the key of the list's statements).
        product = self.request.query_params.get("product")
        if product is None:
            return self.listed()
        if not product.isdigit() or product != str(int(product)):
            return None
        if not 1 <= int(product) <= MAX_BIGINT:
            return None  # the filter answers 400
        return selectors.public_conversation_list(conversation_type=self.conversation_type, product=int(product))


@extend_schema(tags=["public"])
class PublicQuestionListView(PublicListView):
    """`GET /public-questions/`."""

    conversation_type = ConversationType.QUESTION


@extend_schema(tags=["public"])
class PublicReviewListView(PublicListView):
    """`GET /public-reviews/`."""

    conversation_type = ConversationType.REVIEW
