"""`?page=&limit=` pagination answered as {count, next, previous, results}."""

from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """Page numbers with a client-chosen `limit` (20 by default, at most 100)."""

    page_size = 20
    page_size_query_param = "limit"
    max_page_size = 100
