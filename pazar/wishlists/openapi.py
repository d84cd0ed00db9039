"""OpenAPI examples and error responses of the wishlist endpoints."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse

from pazar.catalog.openapi import PRODUCT

FAVOURITE = {"pk": 42, "product": PRODUCT}
ALERT = {"pk": 84, "product": PRODUCT}
CREATED = {"pk": 42, "product": 221133}


def response_example(name: str, value, **kwargs) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, **kwargs)


ERROR_403 = OpenApiResponse(description='Not logged in, or a session write without CSRF: {"detail": "..."}')
ERROR_404 = OpenApiResponse(
    description="No such favourite or alert of the logged-in user (someone else's is a 404 too).",
    examples=[response_example("Not found", {"detail": "Not found."})],
)
ERROR_400 = OpenApiResponse(
    description='Field errors: {"field": ["message"]} (an unknown product, an email not the account\'s).',
    examples=[response_example("Product", {"product": ['Invalid pk "999" - object does not exist.']})],
)
ERROR_406_FAVOURITE = OpenApiResponse(
    description="favourite_product_100: the product is already in the shopper's favourites.",
    examples=[
        response_example(
            "Already a favourite",
            {"non_field_errors": "This product is already in your favourites.", "error_code": "favourite_product_100"},
        )
    ],
)
ERROR_406_ALERT = OpenApiResponse(
    description=(
        "product_alert_100_1 (an open alert for this product exists), product_alert_100_2 (the product is in "
        "stock), product_alert_100_3 (the account has no email address)."
    ),
    examples=[
        response_example(
            "Already asked",
            {
                "non_field_errors": "You already have a stock alert for this product.",
                "error_code": "product_alert_100_1",
            },
        )
    ],
)
