"""The admin's requests: the request page with its responses, reviews and complaints inline;
saves and deletes through the request services."""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from requests_app.admin_services import (
    DEADLINE_FIELDS,
    RecomputesDeadlinesAdmin,
    adopt,
)
from requests_app.models import (
    FOIRequest,
    InternalReview,
    RegulatorComplaint,
    Response,
)
from requests_app.models.choices import StatusChoices
from requests_app.services.requests import (
    EDITABLE_FIELDS,
    foi_request_create,
    foi_request_delete,
    foi_request_update,
)

# --- Inlines -------------------------------------------------------------------------------


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    fields = ("received_on", "kind", "outcome", "citation_summary", "attachment")
    readonly_fields = ("citation_summary",)
    show_change_link = True  # citations are edited on the response's own page

    @admin.display(description="Citations")
    def citation_summary(self, obj: Response) -> str:
        if not obj.pk:
            return "—"
        return ", ".join(c.cited_as for c in obj.citations.all()) or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("citations")


class InternalReviewInline(admin.TabularInline):
    model = InternalReview
    extra = 0
    fields = ("requested_on", "decided_on", "outcome", "notes")


class RegulatorComplaintInline(admin.TabularInline):
    model = RegulatorComplaint
    extra = 0
    fields = ("regulator", "submitted_on", "reference", "decided_on", "outcome")


# --- Requests and what happens to them -----------------------------------------------------


class StatusTodayFilter(admin.SimpleListFilter):
    """Overdue, review window open...: the stored stage read against today, in SQL."""

    title = "status today"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return StatusChoices.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(status=self.value())
        return queryset


@admin.register(FOIRequest)
class FOIRequestAdmin(RecomputesDeadlinesAdmin):
    request_path = ""
    list_display = (
        "title",
        "authority",
        "regime",
        "received_on",
        "status_today",
        "initial_outcome",
        "next_deadline",
        "campaign",
        "visibility",
    )
    list_filter = (
        StatusTodayFilter,
        "stage",
        "regime",
        "initial_outcome",
        "visibility",
        "authority__nation",
        "authority__authority_type",
        # Only the campaigns of the requests this user may see: not every campaign's name.
        ("campaign", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = (
        "title",
        "authority_reference",
        "authority__name",
        "owner__username",
        "campaign__name",
    )
    date_hierarchy = "received_on"
    autocomplete_fields = ("owner", "organisation", "authority", "campaign")
    list_select_related = ("authority", "campaign")
    readonly_fields = (*DEADLINE_FIELDS, "created_at", "updated_at")
    inlines = (ResponseInline, InternalReviewInline, RegulatorComplaintInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "text",
                    ("authority", "regime"),
                    ("sent_on", "received_on"),
                    "authority_reference",
                    ("owner", "organisation"),
                    ("campaign", "visibility"),
                    "withdrawn_on",
                )
            },
        ),
        ("Deadlines (computed)", {"fields": DEADLINE_FIELDS}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    @admin.display(description="Status today", ordering="status")
    def status_today(self, obj: FOIRequest) -> str:
        status = getattr(obj, "status", None)
        return StatusChoices(status).label if status else obj.get_stage_display()

    def request_of(self, obj: FOIRequest) -> FOIRequest:
        return obj

    # Through the service, which locks the row first: a write to the request finishes before
    # (its summary rows go with the rest) or waits and finds it gone, as for the API's delete.
    def delete_model(self, request, obj):
        foi_request_delete(foi_request=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():  # all selected or none; in id order, so deletes never deadlock
            for foi_request in queryset.order_by("pk"):
                foi_request_delete(foi_request=foi_request)

    def save_model(self, request, obj, form, change):
        if not change:
            fields = {name: form.cleaned_data.get(name) for name in form.fields}
            fields.pop("withdrawn_on", None)
            adopt(obj, foi_request_create(**fields))
            return
        # The form has already set every field on ``obj``; the service validates the edit as
        # a whole and saves it. Fields it does not edit (owner, withdrawn_on) ride along.
        changed = {
            name: getattr(obj, name) for name in form.changed_data if name in EDITABLE_FIELDS
        }
        foi_request_update(foi_request=obj, **changed)
        obj._deadlines_fresh = True
