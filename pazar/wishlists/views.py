"""`/wishlists/favourite-products/` and `/wishlists/product-alerts/`: the shopper's own, logged in only.

Anonymous calls answer 403 as every private endpoint does; another shopper's id is a 404.
"""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from pazar.wishlists import schema, serializers, services
from pazar.wishlists.builders import ALERT, FAVOURITE
from pazar.wishlists.models import FavouriteProduct, ProductAlert

TAGS = ["wishlists"]
FORM_OR_JSON = ("application/x-www-form-urlencoded", "multipart/form-data", "application/json")


class _WishlistListView(generics.GenericAPIView):
    """A shopper's list of `builder`'s items, newest first, `?limit=&page=` as every list."""

    builder = None
    filter_backends = []

    def get(self, request):
        rows = self.paginate_queryset(self.builder.page_of(request.user))
        return self.get_paginated_response(self.builder.build(list(rows), request=request))


class FavouriteProductListCreateView(_WishlistListView):
    """`GET` the shopper's favourites; `POST` a product to them (twice is a 406)."""

    builder = FAVOURITE
    serializer_class = serializers.FavouriteProductSerializer
    queryset = FavouriteProduct.objects.none()

    @extend_schema(
        tags=TAGS,
        responses={200: serializers.FavouriteProductSerializer(many=True), 403: schema.ERROR_403},
        examples=[schema.response_example("Favourites", schema.FAVOURITE)],
    )
    def get(self, request):
        return super().get(request)

    @extend_schema(
        tags=TAGS,
        request=dict.fromkeys(FORM_OR_JSON, serializers.FavouriteProductCreateSerializer),
        responses={
            201: serializers.WishlistItemCreatedSerializer,
            400: schema.ERROR_400,
            403: schema.ERROR_403,
            406: schema.ERROR_406_FAVOURITE,
        },
        examples=[
            OpenApiExample("Favourite a product", value={"product": 221133}, request_only=True),
            schema.response_example("Created", schema.CREATED, status_codes=["201"]),
        ],
    )
    def post(self, request):
        body = serializers.FavouriteProductCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        favourite = services.favourite_product_add(user=request.user, product=body.validated_data["product"])
        return Response({"pk": favourite.pk, "product": favourite.product_id}, status=status.HTTP_201_CREATED)


class FavouriteProductDetailView(generics.GenericAPIView):
    """`DELETE /wishlists/favourite-products/<pk>/`: remove one of the shopper's favourites."""

    queryset = FavouriteProduct.objects.none()
    serializer_class = serializers.FavouriteProductSerializer

    @extend_schema(
        tags=TAGS,
        request=None,
        responses={204: OpenApiResponse(description="Removed."), 403: schema.ERROR_403, 404: schema.ERROR_404},
    )
    def delete(self, request, pk: int):
        services.favourite_product_remove(user=request.user, pk=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProductAlertListCreateView(_WishlistListView):
    """`GET` the shopper's open stock alerts; `POST` one for an out-of-stock product."""

    builder = ALERT
    serializer_class = serializers.ProductAlertSerializer
    queryset = ProductAlert.objects.none()

    @extend_schema(
        tags=TAGS,
        responses={200: serializers.ProductAlertSerializer(many=True), 403: schema.ERROR_403},
        examples=[schema.response_example("Alerts", schema.ALERT)],
    )
    def get(self, request):
        return super().get(request)

    @extend_schema(
        tags=TAGS,
        description=(
            "The alert is emailed to the account's address once the product is back in stock; `email`, "
            "when sent, must be that address (a 400 otherwise)."
        ),
        request=dict.fromkeys(FORM_OR_JSON, serializers.ProductAlertCreateSerializer),
        responses={
            201: serializers.WishlistItemCreatedSerializer,
            400: schema.ERROR_400,
            403: schema.ERROR_403,
            406: schema.ERROR_406_ALERT,
        },
        examples=[
            OpenApiExample("Alert me", value={"product": 221133}, request_only=True),
            schema.response_example("Created", {"pk": 84, "product": 221133}, status_codes=["201"]),
        ],
    )
    def post(self, request):
        body = serializers.ProductAlertCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        alert = services.product_alert_create(user=request.user, product=body.validated_data["product"])
        return Response({"pk": alert.pk, "product": alert.product_id}, status=status.HTTP_201_CREATED)


class ProductAlertDetailView(generics.GenericAPIView):
    """`DELETE /wishlists/product-alerts/<pk>/`: cancel one of the shopper's alerts."""

    queryset = ProductAlert.objects.none()
    serializer_class = serializers.ProductAlertSerializer

    @extend_schema(
        tags=TAGS,
        request=None,
        responses={204: OpenApiResponse(description="Cancelled."), 403: schema.ERROR_403, 404: schema.ERROR_404},
    )
    def delete(self, request, pk: int):
        services.product_alert_remove(user=request.user, pk=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
