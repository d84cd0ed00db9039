"""The address book (`/address/...`, the caller's own) and the location lists (public, cached)."""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from pazar.addresses import filters, openapi, selectors, serializers, services
from pazar.addresses.builders import ADDRESS, ADDRESS_IDS
from pazar.addresses.models import Address
from pazar.core.endpoints import ListEndpoint
from pazar.core.openapi import ERROR_403, ERROR_404, response_example
from pazar.core.pagination import PagePagination
from pazar.core.replicas import cache_timeout, replica_reads

TAGS = ["addresses"]
ADDRESS_EXAMPLE = openapi.ADDRESS
POST_BODY = {
    "type": "personal",
    "is_corporate": "false",
    "title": "Home",
    "first_name": "Ayşe",
    "last_name": "Yılmaz",
    "phone_number": "05321234567",
    "country": "1",
    "city": "34",
    "township": "1",
    "district": "1",
    "line": "Moda Caddesi No: 1",
    "postcode": "34710",
}


class _AddressBookView(ListEndpoint):
    """A page of the caller's address book (its description: selectors.address_book), each address
    rendered by `builder` (pazar/addresses/builders.py) from the columns its statement reads."""

    builder = ADDRESS
    filter_backends: list = []
    queryset = Address.objects.none()  # for the schema

    def source(self, request, total):
        statement = self.builder.page_statement
        book = selectors.address_book(user=request.user)
        return book.source(columns=statement.names, related=statement.related)

    def build(self, rows, request):
        return self.builder.build(rows, request=request)


@extend_schema(tags=TAGS)
class AddressListCreateView(_AddressBookView):
    """`GET /address/` (country, city, township, district and user as ids); `POST /address/` adds one."""

    declaration = serializers.AddressIdsSerializer
    builder = ADDRESS_IDS

    @extend_schema(
        request=serializers.AddressWriteSerializer,
        responses={201: serializers.AddressSerializer, 400: openapi.ERROR_400, 403: ERROR_403},
        examples=[
            OpenApiExample("As the client sends it", value=POST_BODY, request_only=True),
            response_example("Created", ADDRESS_EXAMPLE, status_codes=["201"]),
        ],
    )
    def post(self, request):
        body = serializers.AddressWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        address = services.address_create(user=request.user, data=dict(body.validated_data))
        return Response(ADDRESS.of_user(user=request.user, pk=address.pk), status=status.HTTP_201_CREATED)


@extend_schema(
    tags=TAGS,
    examples=[response_example("Addresses", ADDRESS_EXAMPLE)],
)
class AddressDetailedListView(_AddressBookView):
    """`GET /address/detailed/`: the address book with country, city, township, district and user nested."""

    declaration = serializers.AddressSerializer


@extend_schema(tags=TAGS)
class AddressDetailView(generics.GenericAPIView):
    """`GET`, `PATCH` (any fields; `{"primary": true}` makes it the default) and `DELETE /address/<pk>/`."""

    serializer_class = serializers.AddressSerializer
    http_method_names = ["get", "patch", "delete", "options"]

    def get_object(self):
        return selectors.address_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        responses={200: serializers.AddressSerializer, 403: ERROR_403, 404: ERROR_404},
        examples=[response_example("Address", ADDRESS_EXAMPLE)],
    )
    def get(self, request, pk: int):
        return Response(ADDRESS.of_user(user=request.user, pk=pk))

    @extend_schema(
        request=serializers.AddressWriteSerializer(partial=True),
        responses={
            200: serializers.AddressSerializer,
            400: openapi.ERROR_400,
            403: ERROR_403,
            404: ERROR_404,
            406: openapi.ERROR_406,
        },
        examples=[OpenApiExample("Make it the default", value={"primary": True}, request_only=True)],
    )
    def patch(self, request, pk: int):
        address = self.get_object()
        body = serializers.AddressWriteSerializer(address, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        services.address_update(user=request.user, address=address, data=dict(body.validated_data))
        return Response(ADDRESS.of_user(user=request.user, pk=address.pk))

    @extend_schema(responses={204: None, 403: ERROR_403, 404: ERROR_404})
    def delete(self, request, pk: int):
        services.address_delete(user=request.user, address=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class LocationPagination(PagePagination):
    """A whole list in one page unless `limit` asks for less: Türkiye has 81 provinces."""

    page_size = 1000
    max_page_size = 1000


# The query parameters a location page depends on (anything else is ignored, and not in the key).
LOCATION_PARAMS = ("country", "city", "township", "retailstore__isnull", "page", "limit")


@replica_reads
class LocationListView(generics.ListAPIView):
    """A location list: active rows only, names in the request's language, cached per query.

    The lists are read on every checkout and change rarely: the answer is cached for
    ADDRESS_LOCATIONS_CACHE_SECONDS under the language and the query, and any save or delete of a
    country, city, township or district drops every cached page (selectors.locations_changed).
    """

    permission_classes = [AllowAny]
    pagination_class = LocationPagination
    kind = ""

    def list(self, request, *args, **kwargs):
        query = "&".join(f"{name}={request.query_params.get(name, '')[:32]}" for name in LOCATION_PARAMS)
        # the host too: a page's next/previous links are absolute
        host = request.get_host()[:100]
        key = f"addresses:locations:{selectors.locations_version()}:{self.kind}:{get_language()}:{host}:{query}"
        data = cache.get(key)
        if data is None:
            data = super().list(request, *args, **kwargs).data
            # A replica's page is kept no longer than its allowed lag (a change may not be there yet).
            cache.set(key, data, timeout=cache_timeout(settings.ADDRESS_LOCATIONS_CACHE_SECONDS))
        return Response(data)


@extend_schema(tags=TAGS)
class CountryListView(LocationListView):
    """`GET /address/country/`."""

    kind = "country"
    serializer_class = serializers.CountryListSerializer
    filterset_class = filters.CountryFilter

    def get_queryset(self):
        return selectors.country_list()


@extend_schema(tags=TAGS)
class CityListView(LocationListView):
    """`GET /address/city/?country=<pk>` (`retailstore__isnull=false`: none, pazar keeps no stores)."""

    kind = "city"
    serializer_class = serializers.CityListSerializer
    filterset_class = filters.CityFilter

    def get_queryset(self):
        return selectors.city_list()


@extend_schema(tags=TAGS)
class TownshipListView(LocationListView):
    """`GET /address/township/?city=<pk>` (`retailstore__isnull=false`: none, pazar keeps no stores)."""

    kind = "township"
    serializer_class = serializers.TownshipListSerializer
    filterset_class = filters.TownshipFilter

    def get_queryset(self):
        return selectors.township_list()


@extend_schema(tags=TAGS)
class DistrictListView(LocationListView):
    """`GET /address/district/?township=<pk>`."""

    kind = "district"
    serializer_class = serializers.DistrictListSerializer
    filterset_class = filters.DistrictFilter

    def get_queryset(self):
        return selectors.district_list()
