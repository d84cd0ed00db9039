"""Business error codes of the orders app (406 {"non_field_errors": msg, "error_code": code})."""

from django.utils.translation import gettext_lazy as _

from pazar.core.exceptions import ErrorCode

CANCELLATION_REQUEST_ACTIVE = ErrorCode(
    "cancellation_request_100_1", _("There is already an active cancellation request for this order item.")
)
ORDER_ITEM_NOT_CANCELLABLE = ErrorCode(
    "cancellation_request_100_2", _("Only order items that have not been shipped can be cancelled.")
)
ORDER_ITEM_NOT_REFUNDABLE = ErrorCode("cancellation_request_100_3", _("Only delivered order items can be refunded."))
RETURN_WINDOW_EXPIRED = ErrorCode("cancellation_request_100_4", _("The return period for this order item has ended."))
NOTHING_LEFT = ErrorCode("cancellation_request_100_5", _("Nothing is left to cancel or refund for this order item."))
SHIPPING_COMPANY_UNAVAILABLE = ErrorCode(
    "cancellation_request_100_6", _("This shipping company does not take returns of this order item.")
)
TRANSITION_NOT_ALLOWED = ErrorCode(
    "cancellation_request_100_7", _("A %(from)s cancellation request cannot become %(to)s.")
)
PICKUP_ADDRESS_REQUIRED = ErrorCode("cancellation_request_100_8", _("Pickup address is required."))

ORDER_ITEM_STATUS_NOT_ALLOWED = ErrorCode(
    "order_item_100_1", _("An order item with status %(from)s cannot become %(to)s.")
)

TRADEIN_NO_OFFER = ErrorCode("tradein_100_1", _("There is no trade-in offer for this order item."))
TRADEIN_ALREADY_ANSWERED = ErrorCode("tradein_100_2", _("This trade-in offer has already been answered."))
TRADEIN_OFFER_EXISTS = ErrorCode("tradein_100_3", _("This order item already has a trade-in offer."))
