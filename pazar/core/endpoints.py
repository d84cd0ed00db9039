"""pazar's list and detail endpoints: each states its declaration, its page source and its revalidation.

A list endpoint (`ListEndpoint`) says:

- `declaration`: the response serializer of one item, which drf-spectacular documents (a page of
  them, with `?page=&limit=`) and whose shape the ETag names (pazar/core/revalidation.py); the
  builder renders through it;
- `source(request, total)`: the list's page source (pazar/core/pagination.py), compiled from the
  selector's description (pazar/core/lists.py); `total` is the unfiltered list's total when the
  revalidation kept it, else None;
- `build(rows, request)`: the page's rows rendered by the list's builder;
- `revalidation`: the list's Revalidation (ETag, 304), or None.

`GET` answers the page through the revalidation, which hands the kept total to the page it builds
as an argument. A detail endpoint (`DetailEndpoint`) states its `declaration` and `item(request,
**kwargs)`, the body of its one object (raising Http404 or PermissionDenied when the caller may
not see it).

Both are DRF's GenericAPIView underneath, for authentication, permissions, throttles, filters'
schema and the paginator's links.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import is_basic_type
from rest_framework import generics
from rest_framework.response import Response

from pazar.core.pagination import PageSource
from pazar.core.revalidation import Revalidation


class Endpoint(generics.GenericAPIView):
    """What the list and detail endpoints share: the declaration as DRF's serializer class (the schema's)."""

    declaration = None  # the response serializer of one item

    def get_serializer_class(self):
        return self.declaration


class ListSchema(AutoSchema):
    """drf-spectacular's view of a ListEndpoint: its `GET` answers a page of its declaration, with
    `?page=&limit=` and its FilterSet's parameters, as it documents DRF's ListModelMixin."""

    def _is_list_view(self, serializer=None) -> bool:
        if self.method != "GET":
            return super()._is_list_view(serializer)
        if serializer is None:
            serializer = self.get_response_serializers()
        if isinstance(serializer, dict) and serializer:
            serializer = {str(code): s for code, s in serializer.items()}
            serializer = serializer[min(serializer)]
        return not is_basic_type(serializer)


class ListEndpoint(Endpoint):
    """`GET` a page of a list: `source` read through the paginator, rendered by `build`, revalidated."""

    schema = ListSchema()
    revalidation: Revalidation | None = None

    def source(self, request, total: int | None) -> PageSource:
        raise NotImplementedError

    def build(self, rows: list, request) -> list:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        if self.revalidation is None:
            return self.page(request, None)
        return self.revalidation.respond(self, request, lambda total: self.page(request, total))

    def page(self, request, total: int | None) -> Response:
        rows = self.paginator.paginate_source(self.source(request, total), request)
        return self.get_paginated_response(self.build(rows, request))


class DetailEndpoint(Endpoint):
    """`GET` one object: `item(request, **kwargs)` is its body."""

    def item(self, request, **kwargs) -> dict:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return Response(self.item(request, **kwargs))
