"""Back office for conversations: messages inline, filters, moderation, sellers' settings and response metrics."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pazar.catalog.admin import DataSourceAdmin
from pazar.catalog.models import DataSource
from pazar.conversations import moderation
from pazar.conversations.models import Conversation, Message, SellerNotificationSettings
from pazar.conversations.selectors import seller_response_metrics
from pazar.conversations.services import conversation_approve, conversation_reject
from pazar.notifications.webhooks import WebhookUrlError, get_webhook_backend


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ["created_date", "content_type", "content_id", "user_type", "message_content", "is_approved"]
    readonly_fields = ["created_date", "content_type", "content_id", "user_type"]
    raw_id_fields = ["sender_user", "sender_datasource"]


class RejectForm(forms.Form):
    """The reason a rejection needs (the author of a review is emailed it)."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "conversation_type",
        "text",
        "user",
        "datasource",
        "item_content",
        "item_id",
        "is_answered",
        "is_public",
        "moderation_status",
        "reply_needed_since",
        "last_message_date",
    ]
    list_filter = [
        "moderation_status",
        "conversation_type",
        "is_answered",
        "is_public",
        "is_approved",
        "item_content",
        "datasource",
    ]
    search_fields = ["user__email", "subject", "datasource__name"]
    raw_id_fields = ["user", "datasource", "product", "order_item"]
    list_select_related = ["user", "datasource"]
    # Moderation moves only through the approve and reject actions; the messages imply the rest.
    readonly_fields = [*moderation.STATUS_FIELDS[Conversation], "opened_by"]
    inlines = [MessageInline]
    actions = ["approve", "reject"]
    show_full_result_count = False

    def get_queryset(self, request):
        first = Message.objects.order_by("created_date", "pk")
        return super().get_queryset(request).prefetch_related(Prefetch("message_set", queryset=first))

    @admin.display(description=_("text"))
    def text(self, obj):
        """The first message, the one staff judge (the original: staff see contact details unmasked)."""
        first = next(iter(obj.message_set.all()), None)
        return Truncator(first.message_content).chars(120) if first else ""

    @admin.action(description=_("Approve (publish) the selected conversations"), permissions=["change"])
    def approve(self, request, queryset):
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "admin/conversations/approve.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Approve the selected conversations?"),
                    "conversations": self._with_text(queryset),
                    "action": "approve",
                    "opts": self.model._meta,
                },
            )
        done = sum(conversation_approve(conversation=c) for c in queryset)
        self.message_user(
            request,
            ngettext("%d conversation approved.", "%d conversations approved.", done) % done,
            fail_silently=True,
        )

    @admin.action(description=_("Reject (hide) the selected conversations, with a reason"), permissions=["change"])
    def reject(self, request, queryset):
        form = RejectForm(request.POST if "confirm" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/conversations/reject.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Reject the selected conversations?"),
                    "conversations": self._with_text(queryset),
                    "form": form,
                    "action": "reject",
                    "opts": self.model._meta,
                },
            )
        done = sum(conversation_reject(conversation=c, reason=form.cleaned_data["reason"]) for c in queryset)
        self.message_user(
            request,
            ngettext("%d conversation rejected.", "%d conversations rejected.", done) % done,
            fail_silently=True,
        )
        skipped = queryset.count() - done
        if skipped:
            self.message_user(request, _("%d were already rejected.") % skipped, messages.WARNING, fail_silently=True)

    def _with_text(self, queryset):
        conversations = list(queryset)
        for conversation in conversations:
            conversation.first_text = self.text(conversation)
        return conversations

    def get_urls(self):
        return [
            path(
                "metrics/",
                self.admin_site.admin_view(self.metrics_view),
                name="conversations_conversation_metrics",
            ),
            *super().get_urls(),
        ]

    METRIC_COLUMNS = [
        ("name", _("seller")),
        ("conversations", _("conversations")),
        ("unanswered", _("unanswered now")),
        ("answered", _("answered")),
        ("median_hours", _("median first response (h)")),
        ("p90_hours", _("90th percentile (h)")),
        ("within_24h_percent", _("answered within 24 h (%)")),
    ]

    def metrics_view(self, request):
        """Every seller's response metrics over `?days=` (30), sortable by any column (`?o=`)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            days = min(max(int(request.GET.get("days", 30)), 1), 365)
        except ValueError:
            days = 30
        metrics = seller_response_metrics(datasource_id=None, days=days)
        names = dict(DataSource.objects.filter(pk__in=metrics).values_list("pk", "name"))

        def hours(seconds):
            return round(seconds / 3600, 1) if seconds is not None else None

        rows = [
            {
                "name": names.get(ds, ds),
                "conversations": m["conversations"],
                "unanswered": m["unanswered"],
                "answered": m["answered"],
                "median_hours": hours(m["median_first_response_seconds"]),
                "p90_hours": hours(m["p90_first_response_seconds"]),
                "within_24h_percent": round(m["answered_within_24h"] * 100, 1)
                if m["answered_within_24h"] is not None
                else None,
            }
            for ds, m in metrics.items()
        ]
        order = request.GET.get("o", "-unanswered")
        key = order.lstrip("-")
        if key not in dict(self.METRIC_COLUMNS):
            order, key = "-unanswered", "unanswered"
        present = [r for r in rows if r[key] is not None]
        present.sort(key=lambda r: r[key] if key != "name" else str(r[key]), reverse=order.startswith("-"))
        rows = present + [r for r in rows if r[key] is None]
        return TemplateResponse(
            request,
            "admin/conversations/metrics.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Sellers' response times"),
                "rows": rows,
                "days": days,
                "order": order,
                "columns": self.METRIC_COLUMNS,
                "opts": self.model._meta,
            },
        )


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["pk", "conversation", "content_type", "content_id", "user_type", "is_approved", "created_date"]
    list_filter = ["content_type", "is_approved"]
    search_fields = ["message_content"]
    raw_id_fields = ["conversation", "sender_user", "sender_datasource"]
    show_full_result_count = False


class SellerNotificationSettingsForm(forms.ModelForm):
    """The webhook URL is checked like the API checks it (https, public addresses only)."""

    class Meta:
        model = SellerNotificationSettings
        fields = [
            "datasource",
            "emails",
            "language",
            "webhook_url",
            "webhook_secret",
            "notify_new_conversation",
            "notify_new_message",
            "notify_new_review",
        ]
        widgets = {"webhook_secret": forms.PasswordInput(render_value=True)}

    def clean_webhook_url(self):
        url = self.cleaned_data["webhook_url"].strip()
        if url:
            try:
                get_webhook_backend().check(url)
            except WebhookUrlError as exc:
                raise forms.ValidationError(str(exc))
        return url

    def clean_emails(self):
        emails = self.cleaned_data["emails"] or []
        if not isinstance(emails, list) or len(emails) > 5:
            raise forms.ValidationError(_("A list of at most 5 email addresses."))
        validator = forms.EmailField()
        return [validator.clean(address) for address in emails]


class SellerNotificationSettingsInline(admin.StackedInline):
    """Where the seller is told of new conversations and messages (docs/sellers.md)."""

    model = SellerNotificationSettings
    form = SellerNotificationSettingsForm
    extra = 1
    max_num = 1
    can_delete = False


# The seller's page shows its notification settings; catalog, below conversations, names none of it.
DataSourceAdmin.inlines = [*DataSourceAdmin.inlines, SellerNotificationSettingsInline]


@admin.register(SellerNotificationSettings)
class SellerNotificationSettingsAdmin(admin.ModelAdmin):
    form = SellerNotificationSettingsForm
    list_display = ["datasource", "language", "webhook_url", "notify_new_conversation", "notify_new_message"]
    raw_id_fields = ["datasource"]
    list_select_related = ["datasource"]
    search_fields = ["datasource__name"]
