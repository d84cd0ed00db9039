"""Input checks that need no database: IBAN."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Lengths of the countries most refunds go to; any other country gets the generic 15-34 check.
IBAN_LENGTHS = {
    "TR": 26, "DE": 22, "GB": 22, "FR": 27, "NL": 18, "BE": 16, "AT": 20, "CH": 21, "IT": 27, "ES": 24,
    "PL": 28, "SE": 24, "DK": 18, "NO": 15, "FI": 18, "IE": 22, "PT": 25, "GR": 27, "CZ": 24, "HU": 28,
    "RO": 24, "BG": 22, "CY": 28, "AZ": 28, "GE": 22, "AE": 23, "SA": 24,
}  # fmt: skip
IBAN_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")


def normalize_iban(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def validate_iban(value: str) -> str:
    """Return the IBAN without spaces, upper-cased; raise if its shape, length or checksum is wrong."""
    iban = normalize_iban(value)
    expected = IBAN_LENGTHS.get(iban[:2])
    if not IBAN_SHAPE.match(iban) or (expected is not None and len(iban) != expected):
        raise ValidationError(_("Enter a valid IBAN."), code="invalid")
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    if int(digits) % 97 != 1:
        raise ValidationError(_("Enter a valid IBAN."), code="invalid")
    return iban
