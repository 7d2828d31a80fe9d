"""The admin's reminders (read-only, "send again") and notification preferences."""

from __future__ import annotations

from django.contrib import admin, messages

from requests_app.admin_access import (
    RemindersHiddenAdmin,
)
from requests_app.models import (
    NotificationPreference,
    Reminder,
)
from requests_app.services.reminders import reminders_requeue


@admin.register(Reminder)
class ReminderAdmin(RemindersHiddenAdmin, admin.ModelAdmin):
    """Every reminder email, planned or sent; failed ones carry the SMTP error.

    Read-only: the rows are the exactly-once ledger of the reminder pipeline, so the only
    change staff can make is "send again" for failed ones.
    """

    list_display = (
        "id",
        "kind",
        "recipient",
        "request",
        "deadline",
        "status",
        "attempts",
        "error",
        "claimed_at",
        "sent_at",
    )
    list_filter = ("status", "kind", "deadline")
    search_fields = ("recipient__email", "recipient__username", "request__title", "last_error")
    date_hierarchy = "deadline"
    list_select_related = ("recipient", "request__authority")
    actions = ("send_again",)
    readonly_fields = [f.name for f in Reminder._meta.fields]

    @admin.display(description="Error")
    def error(self, obj: Reminder) -> str:
        return (obj.last_error or obj.cancelled_reason)[:120]

    @admin.action(description="Send the selected failed reminders again")
    def send_again(self, request, queryset):
        count = reminders_requeue(queryset.values_list("pk", flat=True))
        self.message_user(request, f"{count} failed reminders queued again.", messages.SUCCESS)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "enabled", "updated_at")
    list_filter = ("kind", "enabled")
    search_fields = ("user__email", "user__username")
    autocomplete_fields = ("user",)
