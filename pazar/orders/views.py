"""The user's orders, cancellation and refund requests, old orders and trade-in answers (seed 003)."""

import hashlib

from django.conf import settings
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pazar.core.endpoints import DetailEndpoint, ListEndpoint
from pazar.core.net import client_ip
from pazar.core.pagination import PAGE_PARAMS, queryset_source
from pazar.core.ratelimit import Limit, ratelimit_hit
from pazar.orders import list_versions, openapi, selectors, serializers
from pazar.orders.builders import CANCELLATION_REQUEST, OLD_ORDER, ORDER, page_ids
from pazar.orders.cancellations import services as cancellation_services
from pazar.orders.filters import CancellationReasonFilter, OrderFilter
from pazar.orders.models import CancellationRequest, OldOrder, Order

TAGS = ["orders"]


@extend_schema(
    tags=TAGS,
    responses={200: serializers.OrderSerializer(many=True), 400: openapi.ERROR_400, 403: openapi.ERROR_403},
    examples=[openapi.response_example("Orders", openapi.ORDER)],
)
class OrderListView(ListEndpoint):
    """`GET /users/orders/`: the user's orders, newest first, paginated and filterable."""

    declaration = serializers.OrderSerializer
    filterset_class = OrderFilter
    revalidation = list_versions.ORDER_LIST
    queryset = Order.objects.none()  # for the schema

    def source(self, request, total):
        # The page's ids (unfiltered: by the list's fixed statements, counted by the total kept with
        # its version); build() reads its orders by the builder (pazar/orders/builders.py).
        orders = selectors.order_list(user=request.user)
        if set(request.query_params) <= PAGE_PARAMS:
            return orders.source(total=total)
        return orders.source(filtered=self.filter_queryset(orders.queryset()))

    def build(self, rows, request):
        return ORDER.by_ids([row["pk"] for row in rows], request=request)


@extend_schema(
    tags=TAGS,
    responses={200: serializers.OrderSerializer, 403: openapi.ERROR_403, 404: openapi.ERROR_404},
    examples=[openapi.response_example("Order", openapi.ORDER)],
)
class OrderDetailView(DetailEndpoint):
    """`GET /users/orders/<pk>/`: one of the user's orders with its items, requests and addresses."""

    declaration = serializers.OrderSerializer

    def item(self, request, *, id: int):
        # Anyone else's order is a 404.
        data = ORDER.of_user(id, user=request.user, request=request)
        if data is None:
            raise Http404
        return data


def order_detail(scope, *, request) -> dict:
    """The first order of `scope` in the detail shape (the guest lookup); none is a 404."""
    found = ORDER.by_ids(list(page_ids(scope)[:1]), request=request)
    if not found:
        raise Http404
    return found[0]


def _key(number: str) -> str:
    """An order number as a cache key: whatever it contains, a fixed-length digest."""
    return hashlib.sha256(number.strip().lower().encode()).hexdigest()


@extend_schema(
    tags=TAGS,
    request={
        "application/x-www-form-urlencoded": serializers.GuestOrderLookupSerializer,
        "multipart/form-data": serializers.GuestOrderLookupSerializer,
        "application/json": serializers.GuestOrderLookupSerializer,
    },
    responses={
        200: serializers.OrderSerializer,
        400: openapi.ERROR_400,
        404: openapi.ERROR_404,
        429: OpenApiResponse(description='Too many lookups: {"detail": "..."}'),
    },
    examples=[openapi.response_example("Order", openapi.ORDER)],
)
class GuestOrderLookupView(APIView):
    """`POST /users/orders/anonymous/`: a guest's order by its email and number, in the order detail shape.

    Any mismatch (no such number, another email) is the same 404; lookups are throttled per client
    address and per order number, so nobody can walk order numbers.
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [FormParser, MultiPartParser, JSONParser]

    def post(self, request):
        body = serializers.GuestOrderLookupSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        email, number = body.validated_data["email"], body.validated_data["number"]
        ratelimit_hit(
            Limit(f"order-lookup:ip:{client_ip(request)}", settings.ORDER_LOOKUP_PER_IP_PER_HOUR, 3600),
            Limit(f"order-lookup:number:{_key(number)}", settings.ORDER_LOOKUP_PER_NUMBER_PER_HOUR, 3600),
        )
        return Response(order_detail(selectors.guest_order_list(email=email, number=number), request=request))


@extend_schema(
    tags=TAGS,
    responses={200: serializers.OrderSerializer, 403: openapi.ERROR_403, 404: openapi.ERROR_404},
    examples=[openapi.response_example("Order", openapi.ORDER)],
)
class OrderCancellationView(OrderDetailView):
    """`GET /users/orders/<pk>/cancellation/`: the return view of an order (what can be cancelled or returned)."""


@extend_schema(
    tags=TAGS,
    responses={200: serializers.CancellationReasonSerializer(many=True), 403: openapi.ERROR_403},
    examples=[openapi.response_example("Reasons", openapi.CANCELLATION_REASON)],
)
class CancellationReasonListView(generics.ListAPIView):
    """`GET /users/orders/cancellation_reasons/`: active reasons, `subject` in the request's language."""

    serializer_class = serializers.CancellationReasonSerializer
    filterset_class = CancellationReasonFilter

    def get_queryset(self):
        return selectors.cancellation_reason_list()


class CancellationRequestListCreateView(ListEndpoint):
    """`GET` the user's requests; `POST` a cancel (not shipped) or refund (delivered) request for an item."""

    declaration = serializers.CancellationRequestSerializer
    queryset = CancellationRequest.objects.none()  # for the schema

    def source(self, request, total):
        requests = self.filter_queryset(selectors.cancellation_request_list(user=request.user))
        return queryset_source(CANCELLATION_REQUEST.values(requests))

    def build(self, rows, request):
        return CANCELLATION_REQUEST.build(rows, request=request)

    @extend_schema(
        tags=TAGS,
        responses={200: serializers.CancellationRequestSerializer(many=True), 403: openapi.ERROR_403},
        examples=[openapi.response_example("Requests", openapi.CANCELLATION_REQUEST)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        request=serializers.CancellationRequestCreateSerializer,
        responses={
            200: serializers.CancellationRequestSerializer,
            400: openapi.ERROR_400,
            403: openapi.ERROR_403,
            404: openapi.ERROR_404,
            406: openapi.ERROR_406_REQUEST,
        },
        examples=[
            OpenApiExample("Refund with door pickup", value=openapi.CREATE_BODY, request_only=True),
            openapi.response_example("Created", openapi.CANCELLATION_REQUEST, status_codes=["200"]),
        ],
    )
    def post(self, request):
        body = serializers.CancellationRequestCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        created = cancellation_services.cancellation_request_create(
            user=request.user, data=cancellation_services.CancellationInput.from_body(body.validated_data)
        )
        # The seed answers a single request with 200 (and a bulk one with 201).
        return Response(CANCELLATION_REQUEST.one(created.pk, request=request), status=status.HTTP_200_OK)


class BulkCancellationRequestView(APIView):
    """`POST /users/orders/bulk_cancellation_requests/`: several requests, all or none.

    A failing entry answers its own error body plus `order_item` (its id) and `index` (its position).
    """

    @extend_schema(
        tags=TAGS,
        request=serializers.BulkCancellationRequestSerializer,
        responses={
            201: serializers.CancellationRequestSerializer(many=True),
            400: openapi.ERROR_400,
            403: openapi.ERROR_403,
            404: openapi.ERROR_404,
            406: openapi.ERROR_406_REQUEST,
        },
        examples=[
            OpenApiExample(
                "Bulk",
                request_only=True,
                value={"cancel_order_items": [{"order_item": 271, "reason": 3, "cancellation_type": "refund"}]},
            ),
            openapi.response_example(
                "A failing entry",
                {
                    "quantity": "Quantity can not be greater than order item quantity.",
                    "order_item": 271,
                    "index": 0,
                },
                status_codes=["400"],
            ),
        ],
    )
    def post(self, request):
        body = serializers.BulkCancellationRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.create_all(request, body.validated_data)

    def create_all(self, request, data: dict, *, order_id: int | None = None):
        defaults = {
            "pickup_address": data.get("pickup_address"),
            "fully_refund_as_loyalty_money": data.get("fully_refund_as_loyalty_money"),
        }
        entries = [
            cancellation_services.CancellationInput.from_body(entry, defaults=defaults)
            for entry in data["cancel_order_items"]
        ]
        try:
            created = cancellation_services.cancellation_requests_bulk_create(
                user=request.user, entries=entries, order_id=order_id
            )
        except cancellation_services.BulkEntryError as exc:
            response = self.handle_exception(exc.error)
            if isinstance(response.data, dict):
                response.data = {**response.data, "order_item": exc.order_item_id, "index": exc.index}
            return response
        data = CANCELLATION_REQUEST.by_ids([request_.pk for request_ in created], request=request)
        return Response(data, status=status.HTTP_201_CREATED)


class OrderCancelView(BulkCancellationRequestView):
    """`POST /orders/<pk>/cancel/`: cancel the listed items of one of the user's orders, all or none.

    The bulk request's service, rules, locks and error bodies; an item of another order is a 404
    for its entry, and anyone else's order a 404 before anything is read.
    """

    @extend_schema(
        tags=TAGS,
        request=serializers.OrderCancelSerializer,
        responses={
            201: serializers.CancellationRequestSerializer(many=True),
            400: openapi.ERROR_400,
            403: openapi.ERROR_403,
            404: openapi.ERROR_404,
            406: openapi.ERROR_406_REQUEST,
        },
        examples=[
            OpenApiExample(
                "As the client sends it",
                request_only=True,
                value={
                    "return_policy": True,
                    "cancel_order_items": [
                        {"order_item": "271", "reason": "3", "cancellation_type": "cancel", "description": ""}
                    ],
                },
            ),
        ],
    )
    def post(self, request, id: int):
        if not selectors.order_list(user=request.user).queryset().filter(pk=id).exists():
            raise Http404
        body = serializers.OrderCancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.create_all(request, body.validated_data, order_id=id)


@extend_schema(
    tags=TAGS,
    responses={200: serializers.OldOrderSerializer(many=True), 403: openapi.ERROR_403},
    examples=[openapi.response_example("Old orders", openapi.OLD_ORDER)],
)
class OldOrderListView(ListEndpoint):
    """`GET /users/old-orders/`: orders migrated from a previous platform."""

    declaration = serializers.OldOrderSerializer
    queryset = OldOrder.objects.none()  # for the schema

    def source(self, request, total):
        return queryset_source(OLD_ORDER.values(self.filter_queryset(selectors.old_order_list(user=request.user))))

    def build(self, rows, request):
        return OLD_ORDER.build(rows, request=request)


@extend_schema(
    tags=TAGS,
    responses={200: serializers.OldOrderSerializer, 403: openapi.ERROR_403, 404: openapi.ERROR_404},
    examples=[openapi.response_example("Old order", openapi.OLD_ORDER)],
)
class OldOrderDetailView(DetailEndpoint):
    """`GET /users/old-orders/<pk>/`."""

    declaration = serializers.OldOrderSerializer

    def item(self, request, *, id: int):
        # Anyone else's old order is a 404.
        data = OLD_ORDER.of_user(id, user=request.user, request=request)
        if data is None:
            raise Http404
        return data
