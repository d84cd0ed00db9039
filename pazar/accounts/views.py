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


class LoginView(APIView):
    """`POST /users/login/`: no CSRF needed, the storefront's server posts it for the shopper."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginIPThrottle]

    @extend_schema(
        tags=["auth"],
        request=serializers.LoginSerializer,
        responses={200: serializers.TokenSerializer, 400: ERROR_400, 429: ERROR_429},
        examples=[OpenApiExample("Login", value={"email": "ayse@pazar.local", "password": "..."}, request_only=True)],
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

    @extend_schema(tags=["auth"], request=None, responses={200: OpenApiResponse(description="Logged out.")})
    def post(self, request):
        services.user_logout(request=request)
        return Response({"detail": "Successfully logged out."})


class CurrentUserView(APIView):
    """`GET /current_user/`: the logged-in user; anonymous → 403."""

    @extend_schema(tags=["auth"], responses={200: serializers.CurrentUserSerializer, 403: OpenApiResponse()})
    def get(self, request):
        return Response(serializers.CurrentUserSerializer(request.user).data)
