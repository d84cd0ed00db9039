"""`?page=&limit=` pagination answered as {count, next, previous, results}."""

from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """Page numbers with a client-chosen `limit` (20 by default, at most 100)."""

    page_size = 20
    page_size_query_param = "limit"
    max_page_size = 100


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
