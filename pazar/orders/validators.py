"""Input checks that need no database: IBAN."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumValidationError


def normalize_iban(value: str) -> str:
    return stdnum_iban.compact(value or "")


def validate_iban(value: str) -> str:
    """Return the IBAN without spaces, upper-cased; raise if its country format, length or checksum is wrong.

    python-stdnum knows every IBAN country's length and layout (its registry is kept with the
    library, no hand-kept table), checks the mod-97 checksum and, where the library has them, the
    country's own check digits; a country without IBANs is refused.
    """
    try:
        return stdnum_iban.validate(value or "")
    except StdnumValidationError:
        raise ValidationError(_("Enter a valid IBAN."), code="invalid")
