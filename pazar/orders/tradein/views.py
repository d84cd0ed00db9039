"""The owner's answer to a trade-in offer (seed 003): approve logged in, reject by the email's signed link."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pazar.orders import schema, selectors
from pazar.orders.tradein import services
from pazar.orders.tradein.tokens import tradein_reject_token_offer

TAGS = ["orders"]


class TradeInApproveView(APIView):
    """`GET /users/order_item/<pk>/tradein_approved/`: the logged-in owner accepts the offer (once)."""

    @extend_schema(
        tags=TAGS,
        responses={
            200: OpenApiResponse(
                OpenApiTypes.STR,
                description="A JSON string in the request's language.",
                examples=[schema.response_example("Approved", "Onaylama isleminiz gönderilmiştir.")],
            ),
            403: schema.ERROR_403,
            404: schema.ERROR_404,
            406: schema.ERROR_406_TRADEIN,
        },
    )
    def get(self, request, id: int):
        item = selectors.order_item_get(user=request.user, pk=id)
        services.tradein_offer_answer(order_item_id=item.pk, approve=True)
        return Response(_("Your approval has been sent."))


class TradeInRejectView(APIView):
    """`GET /users/order_item/<pk>/tradein_rejected/?token=...`: the link in the offer email rejects it, no login.

    The signed token names the item and the offer, so ids cannot be counted to reject others' offers.
    The logged-in owner needs no token (seed 003 calls it so); anyone else without a valid token
    gets the same 403 whether the item exists or not.
    """

    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        parameters=[
            OpenApiParameter(
                "token",
                str,
                description="The signed token of the offer email's link; not needed by the logged-in owner.",
                required=False,
            )
        ],
        responses={
            200: OpenApiResponse(
                OpenApiTypes.STR,
                description="A JSON string in the request's language.",
                examples=[schema.response_example("Rejected", "Reddetme işleminiz gönderilmiştir.")],
            ),
            403: OpenApiResponse(description='No token, or a wrong or expired one: {"detail": "..."}'),
            406: schema.ERROR_406_TRADEIN,
        },
    )
    def get(self, request, id: int):
        token = request.query_params.get("token", "")
        if token:
            offer_id = tradein_reject_token_offer(token=token, order_item_id=id)
            if offer_id is None:
                raise PermissionDenied(_("This link is not valid or has expired."))
        elif request.user.is_authenticated and selectors.order_item_owned(user=request.user, pk=id):
            offer_id = None  # the logged-in owner, as seed 003 calls it: the item's pending offer
        else:
            raise PermissionDenied(_("This link is not valid or has expired."))
        services.tradein_offer_answer(order_item_id=id, approve=False, offer_id=offer_id)
        return Response(_("Your rejection has been sent."))
