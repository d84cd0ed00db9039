"""`POST /email-subscription/` (the newsletter form), its emailed links, and `POST /users/activate-currency/`."""

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pazar.accounts.lifecycle.serializers import DetailSerializer
from pazar.core.net import client_ip
from pazar.preferences import serializers, services

ERROR_400 = OpenApiResponse(description='Field errors: {"field": ["message"]}')
ERROR_400_LINK = OpenApiResponse(description='The link is invalid, used or expired: {"non_field_errors": ["..."]}')
ERROR_403 = OpenApiResponse(description='A logged-in session without its CSRF token: {"detail": "..."}')
ERROR_429 = OpenApiResponse(description='Too many requests for this address: {"detail": "..."}')


def _detail(message: str) -> Response:
    return Response({"detail": message})


class EmailSubscriptionView(APIView):
    """`POST /email-subscription/`: the newsletter form; one answer for every address."""

    permission_classes = [AllowAny]

    @extend_schema(
        tags=["newsletter"],
        request=serializers.EmailSubscriptionSerializer,
        responses={200: DetailSerializer, 400: ERROR_400, 403: ERROR_403, 429: ERROR_429},
        examples=[
            OpenApiExample(
                "As the client sends it",
                value={"email": "ayse@example.com", "subscribe_contract": True},
                request_only=True,
            )
        ],
        description="Subscribes the address with its consent (time, client address, browser, "
        "NEWSLETTER_CONSENT_VERSION). With NEWSLETTER_DOUBLE_OPT_IN on, the address is emailed a one-time "
        "link first and counts only once it is opened (a logged-in shopper's own login address needs no link). "
        "The account of the address gets `email_allowed`. The same answer whether or not the address has an "
        "account or is subscribed already; throttled per address and per client address.",
    )
    def post(self, request):
        body = serializers.EmailSubscriptionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.subscription_request(
            email=body.validated_data["email"],
            requester=request.user if request.user.is_authenticated else None,
            client_ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            language=translation.get_language() or "en",
        )
        return _detail(_("Thank you for subscribing to our newsletter."))


class EmailSubscriptionConfirmView(APIView):
    """`GET /email-subscription/confirm/<token>/`: the double opt-in email's link; no login."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(tags=["newsletter"], responses={200: DetailSerializer, 400: ERROR_400_LINK})
    def get(self, request, token: str):
        services.subscription_confirm(token=token)
        return _detail(_("Your newsletter subscription is confirmed."))


class EmailSubscriptionUnsubscribeView(APIView):
    """`GET` or `POST /email-subscription/unsubscribe/<token>/`: the address leaves the list; no login.

    POST is the one-click unsubscribe of mail clients (RFC 8058); both are safe to repeat."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(tags=["newsletter"], responses={200: DetailSerializer, 400: ERROR_400_LINK})
    def get(self, request, token: str):
        services.subscription_unsubscribe(token=token)
        return _detail(_("You are unsubscribed from our newsletter."))

    @extend_schema(tags=["newsletter"], request=None, responses={200: DetailSerializer, 400: ERROR_400_LINK})
    def post(self, request, token: str):
        return self.get(request, token)


class ActivateCurrencyView(APIView):
    """`POST /users/activate-currency/`: the shopper's currency for their session (visitors too)."""

    permission_classes = [AllowAny]

    @extend_schema(
        tags=["currency"],
        request=serializers.CurrencySerializer,
        responses={204: None, 400: ERROR_400, 403: ERROR_403},
        examples=[OpenApiExample("Dollars", value={"currency_code": "usd"}, request_only=True)],
        description="Kept in the session (`osessionid`; a visitor gets one), which a login keeps. "
        "`currency_code` must be one of AVAILABLE_CURRENCIES (any case). Answers 204, as the platform.",
    )
    def post(self, request):
        body = serializers.CurrencySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.currency_activate(request=request, currency_code=body.validated_data["currency_code"])
        return Response(status=status.HTTP_204_NO_CONTENT)
