"""Login, registration, logout and the current user, as the storefront calls them."""

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pazar.accounts import builders, selectors, serializers, services
from pazar.accounts.models import User, VerificationPurpose
from pazar.accounts.openapi import ERROR_400, ERROR_403, ERROR_429
from pazar.core.net import client_ip
from pazar.core.parsers import JSONParser
from pazar.core.throttling import RegistrationIPThrottle

TOKEN_EXAMPLE = OpenApiExample("Token", response_only=True, value={"key": "b4a04e625f1f3eba3538d1fc19da9e8e8aeba285"})


CAPTCHA_429 = OpenApiResponse(
    description="Too many failed attempts, the captcha challenge: "
    '{"detail": "...", "redirect_url": "/users/pz-captcha/"} (solve it at /users/pz-captcha/ with the same '
    "session cookie, then log in again)"
)

CAPTCHA_OR_429 = OpenApiResponse(
    description='Too many attempts from the address {"detail": "..."}, or past the duplicate-email answers the '
    'captcha challenge {"detail": "...", "redirect_url": "/users/pz-captcha/"}'
)


class LoginView(APIView):
    """`POST /users/login/`: no CSRF needed, the storefront's server posts it for the shopper.

    No per-address throttle: behind the storefront every shopper has its address; the service
    answers the captcha challenge instead (services.user_login).
    """

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["auth"],
        request=serializers.LoginSerializer,
        responses={200: serializers.TokenSerializer, 400: ERROR_400, 429: CAPTCHA_429},
        examples=[
            OpenApiExample("Login", value={"email": "ayse@pazar.local", "password": "..."}, request_only=True),
            TOKEN_EXAMPLE,
        ],
    )
    def post(self, request):
        body = serializers.LoginSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        key = services.user_login(request=request, **body.validated_data)
        return Response({"key": key})


class RegistrationView(APIView):
    """`POST /users/registration/`: creates a shopper and logs them in."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [RegistrationIPThrottle]

    @extend_schema(
        tags=["auth"],
        request=serializers.RegistrationSerializer,
        responses={201: serializers.RegistrationAnswerSerializer, 400: ERROR_400, 429: CAPTCHA_OR_429},
        examples=[
            OpenApiExample(
                "Registration",
                request_only=True,
                value={
                    "email": "john.doe@akinon.com",
                    "password": "a-long-Passphrase-42",
                    "first_name": "John",
                    "last_name": "Doe",
                    "phone": "05555555555",
                    "gender": "male",
                    "email_allowed": True,
                    "sms_allowed": False,
                    "confirm": True,
                },
            ),
            TOKEN_EXAMPLE,
        ],
    )
    def post(self, request):
        body = serializers.RegistrationSerializer(
            data=request.data, context={"client_ip": client_ip(request), "request": request}
        )
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        confirm = data.pop("confirm")
        data["attributes"] = {"confirm": confirm}
        _user, key = services.user_register(request=request, **data)
        if key is None:  # REGISTRATION_EMAIL_VERIFICATION mandatory: no login before the link is opened
            return Response({"detail": _("Verification e-mail sent.")}, status=status.HTTP_201_CREATED)
        return Response({"key": key}, status=status.HTTP_201_CREATED)


class CurrentUserView(APIView):
    """`GET /current_user/`: the logged-in user; anonymous → 403."""

    @extend_schema(
        tags=["auth"],
        responses={200: serializers.CurrentUserSerializer, 403: ERROR_403},
        examples=[
            OpenApiExample(
                "Current user",
                response_only=True,
                value={
                    "pk": 6471,
                    "first_name": "John",
                    "last_name": "Doe",
                    "email": "john.doe@akinon.com",
                    "phone": "05555555555",
                    "email_allowed": True,
                    "sms_allowed": True,
                    "date_joined": "2024-01-01T00:00:00.000000Z",
                    "last_login": "2024-11-05T08:53:25.564365Z",
                    "date_of_birth": "2000-01-01",
                    "hashed_email": "0b8f7c3f8e2a6f2f0a4c5d0e3b1a2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d",
                    "gender": "male",
                },
            )
        ],
    )
    def get(self, request):
        return Response(builders.current_user.of(request.user))


PROFILE_ERRORS = {
    400: ERROR_400,
    403: ERROR_403,
    406: OpenApiResponse(
        description='A code problem: {"non_field_errors": "...", "error_code": "sms_verification_100_1|2|3|4|5" '
        'or "kvkk_service_100_2"}'
    ),
    429: ERROR_429,
}


def profile_or_resent(profile: type, name: str) -> PolymorphicProxySerializer:
    """The 200 of a profile PATCH: the profile, or `{"message": "success"}` after `resend: true`."""
    return PolymorphicProxySerializer(
        component_name=name,
        serializers=[profile, serializers.SuccessMessageSerializer],
        resource_type_field_name=None,
    )


RESEND_RESPONSE = OpenApiExample("Code resent", response_only=True, status_codes=["200"], value={"message": "success"})


def _language(request) -> str:
    return translation.get_language() or "en"


class ProfileView(APIView):
    """`GET/PATCH /users/profile/`: a phone or consent change waits for a code sent by SMS (202)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    update_serializer = serializers.ProfileUpdateSerializer
    purpose = VerificationPurpose.PROFILE

    def profile_body(self, request):
        return builders.profile.of(request.user, request=request)

    def pending_body(self, request, pending: dict):
        body = builders.consent_pending.of(request.user)
        body.update({key: value for key, value in pending.items() if key in body})
        # null without an avatar, as the profile's GET and seed 002 answer it
        body["avatar"] = request.build_absolute_uri(request.user.avatar.url) if request.user.avatar else None
        return body

    @extend_schema(tags=["profile"], responses={200: serializers.ProfileSerializer, 403: ERROR_403})
    def get(self, request):
        return Response(self.profile_body(request))

    @extend_schema(
        tags=["profile"],
        request={
            "application/json": serializers.ProfileUpdateSerializer,
            "multipart/form-data": serializers.ProfileUpdateSerializer,
        },
        responses={
            200: profile_or_resent(serializers.ProfileSerializer, "ProfileOrCodeResent"),
            202: serializers.ConsentPendingSerializer,
            **PROFILE_ERRORS,
        },
        examples=[RESEND_RESPONSE],
        description="Partial update. `attributes` keys are merged into the stored object (a key sent as null "
        "is removed). A phone change (SMS verification on) or, with consent confirmation on, a change to "
        "phone, email or the email/SMS/call permissions answers 202 and sends a code; the same request "
        'with `code` applies it. `resend: true` sends a fresh code and answers `{"message": "success"}`.',
    )
    def patch(self, request):
        body = self.update_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data, code, resend = body.split()
        change = services.profile_update(
            user=request.user,
            data=data,
            code=code,
            resend=resend,
            purpose=self.purpose,
            client_ip=client_ip(request),
            language=_language(request),
        )
        if change.status == services.ChangeStatus.RESENT:
            return Response({"message": "success"})
        if change.status == services.ChangeStatus.PENDING:
            return Response(self.pending_body(request, change.pending), status=status.HTTP_202_ACCEPTED)
        return Response(self.profile_body(request))


class LoyaltyProfileView(ProfileView):
    """`GET/PATCH /users/profile-with-loyalty/`: the profile, synchronised with the loyalty card."""

    update_serializer = serializers.LoyaltyProfileUpdateSerializer
    purpose = VerificationPurpose.LOYALTY_PROFILE

    def profile_body(self, request):
        user = selectors.user_with_loyalty(user_id=request.user.pk)
        return builders.loyalty_profile.of(user, request=request)

    def pending_body(self, request, pending: dict):
        return self.profile_body(request)

    @extend_schema(tags=["profile"], responses={200: serializers.LoyaltyProfileSerializer, 403: ERROR_403})
    def get(self, request):
        return super().get(request)

    @extend_schema(
        tags=["profile"],
        request=serializers.LoyaltyProfileUpdateSerializer,
        responses={
            200: profile_or_resent(serializers.LoyaltyProfileSerializer, "LoyaltyProfileOrCodeResent"),
            202: serializers.LoyaltyProfileSerializer,
            **PROFILE_ERRORS,
        },
        examples=[RESEND_RESPONSE],
        description="As `PATCH /users/profile/`, with `phone` and `date_of_birth` required; changed fields are "
        "sent to the loyalty-card service, and while it is unreachable `loyalty_card.status` is `pending` "
        "(the change is saved and retried).",
    )
    def patch(self, request):
        return super().patch(request)


class RegisterWithLoyaltyView(APIView):
    """`POST /users/register-with-loyalty/`: registration confirmed by an SMS code, optionally with a card."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [RegistrationIPThrottle]

    @extend_schema(
        tags=["profile"],
        request=serializers.RegisterWithLoyaltySerializer,
        responses={
            201: serializers.LoyaltyProfileSerializer,
            202: serializers.LoyaltyProfileSerializer,
            200: serializers.SuccessMessageSerializer,
            400: ERROR_400,
            406: PROFILE_ERRORS[406],
            429: CAPTCHA_OR_429,
        },
        examples=[RESEND_RESPONSE],
        description="Without `code` (SMS verification on) a code is sent to `phone` and the answer is 202 with "
        "the profile to be created (`id` null); the same body with `code` creates the user (201) and logs "
        "them in. `add_loyalty: true` opens a loyalty card.",
    )
    def post(self, request):
        body = serializers.RegisterWithLoyaltySerializer(
            data=request.data, context={"client_ip": client_ip(request), "request": request}
        )
        body.is_valid(raise_exception=True)
        data, code, resend = body.split()
        add_loyalty = data.pop("add_loyalty", False)
        attributes = data.pop("attributes", None) or {}
        data["attributes"] = {key: value for key, value in attributes.items() if value is not None}
        data.pop("avatar", None)
        result = services.user_register_with_loyalty(
            request=request,
            data=data,
            code=code,
            resend=resend,
            add_loyalty=add_loyalty,
            client_ip=client_ip(request),
            language=_language(request),
        )
        if result.status == services.ChangeStatus.RESENT:
            return Response({"message": "success"})
        if result.status == services.ChangeStatus.PENDING:
            # the profile that the code will create: no id and no join date yet
            draft = User(**{k: v for k, v in data.items() if k != "password"})
            draft.date_joined = None
            body = builders.loyalty_profile.of(draft, request=request)
            body["id"] = None
            return Response(body, status=status.HTTP_202_ACCEPTED)
        user = selectors.user_with_loyalty(user_id=result.user.pk)
        return Response(
            builders.loyalty_profile.of(user, request=request),
            status=status.HTTP_201_CREATED,
        )


class UserDetailView(APIView):
    """`GET /users/user/`."""

    @extend_schema(tags=["profile"], responses={200: serializers.UserDetailSerializer, 403: ERROR_403})
    def get(self, request):
        return Response(serializers.UserDetailSerializer(request.user).data)


class SegmentListView(APIView):
    """`GET /users/segments/`: the segments staff assigned to the user (not paginated, as the seed)."""

    @extend_schema(tags=["segments"], responses={200: serializers.SegmentSerializer(many=True), 403: ERROR_403})
    def get(self, request):
        segments = selectors.segments_for_user(user=request.user)
        return Response(serializers.SegmentSerializer(segments, many=True).data)


class SegmentSetView(APIView):
    """`POST /users/segments/<segment_id>/set/`: activate one of the user's segments for the session."""

    @extend_schema(
        tags=["segments"],
        request=None,
        responses={
            200: serializers.SegmentDetailSerializer,
            403: ERROR_403,
            406: OpenApiResponse(description='{"non_field_errors": "...", "error_code": "segment_100_1"}'),
        },
    )
    def post(self, request, segment_id: int):
        segment = services.segment_activate(request=request, user=request.user, segment_id=segment_id)
        return Response(serializers.SegmentDetailSerializer(segment).data)
