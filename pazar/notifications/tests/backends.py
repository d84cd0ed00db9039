"""Providers that fail, faked at the boundary (the backend), never in the service."""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend

from pazar.notifications.sms import BaseSmsBackend, SmsDeliveryError


class BrokenSmsBackend(BaseSmsBackend):
    """An SMS gateway that is down."""

    def send(self, *, to: str, text: str) -> None:
        raise SmsDeliveryError("gateway down")


class BrokenEmailBackend(BaseEmailBackend):
    """An SMTP server that drops the connection."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")
