"""`/users/pz-captcha/`: the captcha the storefront shows when a login answers the challenge."""

from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pazar.accounts.captcha import services as captcha
from pazar.core.net import client_ip
from pazar.core.parsers import JSONParser

# The client takes the site key and the CSRF token out of this html with regular expressions
# (`sitekey=["']\w+`, `name=['"]csrfmiddlewaretoken['"] value=['"]\w+`): keep both attributes so.
FORM_HTML = (
    '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{}" />'
    '<div class="g-recaptcha" data-sitekey="{}" id="id_captcha" required></div>'
    '<input type="submit" value="{}"></form>'
)

CaptchaFormSerializer = inline_serializer(
    "CaptchaForm",
    {"html": serializers.CharField(), "siteKey": serializers.CharField(), "csrfToken": serializers.CharField()},
)
CaptchaAnswerSerializer = inline_serializer(
    "CaptchaAnswer",
    {"success": serializers.BooleanField(), "location": serializers.CharField(required=False)},
)


class CaptchaBodySerializer(serializers.Serializer):
    """The form the storefront posts (`useFormData`): the widget's answer."""

    def get_fields(self):
        # The field's name has hyphens, so it cannot be a class attribute.
        return {"g-recaptcha-response": serializers.CharField(max_length=4096, trim_whitespace=False)}


class CaptchaView(APIView):
    """GET: the captcha form (site key, CSRF token); POST: check an answer, grant the session one login."""

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [FormParser, MultiPartParser, JSONParser]

    @extend_schema(
        tags=["auth"],
        responses={200: CaptchaFormSerializer},
        examples=[
            OpenApiExample(
                "Captcha form",
                response_only=True,
                value={"html": "<form method=...>...</form>", "siteKey": "sandbox", "csrfToken": "Qm9...x"},
            )
        ],
    )
    def get(self, request):
        token = get_token(request)  # also sets the csrftoken cookie
        site_key = captcha.verifier().site_key
        html = format_html(FORM_HTML, token, site_key, _("Continue"))
        return Response({"html": html, "siteKey": site_key, "csrfToken": token})

    @extend_schema(
        tags=["auth"],
        request={
            "application/x-www-form-urlencoded": CaptchaBodySerializer,
            "multipart/form-data": CaptchaBodySerializer,
            "application/json": CaptchaBodySerializer,
        },
        responses={
            200: CaptchaAnswerSerializer,
            400: OpenApiResponse(description='{"g-recaptcha-response": ["This field is required."]}'),
            403: OpenApiResponse(description='Without the CSRF token: {"detail": "CSRF Failed: ..."}'),
            503: OpenApiResponse(description='The provider did not answer (Retry-After): {"detail": "..."}'),
        },
        examples=[
            OpenApiExample("Solved", response_only=True, value={"success": True, "location": "/"}),
            OpenApiExample("Not solved", response_only=True, value={"success": False}),
        ],
    )
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)
        body = CaptchaBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answer = body.validated_data["g-recaptcha-response"]
        if not captcha.verifier().verify(response=answer, remote_ip=client_ip(request)):
            return Response({"success": False})
        captcha.captcha_pass_grant(request=request)
        # The client counts a success when `location` is "/" (the platform's redirect after it).
        return Response({"success": True, "location": "/"})
