"""The authorization matrix: every route that reaches per-user or per-seller data, every method, every role.

The URL configuration is walked, so a new route fails `test_every_route_is_in_the_matrix_or_listed`
until it is added here (with its owner's objects and the answers each role gets) or to
`NOT_IN_MATRIX` with the reason it needs no owner.

Roles: the owner (a shopper, or the seller of the owner's datasource on the sellers' API), another
shopper, the seller of another datasource, a staff user, and an anonymous caller. Each call is
made with a token (no CSRF: CSRF is tested on its own). For each refused call the test checks that
the answer carries none of the owner's data (their email, order numbers, message text, segment
name) and that nothing of the owner's changed in the database.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from pazar.accounts.models import AccountLink, AccountLinkPurpose, Segment, User
from pazar.accounts.services import token_for
from pazar.accounts.tests.factories import SellerUserFactory, StaffUserFactory, UserFactory
from pazar.addresses.models import Address
from pazar.addresses.tests.factories import AddressFactory
from pazar.catalog.tests.factories import ChannelFactory, DataSourceFactory, PriceListFactory, ProductFactory
from pazar.conversations.models import Conversation, Message
from pazar.conversations.tests.factories import ConversationFactory, MessageFactory
from pazar.loyalty.models import LoyaltyAccount
from pazar.orders.models import CancellationRequest, CancellationType, Order, OrderItem, TradeInOffer
from pazar.orders.tests.factories import (
    CancellationReasonFactory,
    DiscountItemFactory,
    OldOrderFactory,
    OldOrderItemFactory,
    OrderFactory,
    OrderItemFactory,
    TradeInOfferFactory,
)
from pazar.orders.tradein.tokens import tradein_approve_token, tradein_reject_token
from pazar.support.models import ContactUsMessage
from pazar.support.tests.factories import ContactUsSubjectFactory
from pazar.wishlists.models import FavouriteProduct, ProductAlert
from pazar.wishlists.tests.factories import FavouriteProductFactory, ProductAlertFactory

ROLES = ("owner", "other_shopper", "other_seller", "staff", "anonymous")
ANONYMOUS = {401, 403}
SECRET_MESSAGE = "owner-secret-message-7f3a"
SECRET_SEGMENT = "Owner Secret Segment"

# Routes with no owner, and why. Their behaviour is tested in their own app's tests.
NOT_IN_MATRIX = {
    "health/": "public: database health",
    "health/ready/": "public: readiness checks, no personal data (core/tests/test_readiness.py)",
    "metrics": "token or address allow-list, aggregate figures only (core/tests/test_metrics.py)",
    "csrf_token/": "public: hands out a CSRF token",
    "users/login/": "public: authentication (captcha past its thresholds; accounts/tests)",
    "users/registration/": "public: creates a new account, touches no existing one",
    "users/pz-captcha/": "public: the captcha; a pass goes to the caller's own session (accounts/tests)",
    "users/logout/": "ends the caller's own session or token only",
    "users/register-with-loyalty/": "public: creates a new account, touches no existing one",
    "users/password/reset/": "public: the same answer for every address; the link goes to the account's own email",
    "users/registration/resend-email/": "public: the same answer for every address; the link goes to its own email",
    "users/orders/cancellation_reasons/": "public reference data (reasons staff configure)",
    "email-subscription/": "public newsletter form: the same answer for every address; with "
    "NEWSLETTER_DOUBLE_OPT_IN only the address's holder subscribes it (preferences/tests)",
    "email-subscription/confirm/<str:token>/": "an emailed one-time link: whoever holds it confirms that "
    "address only (preferences/tests)",
    "email-subscription/unsubscribe/<str:token>/": "an emailed signed link: it unsubscribes its own address "
    "only (preferences/tests)",
    "users/activate-currency/": "the caller's own session only (preferences/tests)",
    "users/contact-us-subjects/": "public reference data (subjects staff configure)",
    "public-questions/": "public by design: only published questions, no personal data (public list tests)",
    "public-reviews/": "public by design: only published reviews, no personal data (public list tests)",
    "api/schema/": "public: the OpenAPI document",
    "api/docs/": "public: Swagger UI",
    "admin/": "Django admin: staff login and model permissions",
    "address/country/": "public reference data (cached location list; addresses/tests)",
    "address/city/": "public reference data (cached location list; addresses/tests)",
    "address/township/": "public reference data (cached location list; addresses/tests)",
    "address/district/": "public reference data (cached location list; addresses/tests)",
    "^": "the catch-all JSON 404",
}
# Routes that exist only in some configurations.
OPTIONAL = {
    "^media/(?P<path>.*)$": "DEBUG only: public media (avatars, product images); private files are not under it",
}


@dataclass
class World:
    """Two shoppers, two sellers, staff, and everything the owner (shopper `owner`, seller `seller`) has."""

    owner: User
    other_shopper: User
    seller: User
    other_seller: User
    staff: User
    objects: dict = field(default_factory=dict)

    def markers(self) -> list[str]:
        """Strings that only the owner's data contains."""
        o = self.objects
        return [self.owner.email, o["order"].number, o["old_order"].number, SECRET_MESSAGE, SECRET_SEGMENT]

    def snapshot(self) -> dict:
        """Every row of the owner's data, as plain values."""
        owner = self.owner
        querysets = {
            "user": User.objects.filter(pk=owner.pk),
            "order": Order.objects.filter(user=owner),
            "item": OrderItem.objects.filter(order__user=owner),
            "request": CancellationRequest.objects.filter(order_item__order__user=owner),
            "tradein": TradeInOffer.objects.filter(order_item__order__user=owner),
            "conversation": Conversation.objects.filter(user=owner),
            "message": Message.objects.filter(conversation__user=owner),
            "loyalty": LoyaltyAccount.objects.filter(user=owner),
            "contact": ContactUsMessage.objects.filter(order__user=owner),
            "address": Address.objects.filter(user=owner),
            "favourite": FavouriteProduct.objects.filter(user=owner),
            "alert": ProductAlert.objects.filter(user=owner),
        }
        return {name: sorted(map(repr, qs.order_by("pk").values())) for name, qs in querysets.items()}


def _world() -> World:
    datasource, other_datasource = DataSourceFactory(), DataSourceFactory()
    ChannelFactory(pk=1)
    owner = UserFactory(email="owner.only@example.com", phone="+905551230001")
    world = World(
        owner=owner,
        other_shopper=UserFactory(),
        seller=SellerUserFactory(datasource=datasource),
        other_seller=SellerUserFactory(datasource=other_datasource),
        staff=StaffUserFactory(),
    )
    product = ProductFactory(data_source=datasource)
    order = OrderFactory(user=owner)
    DiscountItemFactory(order=order)
    item = OrderItemFactory(order=order, product=product)
    second_item = OrderItemFactory(order=order, product=product)
    delivered = OrderItemFactory(order=order, product=product, delivered=True)
    offer = TradeInOfferFactory(order_item=OrderItemFactory(order=order, product=product, delivered=True))
    old_order = OldOrderFactory(user=owner, number="OLD-OWNER-77")
    OldOrderItemFactory(old_order=old_order)
    conversation = ConversationFactory(user=owner, datasource=datasource, product=product)
    MessageFactory(conversation=conversation, message_content=SECRET_MESSAGE)
    segment = Segment.objects.create(name_en=SECRET_SEGMENT, price_list=PriceListFactory())
    segment.users.add(owner)
    world.objects.update(
        datasource=datasource,
        order=order,
        item=item,
        second_item=second_item,
        delivered=delivered,
        offer=offer,
        old_order=old_order,
        conversation=conversation,
        segment=segment,
        address=AddressFactory(user=owner),
        cancel_reason=CancellationReasonFactory(cancellation_type=CancellationType.CANCEL),
        subject=ContactUsSubjectFactory(is_order_needed=True),
        favourite=FavouriteProductFactory(user=owner),
        alert=ProductAlertFactory(user=owner),
        wished=ProductFactory(),  # in nobody's favourites or alerts yet
    )
    return world


# --- what each route is, for whom ----------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One method on one route: the request (built from the owner's objects) and who may do it."""

    method: str
    request: object  # (World) -> (url, body or None)
    allowed: tuple[str, ...]  # roles answered 2xx with the owner's data (or acting on it)
    refused: tuple[int, ...] = (404,)  # what the other signed-in roles get
    per_user: bool = False  # others get 2xx too, but about themselves: never the owner's data


def _get(path):
    return lambda w: (path(w) if callable(path) else path, None)


def _message_body(w):
    o = w.objects
    body = {
        "conversation": o["conversation"].pk,
        "message_content": "written by whoever calls",
        "user_type": "registered",
        "content_type": "user",
        "content_id": w.owner.pk,
    }
    return "/users/messages/", body


def _conversation_body(w):
    o = w.objects
    body = {
        "conversation_type": "question",
        "user": w.owner.pk,
        "user_type": "registered",
        "message_content": "a question in the owner's name",
        "datasource": o["datasource"].pk,
        "content_type": "user",
        "content_id": w.owner.pk,
        "item_content": "product",
        "item_id": o["conversation"].product_id,
    }
    return "/users/conversations/", body


def _remote_message_body(w):
    o = w.objects
    body = {
        "conversation": o["conversation"].pk,
        "message_content": "a reply in the seller's name",
        "user_type": "registered",
        "content_type": "datasource",
        "content_id": o["datasource"].pk,
    }
    return "/api/v1/remote/1/messages/", body


def _remote_conversation_body(w):
    o = w.objects
    body = {
        "conversation_type": "question",
        "user": w.owner.pk,
        "user_type": "registered",
        "message_content": "a conversation in the seller's name",
        "datasource": o["datasource"].pk,
        "content_type": "datasource",
        "content_id": o["datasource"].pk,
    }
    return "/api/v1/remote/1/conversations/", body


def _cancellation_body(w):
    o = w.objects
    return "/users/orders/cancellation_requests/", {
        "order_item": o["item"].pk,
        "reason": o["cancel_reason"].pk,
        "cancellation_type": "cancel",
    }


def _bulk_body(w):
    o = w.objects
    entry = {"order_item": o["second_item"].pk, "reason": o["cancel_reason"].pk, "cancellation_type": "cancel"}
    return "/users/orders/bulk_cancellation_requests/", {"cancel_order_items": [entry]}


def _order_cancel_body(w):
    o = w.objects
    entry = {"order_item": str(o["item"].pk), "reason": str(o["cancel_reason"].pk), "cancellation_type": "cancel"}
    return f"/orders/{o['order'].pk}/cancel/", {"return_policy": True, "cancel_order_items": [entry]}


def _contact_body(w):
    o = w.objects
    return "/users/contact-us/", {
        "subject": o["subject"].pk,
        "full_name": "Someone",
        "email": w.owner.email,
        "message": "About this order",
        "order": o["order"].pk,
    }


def _address_body(w):
    """A new address as the client's form posts it (ids as strings), on the owner's city."""
    a = w.objects["address"]
    return "/address/", {
        "type": "personal",
        "is_corporate": "false",
        "title": "Whoever calls",
        "first_name": "Some",
        "last_name": "One",
        "phone_number": "05321234567",
        "country": str(a.country_id),
        "city": str(a.city_id),
        "township": str(a.township_id),
        "district": str(a.district_id),
        "line": "Written by whoever calls",
        "postcode": "34000",
    }


def _address_url(w):
    return f"/address/{w.objects['address'].pk}/"


def _profile_patch(path, **required):
    def build(w):
        return path, {"first_name": "Hijacked", **{k: v(w) for k, v in required.items()}}

    return build


# the loyalty profile requires a phone: the owner's own number, which nobody else may take
_LOYALTY_REQUIRED = {"phone": lambda w: w.owner.phone, "date_of_birth": lambda w: "1990-01-01"}


def _reject_link(w):
    offer = w.objects["offer"]
    token = tradein_reject_token(order_item_id=offer.order_item_id, offer_id=offer.pk)
    return f"/users/order_item/{offer.order_item_id}/tradein_rejected/?token={token}", None


def _approve_link(w):
    offer = w.objects["offer"]
    token = tradein_approve_token(order_item_id=offer.order_item_id, offer_id=offer.pk)
    return f"/users/order_item/{offer.order_item_id}/tradein_approved/?token={token}", None


def _reject_link_of_another_item(w):
    """The caller's own offer's token, used on the owner's item."""
    offer = w.objects["offer"]
    theirs = TradeInOfferFactory()
    token = tradein_reject_token(order_item_id=theirs.order_item_id, offer_id=theirs.pk)
    return f"/users/order_item/{offer.order_item_id}/tradein_rejected/?token={token}", None


ACCOUNT_PASSWORD = "correct-Horse-battery-9"  # every factory user's


def _account_link(purpose, email=None):
    """A link of the owner's, as the email carries it (the path holds the token, the row names the owner)."""

    def build(w):
        token = f"owner-link-token-{purpose}"
        AccountLink.objects.create(
            user=w.owner,
            purpose=purpose,
            email=email or w.owner.email,
            token_hash=hashlib.sha256(token.encode()).hexdigest(),
            expires_at=timezone.now() + timedelta(hours=1),
        )
        prefix = {
            AccountLinkPurpose.EMAIL_CHANGE: "/users/email-set-primary/",
            AccountLinkPurpose.EMAIL_CONFIRM: "/users/registration/account-confirm-email/",
        }[purpose]
        return f"{prefix}{token}/", None

    return build


def _reset_slug(w, *, token_of=None):
    uid = urlsafe_base64_encode(force_bytes(w.owner.pk))
    token = default_token_generator.make_token(token_of(w) if token_of else w.owner)
    return f"/users/reset/{uid}-{token}/", {
        "new_password1": "a-fresh-Passphrase-77",
        "new_password2": "a-fresh-Passphrase-77",
    }


SHOPPER_ONLY = ("owner",)
MATRIX = {
    # the caller's own account: everyone signed in gets their own, never the owner's
    "current_user/": [Call("GET", _get("/current_user/"), SHOPPER_ONLY, per_user=True)],
    "users/user/": [Call("GET", _get("/users/user/"), SHOPPER_ONLY, per_user=True)],
    "users/profile/": [
        Call("GET", _get("/users/profile/"), SHOPPER_ONLY, per_user=True),
        Call("PATCH", _profile_patch("/users/profile/"), SHOPPER_ONLY, per_user=True),
    ],
    "users/profile-with-loyalty/": [
        Call("GET", _get("/users/profile-with-loyalty/"), SHOPPER_ONLY, per_user=True),
        Call(
            "PATCH",
            _profile_patch("/users/profile-with-loyalty/", **_LOYALTY_REQUIRED),
            SHOPPER_ONLY,
            refused=(400,),
            per_user=True,
        ),
    ],
    "account/loyalty-account-balance/": [
        Call("GET", _get("/account/loyalty-account-balance/"), SHOPPER_ONLY, per_user=True)
    ],
    "account/loyalty/": [Call("GET", _get("/account/loyalty/"), SHOPPER_ONLY, per_user=True)],
    # the offers pages: the caller's own (the owner's order discounts are theirs only)
    "account/basket-offers/": [Call("GET", _get("/account/basket-offers/"), SHOPPER_ONLY, per_user=True)],
    "account/future-basket-offers/": [Call("GET", _get("/account/future-basket-offers/"), SHOPPER_ONLY, per_user=True)],
    "account/expired-basket-offers/": [
        Call("GET", _get("/account/expired-basket-offers/"), SHOPPER_ONLY, per_user=True)
    ],
    "account/discount-items/": [Call("GET", _get("/account/discount-items/"), SHOPPER_ONLY, per_user=True)],
    "users/segments/": [Call("GET", _get("/users/segments/"), SHOPPER_ONLY, per_user=True)],
    "users/segments/<int:segment_id>/set/": [
        Call(
            "POST",
            lambda w: (f"/users/segments/{w.objects['segment'].pk}/set/", None),
            SHOPPER_ONLY,
            refused=(406,),  # seed 002: segment_100_1
        )
    ],
    # the account lifecycle: the caller's own account (everyone signed in changes their own)
    "users/password/change/": [
        Call(
            "POST",
            lambda w: (
                "/users/password/change/",
                {
                    "old_password": ACCOUNT_PASSWORD,
                    "new_password1": "a-fresh-Passphrase-77",
                    "new_password2": "a-fresh-Passphrase-77",
                },
            ),
            SHOPPER_ONLY,
            refused=(400,),
            per_user=True,
        )
    ],
    "users/email-change/": [
        Call(
            "POST",
            lambda w: (
                "/users/email-change/",
                {
                    "email": "brand.new@example.com",
                    "emailConfirm": "brand.new@example.com",
                    "password": ACCOUNT_PASSWORD,
                },
            ),
            SHOPPER_ONLY,
            refused=(400,),
            per_user=True,
        )
    ],
    "users/anonymize/": [
        Call("PATCH", lambda w: ("/users/anonymize/", {"password": ACCOUNT_PASSWORD}), SHOPPER_ONLY, per_user=True)
    ],
    # emailed links are capabilities: whoever holds the link acts (no login, as the email's link);
    # without it nobody gets anywhere, and one user's token never opens another's account
    "users/email-set-primary/<str:token>/": [
        Call("GET", _account_link(AccountLinkPurpose.EMAIL_CHANGE, "owner.moved@example.com"), ROLES),
        Call("GET", _get("/users/email-set-primary/not-a-real-token/"), (), (400,)),
    ],
    "users/registration/account-confirm-email/<str:token>/": [
        Call("GET", _account_link(AccountLinkPurpose.EMAIL_CONFIRM), ROLES),
        Call("GET", _get("/users/registration/account-confirm-email/not-a-real-token/"), (), (400,)),
    ],
    "users/reset/<str:slug>/": [
        Call("POST", _reset_slug, ROLES),
        Call("POST", lambda w: _reset_slug(w, token_of=lambda w: w.other_shopper), (), (400,)),
    ],
    # a guest's order: whoever gives the order's email and number (no login); anything else one 404
    "users/orders/anonymous/": [
        Call(
            "POST",
            lambda w: ("/users/orders/anonymous/", {"email": w.owner.email, "number": w.objects["order"].number}),
            ROLES,
        ),
        Call(
            "POST",
            lambda w: (
                "/users/orders/anonymous/",
                {"email": w.other_shopper.email, "number": w.objects["order"].number},
            ),
            (),
            (404,),
        ),
    ],
    # the address book: everyone signed in has their own; another's address is a 404
    "address/": [
        Call("GET", _get("/address/"), SHOPPER_ONLY, per_user=True),
        Call("POST", _address_body, SHOPPER_ONLY, refused=(201,), per_user=True),
    ],
    "address/detailed/": [Call("GET", _get("/address/detailed/"), SHOPPER_ONLY, per_user=True)],
    "address/<int:pk>/": [
        Call("GET", _get(_address_url), SHOPPER_ONLY),
        Call("PATCH", lambda w: (_address_url(w), {"line": "Hijacked", "primary": True}), SHOPPER_ONLY),
        Call("DELETE", _get(_address_url), SHOPPER_ONLY),
    ],
    # favourites and stock alerts: everyone signed in has their own; another's id is a 404
    "wishlists/favourite-products/": [
        Call("GET", _get("/wishlists/favourite-products/"), SHOPPER_ONLY, per_user=True),
        Call(
            "POST",
            lambda w: ("/wishlists/favourite-products/", {"product": w.objects["wished"].pk}),
            SHOPPER_ONLY,
            refused=(201,),
            per_user=True,
        ),
    ],
    "wishlists/favourite-products/<int:pk>/": [
        Call("DELETE", _get(lambda w: f"/wishlists/favourite-products/{w.objects['favourite'].pk}/"), SHOPPER_ONLY)
    ],
    "wishlists/product-alerts/": [
        Call("GET", _get("/wishlists/product-alerts/"), SHOPPER_ONLY, per_user=True),
        Call(
            "POST",
            lambda w: ("/wishlists/product-alerts/", {"product": w.objects["wished"].pk, "email": w.owner.email}),
            SHOPPER_ONLY,
            refused=(400,),  # the owner's email is not theirs to use
        ),
    ],
    "wishlists/product-alerts/<int:pk>/": [
        Call("DELETE", _get(lambda w: f"/wishlists/product-alerts/{w.objects['alert'].pk}/"), SHOPPER_ONLY)
    ],
    # orders
    "users/orders/": [Call("GET", _get("/users/orders/"), SHOPPER_ONLY, per_user=True)],
    "users/orders/<int:id>/": [Call("GET", _get(lambda w: f"/users/orders/{w.objects['order'].pk}/"), SHOPPER_ONLY)],
    "users/orders/<int:id>/cancellation/": [
        Call("GET", _get(lambda w: f"/users/orders/{w.objects['order'].pk}/cancellation/"), SHOPPER_ONLY)
    ],
    "users/orders/cancellation_requests/": [
        Call("GET", _get("/users/orders/cancellation_requests/"), SHOPPER_ONLY, per_user=True),
        Call("POST", _cancellation_body, SHOPPER_ONLY),
    ],
    "users/orders/bulk_cancellation_requests/": [Call("POST", _bulk_body, SHOPPER_ONLY, refused=(400, 404))],
    "orders/<int:id>/cancel/": [Call("POST", _order_cancel_body, SHOPPER_ONLY)],
    "users/old-orders/": [Call("GET", _get("/users/old-orders/"), SHOPPER_ONLY, per_user=True)],
    "users/old-orders/<int:id>/": [
        Call("GET", _get(lambda w: f"/users/old-orders/{w.objects['old_order'].pk}/"), SHOPPER_ONLY)
    ],
    # approving needs the logged-in owner and the offer email's signed token; without the token,
    # the owner's session included (a cross-site navigation carries it), nobody changes anything
    "users/order_item/<int:id>/tradein_approved/": [
        Call("GET", _approve_link, SHOPPER_ONLY),
        Call(
            "GET",
            _get(lambda w: f"/users/order_item/{w.objects['offer'].order_item_id}/tradein_approved/"),
            (),
            (403, 404),
        ),
    ],
    # rejecting is a capability: the signed link in the offer email works for whoever holds it (no
    # login, as the seed's email link), and without it (or with another offer's) nobody's does
    "users/order_item/<int:id>/tradein_rejected/": [
        Call("GET", _reject_link, ROLES),
        Call(
            "GET",
            _get(lambda w: f"/users/order_item/{w.objects['offer'].order_item_id}/tradein_rejected/"),
            (),
            (403,),
        ),
        Call("GET", _reject_link_of_another_item, (), (403,)),
    ],
    # contact-us names an order: its owner, or a visitor giving the email the order was placed with
    # (the form needs no login); a signed-in stranger gets the answer a missing order gets
    "users/contact-us/": [Call("POST", _contact_body, ("owner", "anonymous"), refused=(400,))],
    # a shopper's conversations: seed 001 answers 403 for anyone else's, existing or not
    "users/conversations/": [
        Call("GET", _get("/users/conversations/"), SHOPPER_ONLY, per_user=True),
        Call("POST", _conversation_body, SHOPPER_ONLY, refused=(400, 403)),
    ],
    "users/conversations/<int:pk>/": [
        Call("GET", _get(lambda w: f"/users/conversations/{w.objects['conversation'].pk}/"), SHOPPER_ONLY, (403,))
    ],
    "users/messages/": [
        Call("GET", _get("/users/messages/"), SHOPPER_ONLY, per_user=True),
        Call("POST", _message_body, SHOPPER_ONLY, refused=(400, 403)),
    ],
    # the sellers' API: the owner is the seller of the conversation's datasource; staff act for any
    "api/v1/remote/<int:channel_id>/conversations/": [
        Call("GET", _get("/api/v1/remote/1/conversations/"), ("owner", "staff"), (403,), per_user=True),
        Call("POST", _remote_conversation_body, ("owner", "staff"), refused=(400, 403, 404)),
    ],
    "api/v1/remote/<int:channel_id>/messages/": [
        Call("GET", _get("/api/v1/remote/1/messages/"), ("owner", "staff"), (403,), per_user=True),
        Call("POST", _remote_message_body, ("owner", "staff"), refused=(400, 403, 404)),
    ],
    # one conversation of the seller's (docs/sellers.md): another datasource's is a 404
    "api/v1/remote/<int:channel_id>/conversations/<int:pk>/": [
        Call(
            "GET",
            _get(lambda w: f"/api/v1/remote/1/conversations/{w.objects['conversation'].pk}/"),
            ("owner", "staff"),
            (403, 404),
        )
    ],
    # a seller's own figures and settings; staff name a seller (metrics) or use the admin (settings)
    "api/v1/remote/<int:channel_id>/conversations/metrics/": [
        Call("GET", _get("/api/v1/remote/1/conversations/metrics/"), ("owner",), (400, 403), per_user=True)
    ],
    "api/v1/remote/<int:channel_id>/notification-settings/": [
        Call("GET", _get("/api/v1/remote/1/notification-settings/"), ("owner",), (403, 404), per_user=True),
        Call(
            "PATCH",
            lambda w: ("/api/v1/remote/1/notification-settings/", {"emails": ["orders@example.com"]}),
            ("owner",),
            (403, 404),
            per_user=True,
        ),
    ],
}
SELLER_ROUTES = {
    "api/v1/remote/<int:channel_id>/conversations/",
    "api/v1/remote/<int:channel_id>/messages/",
    "api/v1/remote/<int:channel_id>/conversations/<int:pk>/",
    "api/v1/remote/<int:channel_id>/conversations/metrics/",
    "api/v1/remote/<int:channel_id>/notification-settings/",
}


# --- walking the URL configuration -----------------------------------------------------------------


def _routes(patterns=None, prefix=""):
    """(pattern, view class or function) for every route, includes flattened; the admin as one."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if pattern == "admin/":
                yield pattern, None
                continue
            yield from _routes(entry.url_patterns, pattern)
        elif isinstance(entry, URLPattern):
            yield pattern, getattr(entry.callback, "cls", None) or getattr(entry.callback, "view_class", None)


def _methods(view_class) -> set[str]:
    return {m.upper() for m in view_class.http_method_names if m not in {"head", "options"} and hasattr(view_class, m)}


def test_every_route_is_in_the_matrix_or_listed():
    routes = dict(_routes())

    unlisted = sorted(set(routes) - set(MATRIX) - set(NOT_IN_MATRIX) - set(OPTIONAL))
    gone = sorted((set(MATRIX) | set(NOT_IN_MATRIX)) - set(routes))

    assert unlisted == [], "add these routes to MATRIX (or to NOT_IN_MATRIX, with the reason)"
    assert gone == [], "these listed routes no longer exist"


def test_every_method_of_a_matrix_route_is_called():
    routes = dict(_routes())

    missing = {
        pattern: sorted(_methods(routes[pattern]) - {call.method for call in calls})
        for pattern, calls in MATRIX.items()
        if _methods(routes[pattern]) - {call.method for call in calls}
    }

    assert missing == {}


# --- the matrix ------------------------------------------------------------------------------------


def _client(world: World, role: str, pattern: str) -> APIClient:
    client = APIClient()
    if role == "anonymous":
        return client
    user = {
        "owner": world.seller if pattern in SELLER_ROUTES else world.owner,
        "other_shopper": world.other_shopper,
        "other_seller": world.other_seller,
        "staff": world.staff,
    }[role]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user=user)}")
    return client


CASES = [
    pytest.param(pattern, index, role, id=f"{call.method} {pattern} as {role}")
    for pattern, calls in MATRIX.items()
    for index, call in enumerate(calls)
    for role in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("pattern", "index", "role"), CASES)
def test_who_gets_what(pattern, index, role, settings):
    settings.MESSAGE_POST_PER_USER_PER_MINUTE = 1000
    call = MATRIX[pattern][index]
    world = _world()
    url, body = call.request(world)
    before = world.snapshot()

    # when the role calls the route
    response = _client(world, role, pattern).generic(
        call.method, url, None if body is None else __import__("json").dumps(body), content_type="application/json"
    )
    text = response.content.decode()

    if role in call.allowed:
        # then the owner (or staff on the sellers' API) is answered
        assert 200 <= response.status_code < 300, (response.status_code, text[:500])
        return
    if role == "anonymous":
        expected = ANONYMOUS | (set(call.refused) if call.allowed == () else set())
    elif call.per_user:
        expected = {200} | set(call.refused)
    else:
        expected = set(call.refused)
    # then everyone else is refused, or answered about themselves only
    assert response.status_code in expected, (response.status_code, text[:500])
    # and the answer carries none of the owner's data
    leaked = [marker for marker in world.markers() if marker in text]
    assert leaked == [], text[:500]
    # and nothing of the owner's changed
    assert world.snapshot() == before
