"""Business error codes of the accounts app (seed 002's, and ours where the seed has none)."""

from django.utils.translation import gettext_lazy as _

from pazar.core.exceptions import ErrorCode

PHONE_MISMATCH = ErrorCode("sms_verification_100_1", _("Phone numbers do not match."))
CODE_MISMATCH = ErrorCode("sms_verification_100_2", _("Verification codes do not match."))
CODE_NOT_SENT = ErrorCode("sms_verification_100_3", _("No verification code was sent. Please request a code."))
CODE_EXPIRED = ErrorCode("sms_verification_100_4", _("Sms otp code expired. Please resend code."))
CODE_DEAD = ErrorCode("sms_verification_100_5", _("Too many wrong codes. Please resend code."))
# The seed shows this message with its placeholders unfilled; we answer it as the seed shows it.
CONSENT_MISMATCH = ErrorCode(
    "kvkk_service_100_2",
    _("Mismatch confirmation data {phone}, {sms_allowed}, {email_allowed}, {call_allowed}, {email}."),
)
SEGMENT_NOT_AVAILABLE = ErrorCode(
    "segment_100_1", _("Segment with ID %(segment_id)s is not available for user %(user_id)s.")
)
