"""`/wishlists/favourite-products/` and `/wishlists/product-alerts/`: the shopper's own, logged in only.

Anonymous calls answer 403 as every private endpoint does; another shopper's id is a 404. The two
lists are one pair of endpoints (`WishlistListView`, `WishlistItemView`) stated twice: each names its
declaration, list, builder, the serializer and service of its `POST`, and the service of its `DELETE`.
"""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response

from pazar.core.endpoints import ListEndpoint
from pazar.wishlists import openapi, selectors, serializers, services
from pazar.wishlists.builders import ALERT, FAVOURITE
from pazar.wishlists.models import FavouriteProduct, ProductAlert

TAGS = ["wishlists"]
FORM_OR_JSON = ("application/x-www-form-urlencoded", "multipart/form-data", "application/json")


class WishlistListView(ListEndpoint):
    """`GET` a shopper's list of `builder`'s items, newest first, `?limit=&page=` as every list; `POST`
    one more (by `create_serializer`, written by `add`)."""

    builder = None
    filter_backends = []
    listed = None  # the selector of the shopper's list
    create_serializer = None
    add = None  # the service that adds an item: (user=, product=) -> the item

    def source(self, request, total):
        return self.listed(user=request.user).source(
            columns=self.builder.page_columns, related=self.builder.page_related
        )

    def build(self, rows, request):
        return self.builder.build(rows, request=request)

    def post(self, request):
        body = self.create_serializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        item = self.add(user=request.user, product=body.validated_data["product"])
        return Response({"pk": item.pk, "product": item.product_id}, status=status.HTTP_201_CREATED)


class WishlistItemView(generics.GenericAPIView):
    """`DELETE` one of the shopper's items (by `remove`)."""

    remove = None  # the service that removes an item: (user=, pk=)

    def delete(self, request, pk: int):
        self.remove(user=request.user, pk=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _list_schema(*, declaration, create, example: tuple, error_406, post_example, created, description=None):
    return extend_schema_view(
        get=extend_schema(
            tags=TAGS,
            responses={200: declaration(many=True), 403: openapi.ERROR_403},
            examples=[openapi.response_example(*example)],
        ),
        post=extend_schema(
            tags=TAGS,
            description=description,
            request=dict.fromkeys(FORM_OR_JSON, create),
            responses={
                201: serializers.WishlistItemCreatedSerializer,
                400: openapi.ERROR_400,
                403: openapi.ERROR_403,
                406: error_406,
            },
            examples=[post_example, openapi.response_example("Created", created, status_codes=["201"])],
        ),
    )


def _item_schema(*, removed: str):
    return extend_schema_view(
        delete=extend_schema(
            tags=TAGS,
            request=None,
            responses={204: OpenApiResponse(description=removed), 403: openapi.ERROR_403, 404: openapi.ERROR_404},
        )
    )


@_list_schema(
    declaration=serializers.FavouriteProductSerializer,
    create=serializers.FavouriteProductCreateSerializer,
    example=("Favourites", openapi.FAVOURITE),
    error_406=openapi.ERROR_406_FAVOURITE,
    post_example=OpenApiExample("Favourite a product", value={"product": 221133}, request_only=True),
    created=openapi.CREATED,
)
class FavouriteProductListCreateView(WishlistListView):
    """`GET` the shopper's favourites; `POST` a product to them (twice is a 406)."""

    declaration = serializers.FavouriteProductSerializer
    queryset = FavouriteProduct.objects.none()
    builder = FAVOURITE
    listed = staticmethod(selectors.favourite_list)
    create_serializer = serializers.FavouriteProductCreateSerializer
    add = staticmethod(services.favourite_product_add)


@_item_schema(removed="Removed.")
class FavouriteProductDetailView(WishlistItemView):
    """`DELETE /wishlists/favourite-products/<pk>/`: remove one of the shopper's favourites."""

    queryset = FavouriteProduct.objects.none()
    serializer_class = serializers.FavouriteProductSerializer
    remove = staticmethod(services.favourite_product_remove)


@_list_schema(
    declaration=serializers.ProductAlertSerializer,
    create=serializers.ProductAlertCreateSerializer,
    example=("Alerts", openapi.ALERT),
    error_406=openapi.ERROR_406_ALERT,
    post_example=OpenApiExample("Alert me", value={"product": 221133}, request_only=True),
    created={"pk": 84, "product": 221133},
    description=(
        "The alert is emailed to the account's address once the product is back in stock; `email`, "
        "when sent, must be that address (a 400 otherwise)."
    ),
)
class ProductAlertListCreateView(WishlistListView):
    """`GET` the shopper's open stock alerts; `POST` one for an out-of-stock product."""

    declaration = serializers.ProductAlertSerializer
    queryset = ProductAlert.objects.none()
    builder = ALERT
    listed = staticmethod(selectors.product_alert_list)
    create_serializer = serializers.ProductAlertCreateSerializer
    add = staticmethod(services.product_alert_create)


@_item_schema(removed="Cancelled.")
class ProductAlertDetailView(WishlistItemView):
    """`DELETE /wishlists/product-alerts/<pk>/`: cancel one of the shopper's alerts."""

    queryset = ProductAlert.objects.none()
    serializer_class = serializers.ProductAlertSerializer
    remove = staticmethod(services.product_alert_remove)
