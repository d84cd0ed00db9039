"""Business error codes of the addresses app (406 {"non_field_errors": msg, "error_code": code})."""

from django.utils.translation import gettext_lazy as _

from pazar.core.exceptions import ErrorCode

PRIMARY_CONFLICT = ErrorCode("address_100_1", _("Another default address was set at the same time; please try again."))
