"""Business error codes of the wishlists app (406 {"non_field_errors": msg, "error_code": code})."""

from django.utils.translation import gettext_lazy as _

from pazar.core.exceptions import ErrorCode

# The platform's own code for a product favourited twice.
FAVOURITE_EXISTS = ErrorCode("favourite_product_100", _("This product is already in your favourites."))

ALERT_EXISTS = ErrorCode("product_alert_100_1", _("You already have a stock alert for this product."))
ALERT_IN_STOCK = ErrorCode("product_alert_100_2", _("This product is in stock."))
ALERT_NO_EMAIL = ErrorCode("product_alert_100_3", _("Your account has no email address to send the alert to."))
