"""OpenAPI examples of the catalog's nested objects: a product as ProductSerializer declares it."""

# What the product adds to seed 003's order-item product (the client's Product type, the platform's
# Wishlist pages); the order item's example and the favourites' and alerts' examples show it.
PRODUCT_EXTRA = {
    "price": "1999.00",
    "retail_price": "2499.00",
    "currency_type": "try",
    "in_stock": True,
    "stock": 12,
    "is_ready_to_basket": True,
    "productimage_set": [
        {
            "pk": 4455,
            "image": "https://cdn.example.com/media/products/2026/01/23/smart-watch-x.png",
            "order": 0,
            "status": "active",
            "specialimage_set": [],
            "created_date": "2026-01-23T09:45:00.000000Z",
        }
    ],
    "productvideo_set": [],
    "attribute_set": None,
    "basket_offers": [],
    "price_type": "default",
    "product_type": "0",
    "unit_type": "qty",
    "extra_data": {},
    "created_date": "2026-01-23T09:45:00.000000Z",
    "modified_date": "2026-01-23T09:45:00.000000Z",
}

PRODUCT = {
    "pk": 221133,
    "sku": "SW-X-BLACK",
    "base_code": "SWX",
    "name": "Smart Watch X",
    "image": "https://cdn.example.com/media/products/2026/01/23/smart-watch-x.png",
    "absolute_url": "/smart-watch-x/",
    "attributes": {"color": "black"},
    "attributes_kwargs": {},
    "form_schema": None,
    "data_source": None,
    "extra_attributes": {},
    **PRODUCT_EXTRA,
}
