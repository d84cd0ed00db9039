"""Messages and business error codes of the support app."""

from django.utils.translation import gettext_lazy as _

from pazar.core.exceptions import ErrorCode

ORDER_REQUIRED = _("Select one of your orders.")
UNKNOWN_OPERATION = _("Unknown operation.")
INACTIVE_SUBJECT = _("Select a valid subject.")
STATUS_NOT_ALLOWED = ErrorCode("contact_us_100_1", _("A %(from)s message cannot become %(to)s."))
