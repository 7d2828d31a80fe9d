"""The admin's view of email: every message in both directions, and the unfiled spool.

Read-only: messages are filed by ``services.email_inbound`` and sent by the sending
services; staff assign unmatched ones on the holding page, not here. Kept out of
``admin.py`` (already long), which imports it so the registrations happen.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Q

from requests_app.admin_access import PrivateRequestsHiddenAdmin
from requests_app.models import EmailAttachment, EmailMessage, InboundEmail
from requests_app.services.email_inbound import inbound_email_refile


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EmailAttachmentInline(admin.TabularInline):
    model = EmailAttachment
    extra = 0
    fields = ("filename", "content_type", "size", "extraction_error")
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EmailMessage)
class EmailMessageAdmin(PrivateRequestsHiddenAdmin, ReadOnlyAdmin):
    """A message follows its request's visibility; unmatched ones are for site staff to
    assign (the holding page), so they show to everyone who reaches the admin."""

    request_path = "foi_request"
    list_display = (
        "id",
        "direction",
        "kind",
        "foi_request",
        "sender",
        "subject",
        "match_method",
        "proposal_state",
        "status",
        "created_at",
    )
    list_filter = ("direction", "kind", "match_method", "proposal_state", "status", "source")
    search_fields = ("message_id", "sender", "subject")
    list_select_related = ("foi_request__authority",)
    date_hierarchy = "created_at"
    exclude = ("raw",)
    readonly_fields = [f.name for f in EmailMessage._meta.fields if f.name != "raw"] + ["raw_size"]
    inlines = (EmailAttachmentInline,)

    def visible(self, request) -> Q:
        return super().visible(request) | Q(foi_request__isnull=True)

    @admin.display(description="Raw size (bytes)")
    def raw_size(self, obj: EmailMessage) -> int:
        return len(obj.raw or b"")


@admin.register(InboundEmail)
class InboundEmailAdmin(ReadOnlyAdmin):
    """Messages received but not filed: a row here is a filing that failed (see its error)."""

    list_display = ("id", "source", "received_at", "attempts", "last_error_short")
    list_filter = ("source",)
    exclude = ("raw",)
    readonly_fields = ("source", "received_at", "attempts", "last_error", "raw_size")
    actions = ("file_again",)

    @admin.action(description="File the selected messages again")
    def file_again(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        filed, failing = inbound_email_refile(limit=len(pks), pks=pks)
        level = messages.SUCCESS if not failing else messages.WARNING
        self.message_user(request, f"{filed} filed, {failing} still failing.", level)

    @admin.display(description="Error")
    def last_error_short(self, obj: InboundEmail) -> str:
        return obj.last_error[:120]

    @admin.display(description="Raw size (bytes)")
    def raw_size(self, obj: InboundEmail) -> int:
        return len(obj.raw or b"")
