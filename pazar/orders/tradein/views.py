"""The owner's answer to a trade-in offer (seed 003): each answer needs the signed token of the email's link.

A GET without the token changes nothing, even from the owner's session: a navigation from another site
carries the session cookie (SameSite=Lax) but cannot know the token.
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pazar.orders import openapi, selectors
from pazar.orders.tradein import services
from pazar.orders.tradein.tokens import tradein_answer_token_offer

TAGS = ["orders"]

TOKEN_PARAMETER = OpenApiParameter(
    "token", str, description="The signed token of the offer email's link.", required=True
)


def _offer_of_link(request, *, order_item_id: int, approve: bool) -> int:
    """The offer the request's token names for this item and answer; a 403 when the token is missing or bad."""
    token = request.query_params.get("token", "")
    if not token:
        raise PermissionDenied(
            _("Open the link in the trade-in offer email: an answer without its token changes nothing.")
        )
    offer_id = tradein_answer_token_offer(token=token, order_item_id=order_item_id, approve=approve)
    if offer_id is None:
        raise PermissionDenied(_("This link is not valid or has expired."))
    return offer_id


class TradeInApproveView(APIView):
    """`GET /users/order_item/<pk>/tradein_approved/?token=...`: the logged-in owner accepts the offer (once).

    Login, ownership (another's item is a 404) and the email link's token are all needed.
    """

    @extend_schema(
        tags=TAGS,
        parameters=[TOKEN_PARAMETER],
        responses={
            200: OpenApiResponse(
                OpenApiTypes.STR,
                description="A JSON string in the request's language.",
                examples=[openapi.response_example("Approved", "Onaylama isleminiz gönderilmiştir.")],
            ),
            403: OpenApiResponse(
                description='Not logged in, or no token, or a wrong or expired one: {"detail": "..."}'
            ),
            404: openapi.ERROR_404,
            406: openapi.ERROR_406_TRADEIN,
        },
    )
    def get(self, request, id: int):
        item = selectors.order_item_get(user=request.user, pk=id)
        offer_id = _offer_of_link(request, order_item_id=item.pk, approve=True)
        services.tradein_offer_answer(order_item_id=item.pk, approve=True, offer_id=offer_id)
        return Response(_("Your approval has been sent."))


class TradeInRejectView(APIView):
    """`GET /users/order_item/<pk>/tradein_rejected/?token=...`: the link in the offer email rejects it, no login.

    The signed token names the item and the offer, so ids cannot be counted to reject others' offers,
    and a request without it (the owner's session included) gets a 403 whether the item exists or not.
    """

    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        parameters=[TOKEN_PARAMETER],
        responses={
            200: OpenApiResponse(
                OpenApiTypes.STR,
                description="A JSON string in the request's language.",
                examples=[openapi.response_example("Rejected", "Reddetme işleminiz gönderilmiştir.")],
            ),
            403: OpenApiResponse(description='No token, or a wrong or expired one: {"detail": "..."}'),
            406: openapi.ERROR_406_TRADEIN,
        },
    )
    def get(self, request, id: int):
        offer_id = _offer_of_link(request, order_item_id=id, approve=False)
        services.tradein_offer_answer(order_item_id=id, approve=False, offer_id=offer_id)
        return Response(_("Your rejection has been sent."))
