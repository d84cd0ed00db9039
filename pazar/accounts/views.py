"""Login, registration, logout and the current user, as the storefront calls them."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pazar.accounts import serializers, services
from pazar.core.throttling import LoginIPThrottle, RegistrationIPThrottle

ERROR_400 = OpenApiResponse(description='Field errors: {"field": ["message"]} or {"non_field_errors": [...]}')
ERROR_429 = OpenApiResponse(description='Too many attempts: {"detail": "..."}')
ERROR_403 = OpenApiResponse(description='Not logged in, or a session write without CSRF: {"detail": "..."}')
TOKEN_EXAMPLE = OpenApiExample("Token", response_only=True, value={"key": "b4a04e625f1f3eba3538d1fc19da9e8e8aeba285"})


class LoginView(APIView):
    """`POST /users/login/`: no CSRF needed, the storefront's server posts it for the shopper."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginIPThrottle]

    @extend_schema(
        tags=["auth"],
        request=serializers.LoginSerializer,
        responses={200: serializers.TokenSerializer, 400: ERROR_400, 429: ERROR_429},
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
        responses={201: serializers.TokenSerializer, 400: ERROR_400, 429: ERROR_429},
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
        body = serializers.RegistrationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        confirm = data.pop("confirm")
        data["attributes"] = {"confirm": confirm}
        _user, key = services.user_register(request=request, **data)
        return Response({"key": key}, status=status.HTTP_201_CREATED)


class LogoutView(APIView):
    """`POST /users/logout/`: ends the session (and revokes the token when one was used)."""

    permission_classes = [AllowAny]

    @extend_schema(
        tags=["auth"], request=None, responses={200: OpenApiResponse(description="Logged out."), 403: ERROR_403}
    )
    def post(self, request):
        services.user_logout(request=request)
        return Response({"detail": "Successfully logged out."})


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
        return Response(serializers.CurrentUserSerializer(request.user).data)
