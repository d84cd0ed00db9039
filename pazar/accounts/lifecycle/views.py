"""The account lifecycle as the storefront calls it: password change and reset, email change and
confirmation, erasure, and its two-step logout (`api/logout.ts`)."""

from django.middleware.csrf import get_token
from django.utils.html import escape
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pazar.accounts.lifecycle import serializers as bodies
from pazar.accounts.lifecycle import services as lifecycle
from pazar.accounts.openapi import ERROR_400, ERROR_403, ERROR_429
from pazar.core.net import client_ip

TAGS = ["account"]
ERROR_400_LINK = OpenApiResponse(
    description='The link is invalid, used or expired: {"non_field_errors": ["..."]}; or field errors.'
)
FORMS = [FormParser, MultiPartParser, JSONParser]


class PlainTextJSONParser(JSONParser):
    """JSON sent as `text/plain`: the storefront's proxy forwards a bodyless call as the string "{}"
    without a content type, which fetch then labels `text/plain;charset=UTF-8`."""

    media_type = "text/plain"


def _detail(message: str, code: int = status.HTTP_200_OK) -> Response:
    return Response({"detail": message}, status=code)


class PasswordChangeView(APIView):
    """`POST /users/password/change/`: the logged-in shopper's new password."""

    @extend_schema(
        tags=TAGS,
        request=bodies.PasswordChangeSerializer,
        responses={200: bodies.DetailSerializer, 400: ERROR_400, 403: ERROR_403, 429: ERROR_429},
        description="Wrong old password, a mismatch or a password Django's validators refuse → 400 field errors. "
        "The current session stays logged in; the user's other sessions and every token end; an email says so.",
    )
    def post(self, request):
        body = bodies.PasswordChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        lifecycle.password_change(request=request, user=request.user, **body.validated_data)
        return _detail(_("New password has been saved."))


class PasswordResetView(APIView):
    """`POST /users/password/reset/`: forgot password; the same answer for every address."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        request=bodies.PasswordResetSerializer,
        responses={200: bodies.DetailSerializer, 400: ERROR_400, 429: ERROR_429},
        examples=[OpenApiExample("Forgot", value={"email": "ayse@pazar.local"}, request_only=True)],
        description="Emails a one-time link to PASSWORD_RESET_URL when the address has an account; answers "
        "the same either way. Throttled per email and per client address.",
    )
    def post(self, request):
        body = bodies.PasswordResetSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        lifecycle.password_reset_request(email=body.validated_data["email"], client_ip=client_ip(request))
        return _detail(_("Password reset e-mail has been sent."))


class PasswordResetConfirmView(APIView):
    """`POST /users/reset/<slug>`: the reset page's form sets the new password."""

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = FORMS

    @extend_schema(
        tags=TAGS,
        request={
            "application/x-www-form-urlencoded": bodies.PasswordResetConfirmSerializer,
            "multipart/form-data": bodies.PasswordResetConfirmSerializer,
            "application/json": bodies.PasswordResetConfirmSerializer,
        },
        responses={200: bodies.DetailSerializer, 400: ERROR_400_LINK},
        description="`slug` is `<uidb64>-<token>` from the emailed link. Nothing changes for an invalid, used or "
        "expired slug (400).",
    )
    def post(self, request, slug: str):
        body = bodies.PasswordResetConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        lifecycle.password_reset_confirm(slug=slug, **body.validated_data)
        return _detail(_("Password has been reset with the new password."))


class EmailChangeView(APIView):
    """`POST /users/email-change/`: a link goes to the new address; nothing changes until it is opened."""

    @extend_schema(
        tags=TAGS,
        request=bodies.EmailChangeSerializer,
        responses={200: bodies.DetailSerializer, 400: ERROR_400, 403: ERROR_403, 429: ERROR_429},
        examples=[
            OpenApiExample(
                "Change email",
                request_only=True,
                value={"email": "new@example.com", "emailConfirm": "new@example.com", "password": "..."},
            )
        ],
    )
    def post(self, request):
        body = bodies.EmailChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        lifecycle.email_change_request(
            user=request.user,
            email=data["email"],
            email_confirm=data["emailConfirm"],
            password=data["password"],
            client_ip=client_ip(request),
        )
        return _detail(_("Confirmation e-mail sent to the new address."))


class EmailSetPrimaryView(APIView):
    """`GET /users/email-set-primary/<token>/`: the link from the email makes the new address the login email."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(tags=TAGS, responses={200: bodies.DetailSerializer, 400: ERROR_400_LINK})
    def get(self, request, token: str):
        lifecycle.email_set_primary(token=token)
        return _detail(_("Your email address has been changed."))


class RegistrationEmailConfirmView(APIView):
    """`GET /users/registration/account-confirm-email/<token>/`: confirms a registration email."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(tags=TAGS, responses={200: bodies.DetailSerializer, 400: ERROR_400_LINK})
    def get(self, request, token: str):
        lifecycle.registration_email_confirm(token=token)
        return _detail(_("Your email address has been confirmed."))


class RegistrationEmailResendView(APIView):
    """`POST /users/registration/resend-email/`: a fresh confirmation link (the same answer for any address)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        request=bodies.EmailResendSerializer,
        responses={200: bodies.DetailSerializer, 400: ERROR_400, 429: ERROR_429},
    )
    def post(self, request):
        body = bodies.EmailResendSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        lifecycle.registration_email_resend(email=body.validated_data["email"], client_ip=client_ip(request))
        return _detail(_("Verification e-mail sent."))


class AnonymizeView(APIView):
    """`PATCH /users/anonymize/`: the logged-in shopper erases their account (KVKK / GDPR)."""

    parser_classes = [*FORMS, PlainTextJSONParser]

    @extend_schema(
        tags=TAGS,
        request={
            "application/json": bodies.AnonymizeSerializer,
            "application/x-www-form-urlencoded": bodies.AnonymizeSerializer,
        },
        responses={
            200: OpenApiResponse(str, description="A JSON string."),
            400: ERROR_400,
            403: ERROR_403,
            429: ERROR_429,
        },
        description="Irreversible. Needs the session (or token) and, for a session, its CSRF token; the stock "
        "client sends no body. With the hardening switch ANONYMIZE_REQUIRES_PASSWORD on (off by default) the "
        "body must carry the account's `password`. The session ends and the email can no longer log in; "
        "orders, requests and conversations stay without the person's name.",
    )
    def patch(self, request):
        body = bodies.AnonymizeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        lifecycle.user_anonymize_self(request=request, password=body.validated_data.get("password"))
        return Response(_("Your account has been deleted."))


LOGOUT_FORM = (
    "<form method='post' action='/users/logout/'><input type='hidden' name='csrfmiddlewaretoken' value='{}'></form>"
)


class LogoutView(APIView):
    """`POST /users/logout/` as `api/logout.ts` posts it: twice.

    The first post carries only the session cookie: it answers a form with the CSRF token (and
    sets the `csrftoken` cookie), and ends nothing. The second carries that token as the form field
    `csrfmiddlewaretoken` (or in `x-csrftoken`) and ends the session. With a token, one post ends it.
    """

    permission_classes = [AllowAny]
    parser_classes = FORMS

    def perform_authentication(self, request):
        # A session post without its CSRF token is not refused here: it gets the form to post back.
        # DRF replaces the session's user with AnonymousUser when CSRF fails: keep it first.
        self.session_user = getattr(request._request, "user", None)
        self.csrf_missing = False
        try:
            request.user  # noqa: B018 - authenticates
        except exceptions.PermissionDenied:
            self.csrf_missing = True

    @extend_schema(
        tags=["auth"],
        request={
            "application/x-www-form-urlencoded": bodies.LogoutSerializer,
            "multipart/form-data": bodies.LogoutSerializer,
            "application/json": bodies.LogoutSerializer,
        },
        responses={200: bodies.LogoutAnswerSerializer, 403: ERROR_403},
    )
    def post(self, request):
        session_user = self.session_user
        if self.csrf_missing and session_user is not None and session_user.is_authenticated:
            token = get_token(request._request)
            return Response(
                {
                    "detail": _("Post this form to log out."),
                    "form": LOGOUT_FORM.format(escape(token)),
                    "csrf_token": token,
                }
            )
        lifecycle.user_logout(request=request)
        return _detail(_("Successfully logged out."))
