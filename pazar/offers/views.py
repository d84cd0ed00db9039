"""`/account/basket-offers/`, `/account/future-basket-offers/`, `/account/expired-basket-offers/` and
`/account/discount-items/`: the account's offers pages, for the logged-in shopper.

pazar has no basket, checkout or promotions engine, so no offer is ever assigned to a shopper: the
three offer pages answer their shapes empty (docs/account.md says what a shop connects there). The
discount items are pazar's own: the discounts applied to the shopper's orders.
"""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.pagination import _positive_int
from rest_framework.response import Response
from rest_framework.views import APIView

from pazar.core.endpoints import ListEndpoint
from pazar.core.pagination import PagePagination, PageSource, queryset_source
from pazar.offers import selectors
from pazar.offers.builders import DISCOUNT_ITEM
from pazar.offers.serializers import BasketOfferSerializer, BasketOffersSerializer
from pazar.orders import openapi as orders_schema
from pazar.orders.models import DiscountItem
from pazar.orders.serializers import DiscountItemSerializer

TAGS = ["offers"]
PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="A page number (from 1)."),
    OpenApiParameter("limit", int, description="Results per page (10 by default, at most 100)."),
    OpenApiParameter("page_size", int, description="The same as `limit` (Akinon's name); `limit` wins."),
]
EMPTY_OFFERS = "pazar assigns no promotions (it has no basket or checkout): the list is always empty."
ERROR_404_PAGE = OpenApiResponse(description='A page past the end: {"detail": "Invalid page."}')


class OfferPagination(PagePagination):
    """`?page=` with `limit` (pazar's name) or `page_size` (Akinon's); 10 a page, as Akinon's pages."""

    page_size = 10

    def get_page_size(self, request):
        if self.page_size_query_param not in request.query_params and "page_size" in request.query_params:
            try:
                return _positive_int(request.query_params["page_size"], strict=True, cutoff=self.max_page_size)
            except (KeyError, ValueError):
                return self.page_size
        return super().get_page_size(request)


@extend_schema(tags=TAGS)
class BasketOffersView(APIView):
    """`GET /account/basket-offers/`: the shopper's active offers (none: pazar owns no promotions)."""

    @extend_schema(
        responses={200: BasketOffersSerializer, 403: orders_schema.ERROR_403},
        description=EMPTY_OFFERS,
        examples=[
            orders_schema.response_example("No offers", {"total_discount": 0, "discounts": [], "all_discounts": []})
        ],
    )
    def get(self, request):
        return Response({"total_discount": 0, "discounts": [], "all_discounts": []})


class _EmptyOfferListView(ListEndpoint):
    """A page of offers that is always empty (page 1; any later page is a 404, as an empty list's)."""

    declaration = BasketOfferSerializer
    pagination_class = OfferPagination
    filter_backends: list = []

    def source(self, request, total):
        return PageSource(count=lambda: 0, rows=lambda offset, limit: [])

    def build(self, rows, request):
        return rows


@extend_schema(
    tags=TAGS,
    parameters=PAGE_PARAMETERS,
    responses={200: BasketOfferSerializer(many=True), 403: orders_schema.ERROR_403, 404: ERROR_404_PAGE},
    description=EMPTY_OFFERS,
)
class FutureBasketOffersView(_EmptyOfferListView):
    """`GET /account/future-basket-offers/`: offers that have not started yet (none)."""


@extend_schema(
    tags=TAGS,
    parameters=PAGE_PARAMETERS,
    responses={200: BasketOfferSerializer(many=True), 403: orders_schema.ERROR_403, 404: ERROR_404_PAGE},
    description=EMPTY_OFFERS,
)
class ExpiredBasketOffersView(_EmptyOfferListView):
    """`GET /account/expired-basket-offers/`: offers that have ended (none)."""


@extend_schema(
    tags=TAGS,
    parameters=PAGE_PARAMETERS,
    responses={200: DiscountItemSerializer(many=True), 403: orders_schema.ERROR_403, 404: ERROR_404_PAGE},
    examples=[
        orders_schema.response_example(
            "Discounts",
            {
                "name": "Sepette %10",
                "amount": "12.50",
                "created_date": "2026-11-02T10:15:00.000000Z",
                "order_number": "1666226475300001",
                "currency": {"value": "try", "label": "TL"},
            },
        )
    ],
)
class DiscountItemListView(ListEndpoint):
    """`GET /account/discount-items/`: the discounts applied to the shopper's orders, newest first."""

    declaration = DiscountItemSerializer
    pagination_class = OfferPagination
    filter_backends: list = []
    queryset = DiscountItem.objects.none()  # for the schema

    def source(self, request, total):
        return queryset_source(DISCOUNT_ITEM.values(selectors.discount_item_list(user=request.user)))

    def build(self, rows, request):
        return DISCOUNT_ITEM.build(rows, request=request)
