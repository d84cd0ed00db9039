"""`GET /users/contact-us-subjects/` and `POST /users/contact-us/` (no login needed)."""

from django.utils import translation
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pazar.core.net import client_ip
from pazar.core.parsers import JSONParser
from pazar.support import error_codes, selectors, services
from pazar.support.serializers import ContactUsSerializer, ContactUsSubjectSerializer


class ContactUsSubjectListView(APIView):
    """Active subjects in staff-set order, not paginated (seed 000)."""

    permission_classes = [AllowAny]

    @extend_schema(tags=["support"], responses={200: ContactUsSubjectSerializer(many=True)})
    def get(self, request):
        return Response(ContactUsSubjectSerializer(selectors.contact_us_subjects(), many=True).data)


class ContactUsView(APIView):
    """The contact form: stored, emailed to the mailbox its `operation` names, acknowledged to the sender."""

    permission_classes = [AllowAny]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=["support"],
        request={"application/json": ContactUsSerializer, "multipart/form-data": ContactUsSerializer},
        responses={
            200: OpenApiResponse(description="Sent; the body is empty."),
            400: OpenApiResponse(description='Field errors: {"field": ["message"]}'),
            429: OpenApiResponse(description='Too many messages: {"detail": "..."}'),
        },
        examples=[
            OpenApiExample(
                "Contact",
                request_only=True,
                value={"message": "test", "email": "test@test.com", "full_name": "testname", "subject": 1},
            )
        ],
    )
    def post(self, request):
        user = request.user if request.user.is_authenticated else None
        body = ContactUsSerializer(data=request.data, context={"user": user})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        recipient = services.contact_us_recipient(operation=data.get("operation"))
        if recipient is None:
            raise exceptions.ValidationError({"operation": [error_codes.UNKNOWN_OPERATION]})
        ip = client_ip(request)
        services.contact_us_throttle(email=data["email"], client_ip=ip)
        services.contact_us_submit(
            subject=data["subject"],
            full_name=data["full_name"],
            email=data["email"],
            phone=data.get("phone") or "",
            message=data["message"],
            order=data["order"],
            operation=data.get("operation") or "",
            attachment=data.get("file"),
            recipient=recipient,
            language=translation.get_language() or "en",
            user=user,
            client_ip=ip,
        )
        return Response(status=status.HTTP_200_OK)
