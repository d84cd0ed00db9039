"""`?page=&limit=` pagination answered as {count, next, previous, results}."""

from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """Page numbers with a client-chosen `limit` (20 by default, at most 100)."""

    page_size = 20
    page_size_query_param = "limit"
    max_page_size = 100


# The query parameters that page a list without narrowing it.
PAGE_PARAMS = frozenset({PagePagination.page_query_param, PagePagination.page_size_query_param})


class KnownCount:
    """A queryset whose total is already known: the paginator takes it instead of counting rows."""

    ordered = True

    def __init__(self, queryset, count: int):
        self.queryset = queryset
        self.total = count

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key):
        return self.queryset[key]


class CountedApart:
    """A page of rows counted by another queryset: the rows join tables that the count needs not."""

    ordered = True

    def __init__(self, rows, counted):
        self.rows = rows
        self.counted = counted

    def count(self) -> int:
        return self.counted.count()

    def __getitem__(self, key):
        return self.rows[key]


class KeyedPage:
    """The rows of a fixed statement scoped by one key value, or by its `where` alone with None
    (`RowsBy.page` and `RowsBy.count`, pazar/core/rows.py), as the paginator takes a queryset: the
    same two statements every request."""

    ordered = True

    def __init__(self, rows, value, *, count: int | None = None):
        self.rows = rows
        self.value = value
        self.total = count  # when already known (the seller inbox's kept totals)

    def count(self) -> int:
        if self.total is None:
            self.total = self.rows.count(self.value)
        return self.total

    def __getitem__(self, key: slice) -> list:
        start, stop = key.start or 0, key.stop
        if stop is not None and stop <= start:
            return []
        return self.rows.page(self.value, offset=start, limit=stop - start)


class RowsOfIds:
    """A filtered queryset paged by its ids, each page's rows then read by a statement written once
    (`rows(ids)`, a RowsBy or a builder's `rows`), in the ids' order.

    Compiling a page of ids is light; compiling the page's rows through the ORM, with their joins and
    a few dozen columns, cost more than running them.
    """

    ordered = True

    def __init__(self, queryset, rows, *, key: str = "id"):
        self.queryset = queryset
        self.rows = rows
        self.key = key

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, key: slice) -> list:
        ids = list(self.queryset.values_list("pk", flat=True)[key])
        found = {row[self.key]: row for row in self.rows(ids)} if ids else {}
        return [found[pk] for pk in ids if pk in found]
