"""Messages of the support app."""

from django.utils.translation import gettext_lazy as _

ORDER_REQUIRED = _("Select one of your orders.")
UNKNOWN_OPERATION = _("Unknown operation.")
INACTIVE_SUBJECT = _("Select a valid subject.")
STATUS_NOT_ALLOWED = _("A %(from)s message cannot become %(to)s.")
