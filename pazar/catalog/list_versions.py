"""What of the catalog the revalidated lists show: products, their images and sellers bump "catalog".

One global version (key 0) for the tables every order and conversation list shows some of: a
product renamed, an image added or a seller's title changed changes every such list's ETag at once
(pazar/core/revalidation.py). Those rows change rarely next to the lists' own rows.
"""

from pazar.core.list_versions import Bump

CATALOG = """SELECT 'catalog' AS scope, 0 AS "key" WHERE {row}.id IS NOT NULL"""


def bumps() -> list[Bump]:
    return [
        # A new product or seller is in no list until an order or conversation names it (which bumps).
        Bump("catalog_product", "catalog_product", CATALOG, events=("UPDATE", "DELETE")),
        Bump("catalog_productimage", "catalog_productimage", CATALOG),
        Bump("catalog_datasource", "catalog_datasource", CATALOG, events=("UPDATE", "DELETE")),
    ]
