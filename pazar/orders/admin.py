"""Back office for orders: staff decide cancellation requests, ship and deliver items, make trade-in offers."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from pazar.core.exceptions import DomainError
from pazar.orders import services, statuses
from pazar.orders.cancellations import services as cancellation_services
from pazar.orders.models import (
    Bank,
    CancellationReason,
    CancellationRequest,
    CancellationRequestStatus,
    DiscountItem,
    EasyReturn,
    EasyReturnShippingCompany,
    OldOrder,
    OldOrderItem,
    Order,
    OrderItem,
    OrderStatus,
    PaymentOption,
    TradeInOffer,
)
from pazar.orders.tradein import services as tradein_services


class URLFieldsAdmin(admin.ModelAdmin):
    """URLs typed without a scheme are https (Django 6's default, without its deprecation warning)."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


def _run_each(modeladmin, request, queryset, action, done_message) -> None:
    """Call a service for each selected row; report how many succeeded and why others did not."""
    done = 0
    for obj in queryset:
        try:
            action(obj)
        except DomainError as exc:
            modeladmin.message_user(request, f"#{obj.pk}: {exc}", level=messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, level=messages.SUCCESS)


@admin.register(PaymentOption)
class PaymentOptionAdmin(admin.ModelAdmin):
    """Payment options orders were paid with."""

    list_display = ["name", "slug", "payment_type", "is_active"]
    list_filter = ["payment_type", "is_active"]
    search_fields = ["name", "slug"]


@admin.register(Bank)
class BankAdmin(admin.ModelAdmin):
    """Banks of the cards orders were paid with."""

    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(EasyReturnShippingCompany)
class EasyReturnShippingCompanyAdmin(admin.ModelAdmin):
    """Companies that take returns; door pickup and the sellers they serve."""

    list_display = ["name", "shipping_company", "collects_from_door", "is_active"]
    list_filter = ["shipping_company", "collects_from_door", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["datasources"]


@admin.register(CancellationReason)
class CancellationReasonAdmin(TranslationAdmin):
    """Reasons with their subject in every language."""

    list_display = ["subject", "cancellation_type", "extra_information_needed", "order", "is_active"]
    list_filter = ["cancellation_type", "extra_information_needed", "is_active"]
    search_fields = ["subject_en", "subject_tr"]
    ordering = ["order", "pk"]


class OrderItemInline(admin.TabularInline):
    """An order's items, read-only: statuses change through the item actions."""

    model = OrderItem
    extra = 0
    fields = ["product", "status", "quantity", "price", "retail_price", "tax_rate", "datasource", "delivered_date"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DiscountItemInline(admin.TabularInline):
    """An order's discounts."""

    model = DiscountItem
    extra = 0
    fields = ["name", "amount", "currency"]


@admin.register(Order)
class OrderAdmin(URLFieldsAdmin):
    """Orders by number, user and status; the status is read-only (it follows the items)."""

    list_display = ["number", "user", "status", "amount", "currency", "refund_amount", "created_date"]
    list_filter = ["status", "currency", "client_type", "created_date"]
    search_fields = ["number", "user__email", "user_email"]
    raw_id_fields = ["user", "shipping_address", "billing_address", "payment_option", "bank"]
    list_select_related = ["user"]
    date_hierarchy = "created_date"
    inlines = [OrderItemInline, DiscountItemInline]
    # The order follows its items (services.order_item_status_set, the cancellation services).
    readonly_fields = statuses.STATUS_FIELDS[Order]
    show_full_result_count = False


@admin.register(OrderItem)
class OrderItemAdmin(URLFieldsAdmin):
    """Items; staff ship and deliver them with the actions (status and delivery date are read-only)."""

    list_display = ["pk", "order", "product", "status", "quantity", "price", "delivered_date"]
    list_filter = ["status", "shipping_company"]
    search_fields = ["order__number", "product__sku", "product__name"]
    raw_id_fields = ["order", "product", "datasource", "parent"]
    list_select_related = ["order", "product"]
    readonly_fields = statuses.STATUS_FIELDS[OrderItem]
    show_full_result_count = False
    actions = ["mark_shipped", "mark_delivered"]

    @admin.action(description=_("Mark as shipped"))
    def mark_shipped(self, request, queryset):
        _run_each(
            self,
            request,
            queryset,
            lambda item: services.order_item_status_set(order_item=item, status=OrderStatus.SHIPPED),
            _("%(count)d item(s) shipped."),
        )

    @admin.action(description=_("Mark as delivered (starts the return window)"))
    def mark_delivered(self, request, queryset):
        _run_each(
            self,
            request,
            queryset,
            lambda item: services.order_item_status_set(order_item=item, status=OrderStatus.DELIVERED),
            _("%(count)d item(s) delivered."),
        )


# What each decision does, shown on its button (the services do it; the admin only calls them).
DECISIONS = {
    "approve": (
        cancellation_services.cancellation_request_approve,
        _("Approve"),
        _(
            "Approve: a cancel is settled now (refund amount, item cancelled); a return waits for the goods. "
            "The shopper gets an email."
        ),
    ),
    "reject": (
        cancellation_services.cancellation_request_reject,
        _("Reject"),
        _("Reject: nothing is refunded, an easy return is cancelled. The shopper gets an email."),
    ),
    "complete": (
        cancellation_services.cancellation_request_complete,
        _("Complete"),
        _(
            "Complete: the returned goods arrived; the refund is settled and the easy return closed. "
            "The shopper gets an email."
        ),
    ),
}
DECISION_STATUS = {
    "approve": CancellationRequestStatus.APPROVED,
    "reject": CancellationRequestStatus.REJECTED,
    "complete": CancellationRequestStatus.COMPLETED,
}


@admin.register(CancellationRequest)
class CancellationRequestAdmin(admin.ModelAdmin):
    """Staff decide requests with the buttons or the actions: open → approved/rejected, approved → completed.

    What the shopper sent is read-only (the IBAN masked but for its last 4 characters); requests are
    never added or deleted here.
    """

    list_display = ["pk", "order_number", "product", "cancellation_type", "reason", "quantity", "status", "age"]
    list_filter = ["status", "cancellation_type", "reason"]
    search_fields = ["uuid", "user__email", "order_item__order__number"]
    list_select_related = ["order_item__order", "order_item__product", "reason"]
    fields = [
        "status",
        "order_number",
        "product",
        "user",
        "cancellation_type",
        "reason",
        "quantity",
        "description",
        "masked_iban",
        "holder_name",
        "fully_refund_as_loyalty_money",
        "pickup_address",
        "easy_return",
        "uuid",
        "created_date",
        "modified_date",
    ]
    readonly_fields = fields
    show_full_result_count = False
    actions = ["approve", "reject", "complete"]
    change_form_template = "admin/orders/cancellationrequest/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("order"), ordering="order_item__order__number")
    def order_number(self, obj):
        return obj.order_item.order.number

    @admin.display(description=_("product"))
    def product(self, obj):
        return obj.order_item.product

    @admin.display(description=_("age"), ordering="created_date")
    def age(self, obj):
        return timesince(obj.created_date)

    @admin.display(description=_("IBAN"))
    def masked_iban(self, obj):
        return mask_iban(obj.iban)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["decisions"] = [
            (name, label, help_text)
            for name, (_service, label, help_text) in DECISIONS.items()
            if obj is not None and statuses.request_can_move(obj.status, DECISION_STATUS[name])
        ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        view = self.admin_site.admin_view(self.decide_view)
        return [
            path("<int:pk>/decide/<str:decision>/", view, name="orders_cancellationrequest_decide"),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk, decision):
        """POST from a decision button: run the service, say what happened, back to the request."""
        obj = get_object_or_404(CancellationRequest, pk=pk)
        if request.method != "POST" or decision not in DECISIONS or not self.has_change_permission(request, obj):
            raise PermissionDenied
        service, label, _help = DECISIONS[decision]
        try:
            service(cancellation_request=obj)
        except DomainError as exc:
            self.message_user(request, f"#{obj.pk}: {exc}", level=messages.ERROR)
        else:
            obj.refresh_from_db(fields=["status"])
            self.message_user(
                request,
                _("Request #%(pk)d is now %(status)s.") % {"pk": obj.pk, "status": obj.get_status_display()},
                level=messages.SUCCESS,
            )
        return redirect(reverse("admin:orders_cancellationrequest_change", args=[obj.pk]))

    @admin.action(description=_("Approve selected requests"))
    def approve(self, request, queryset):
        _run_each(
            self,
            request,
            queryset,
            lambda obj: cancellation_services.cancellation_request_approve(cancellation_request=obj),
            _("%(count)d request(s) approved."),
        )

    @admin.action(description=_("Reject selected requests"))
    def reject(self, request, queryset):
        _run_each(
            self,
            request,
            queryset,
            lambda obj: cancellation_services.cancellation_request_reject(cancellation_request=obj),
            _("%(count)d request(s) rejected."),
        )

    @admin.action(description=_("Complete selected requests"))
    def complete(self, request, queryset):
        _run_each(
            self,
            request,
            queryset,
            lambda obj: cancellation_services.cancellation_request_complete(cancellation_request=obj),
            _("%(count)d request(s) completed."),
        )


def mask_iban(iban: str | None) -> str:
    """TR33 0006 ... 1326 → "•••• 1326": the last 4 characters tell staff which account, no more."""
    if not iban:
        return "-"
    compact = iban.replace(" ", "")
    return "•" * max(len(compact) - 4, 0) + compact[-4:]


@admin.register(EasyReturn)
class EasyReturnAdmin(URLFieldsAdmin):
    """Easy returns; staff fill in the carrier's tracking number and URL."""

    list_display = ["code", "status", "shipping_company", "pickup_date", "start_date", "end_date", "tracking_number"]
    list_filter = ["status", "shipping_company"]
    search_fields = ["code", "tracking_number"]
    raw_id_fields = ["shipping_company", "pickup_address"]
    readonly_fields = ["code", "status", "start_date", "end_date"]


@admin.register(TradeInOffer)
class TradeInOfferAdmin(admin.ModelAdmin):
    """Adding an offer emails the owner (approve link, signed reject link); the owner answers it."""

    list_display = ["order_item", "amount", "currency", "status", "answered_at", "created_date"]
    list_filter = ["status"]
    search_fields = ["order_item__order__number", "order_item__order__user__email"]
    raw_id_fields = ["order_item"]
    list_select_related = ["order_item"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["currency", "status", "answered_at"]
        return ["order_item", "amount", "currency", "note", "status", "answered_at"]

    def save_model(self, request, obj, form, change):
        if change:
            return
        # The form already refused a second offer for the item (one-to-one); the service sends the email.
        offer = tradein_services.tradein_offer_make(order_item=obj.order_item, amount=obj.amount, note=obj.note)
        obj.pk = offer.pk
        obj.refresh_from_db()


class OldOrderItemInline(admin.TabularInline):
    """A migrated order's lines."""

    model = OldOrderItem
    extra = 0


@admin.register(OldOrder)
class OldOrderAdmin(admin.ModelAdmin):
    """Orders migrated from a previous platform."""

    list_display = ["number", "user", "status", "amount", "currency", "created_date"]
    list_filter = ["status", "currency"]
    search_fields = ["number", "user__email", "user_email"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]
    inlines = [OldOrderItemInline]
    show_full_result_count = False
