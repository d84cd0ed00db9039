"""`GET /account/loyalty-account-balance/` and `GET /account/loyalty/`: the caller's loyalty money."""

from types import SimpleNamespace

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from pazar.core.pagination import PagePagination
from pazar.loyalty import selectors
from pazar.loyalty.clients import LoyaltyServiceError
from pazar.loyalty.serializers import LoyaltyBalanceSerializer, LoyaltyTransactionSerializer

TAGS = ["loyalty"]
RETRY_AFTER_SECONDS = 30
ERROR_503 = OpenApiResponse(description='The loyalty-card service is unreachable: {"detail": "..."}, Retry-After.')


class LoyaltyServiceUnavailable(exceptions.APIException):
    """503 with Retry-After (DRF's handler sets the header from `wait`)."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("The loyalty service is not available right now. Please try again later.")
    default_code = "loyalty_service_unavailable"
    wait = RETRY_AFTER_SECONDS


class LoyaltyBalanceView(APIView):
    """The balance of the caller's loyalty card (0 without a card)."""

    @extend_schema(tags=TAGS, responses={200: LoyaltyBalanceSerializer, 503: ERROR_503})
    def get(self, request):
        try:
            balance = selectors.loyalty_balance(user=request.user)
        except LoyaltyServiceError:
            raise LoyaltyServiceUnavailable()
        return Response(LoyaltyBalanceSerializer({"balance": balance}).data)


class LoyaltyTransactionListView(APIView):
    """The movements of the caller's loyalty card, newest first, paged by the service (`?page=&limit=`)."""

    @extend_schema(
        tags=TAGS,
        parameters=[
            OpenApiParameter("page", int, description="A page number (from 1)."),
            OpenApiParameter("limit", int, description="Results per page (20 by default, at most 100)."),
        ],
        responses={
            200: inline_serializer(
                "PaginatedLoyaltyTransactionList",
                {
                    "count": serializers.IntegerField(),
                    "next": serializers.URLField(allow_null=True),
                    "previous": serializers.URLField(allow_null=True),
                    "results": LoyaltyTransactionSerializer(many=True),
                },
            ),
            404: OpenApiResponse(description='A page past the end: {"detail": "..."}'),
            503: ERROR_503,
        },
    )
    def get(self, request):
        paginator = PagePagination()
        size = paginator.get_page_size(request)
        try:
            page = int(request.query_params.get("page", 1))
        except ValueError:
            page = 0
        if not 1 <= page <= 10**6:
            raise exceptions.NotFound(_("Invalid page."))
        try:
            count, rows = selectors.loyalty_transactions(user=request.user, offset=(page - 1) * size, limit=size)
        except LoyaltyServiceError:
            raise LoyaltyServiceUnavailable()
        if page > 1 and not rows:
            raise exceptions.NotFound(_("Invalid page."))
        url = request.build_absolute_uri()
        previous = None
        if page > 1:
            previous = replace_query_param(url, "page", page - 1) if page > 2 else remove_query_param(url, "page")
        return Response(
            {
                "count": count,
                "next": replace_query_param(url, "page", page + 1) if page * size < count else None,
                "previous": previous,
                "results": LoyaltyTransactionSerializer(
                    [SimpleNamespace(transaction=row) for row in rows], many=True
                ).data,
            }
        )
