"""`?page=&limit=` pagination answered as {count, next, previous, results}, over querysets or page sources."""

from collections.abc import Callable
from functools import cached_property
from typing import NamedTuple

from django.core.paginator import InvalidPage, Paginator
from django.db.models import QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination


class PageSource(NamedTuple):
    """What a list's pages are read from: `count()`, how many rows the list holds, and
    `rows(offset, limit)`, that many of them from `offset` in the list's order."""

    count: Callable[[], int]
    rows: Callable[[int, int], list]

    def known(self, total: int | None) -> "PageSource":
        """The same rows counted by `total` when it is known (kept with the list's version), else by `count`."""
        return self if total is None else self._replace(count=lambda: total)


def queryset_source(queryset: QuerySet, *, counted: QuerySet | None = None) -> PageSource:
    """A queryset's pages, counted by `counted` (the same rows without the joins a page reads) or itself."""
    return PageSource(
        count=(queryset if counted is None else counted).count,
        rows=lambda offset, limit: list(queryset[offset : offset + limit]),
    )


class SourcePaginator(Paginator):
    """Django's paginator over a page source: the source's count, and one read of the page's rows."""

    def __init__(self, source: PageSource, per_page: int):
        super().__init__((), per_page)
        self.source = source

    @cached_property
    def count(self) -> int:
        return self.source.count()

    def page(self, number):
        number = self.validate_number(number)
        offset = (number - 1) * self.per_page
        limit = min(self.per_page, self.count - offset)
        return self._get_page(self.source.rows(offset, limit) if limit > 0 else [], number, self)


class PagePagination(PageNumberPagination):
    """Page numbers with a client-chosen `limit` (20 by default, at most 100)."""

    page_size = 20
    page_size_query_param = "limit"
    max_page_size = 100

    def paginate_source(self, source: PageSource, request) -> list:
        """The page the request names, read from `source` (an out-of-range page is a 404), as
        `paginate_queryset` answers a queryset's."""
        self.request = request
        paginator = SourcePaginator(source, self.get_page_size(request))
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as exc:
            raise NotFound(self.invalid_page_message.format(page_number=page_number, message=str(exc))) from exc
        return list(self.page)


# The query parameters that page a list without narrowing it.
PAGE_PARAMS = frozenset({PagePagination.page_query_param, PagePagination.page_size_query_param})
