"""The Django admin: staff can run the whole product from here.

Site staff see only the requests ``access.py`` lets them see (``admin_access.py``);
superusers see everything.

Requests, responses, citations, reviews and complaints keep their history (SimpleHistoryAdmin
adds a "History" button to each). The deadline columns are computed by the deadline service
and are read-only here; every admin write that can move them recomputes them in the same
transaction as the save (the admin wraps each save in ``transaction.atomic``).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from requests_app.admin_access import (
    HidesPrivateInDeletes,
    PrivateCampaignsHiddenAdmin,
    PrivateRequestsHiddenAdmin,
    RemindersHiddenAdmin,
)
from requests_app.models import (
    Campaign,
    Exemption,
    ExemptionCitation,
    FOIRequest,
    HolidayRecompute,
    InternalReview,
    Membership,
    NotificationPreference,
    Organisation,
    ProclaimedHoliday,
    PublicAuthority,
    RegulatorComplaint,
    Reminder,
    Response,
)
from requests_app.models.choices import StatusChoices
from requests_app.services.authorities import STAFF_FIELDS as AUTHORITY_FIELDS
from requests_app.services.authorities import (
    authority_approve,
    authority_create,
    authority_update,
)
from requests_app.services.deadlines import deadlines_recompute
from requests_app.services.reminders import reminders_requeue
from requests_app.services.requests import (
    EDITABLE_FIELDS,
    foi_request_create,
    foi_request_delete,
    foi_request_update,
)
from requests_app.services.responses import response_record
from requests_app.services.reviews import (
    complaint_decide,
    complaint_record,
    review_decide,
    review_record,
)
from requests_app.services.search_documents import search_documents_refresh_exemption
from requests_app.services.summaries import request_summary_refresh

DEADLINE_FIELDS = (
    "stage",
    "response_due",
    "response_due_latest",
    "fee_lapses_on",
    "answered_on",
    "initial_outcome",
    "review_request_deadline",
    "review_response_due",
    "review_response_due_latest",
    "regulator_complaint_deadline",
    "next_deadline",
)


def recompute_deadlines(foi_request: FOIRequest) -> None:
    """Bring the stored deadline chain up to date after an admin edit."""
    foi_request.refresh_from_db()
    with transaction.atomic():
        deadlines_recompute(foi_request)
        request_summary_refresh(foi_request)


def adopt(form_instance: models.Model, saved: models.Model) -> None:
    """Point the admin's instance at the row a service created, so inlines attach to it."""
    form_instance.pk = saved.pk
    form_instance.refresh_from_db()
    form_instance._deadlines_fresh = True  # type: ignore[attr-defined]


class ServiceErrorsAsMessages:
    """Services validate the whole domain rule (a FOISA request has no extension, a review
    needs a response...). Their ``ValidationError`` rolls the admin's transaction back and
    comes back as an error message naming the field, not as a server error."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            for name, messages_ in errors.items():
                label = f"{name}: " if name and name != NON_FIELD_ERRORS else ""
                for message in messages_:
                    self.message_user(request, f"Not saved. {label}{message}", messages.ERROR)  # type: ignore[attr-defined]
            return HttpResponseRedirect(request.get_full_path())


class RecomputesDeadlinesAdmin(
    PrivateRequestsHiddenAdmin, ServiceErrorsAsMessages, SimpleHistoryAdmin
):
    """For models whose rows move a request's deadlines: recompute after save and delete."""

    def request_of(self, obj) -> FOIRequest:
        return obj.request

    def save_related(self, request, form, formsets, change):
        # After inlines are saved, so citations and responses added on the same page count.
        super().save_related(request, form, formsets, change)
        fresh = getattr(form.instance, "_deadlines_fresh", False)
        if fresh and not any(formset.has_changed() for formset in formsets):
            return  # the service already recomputed them: one save, one history row
        recompute_deadlines(self.request_of(form.instance))

    def delete_model(self, request, obj):
        foi_request = self.request_of(obj)
        super().delete_model(request, obj)
        recompute_deadlines(foi_request)

    def delete_queryset(self, request, queryset):
        foi_requests = {self.request_of(obj).pk: self.request_of(obj) for obj in queryset}
        super().delete_queryset(request, queryset)
        for foi_request in foi_requests.values():
            recompute_deadlines(foi_request)


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


class CitationFormSet(BaseInlineFormSet):
    """The rule ``response_record`` applies, for citations edited inline: a letter cites the
    law of its request's regime (a FOISA letter cannot rely on FOIA s24)."""

    def clean(self):
        super().clean()
        if not self.instance.request_id:
            return  # a new response with no request chosen: the form reports that
        regime = self.instance.request.regime
        for form in self.forms:
            exemption = form.cleaned_data.get("exemption")
            deleted = form.cleaned_data.get("DELETE")
            if exemption and not deleted and exemption.regime != regime:
                form.add_error(
                    "exemption",
                    f"{exemption.code} belongs to {exemption.regime}, "
                    f"not the request's regime {regime}",
                )


class ExemptionCitationInline(admin.TabularInline):
    model = ExemptionCitation
    formset = CitationFormSet
    extra = 0
    fields = ("exemption", "cited_as", "subsection", "public_interest_test", "ncnd")
    autocomplete_fields = ("exemption",)


class InternalReviewInline(admin.TabularInline):
    model = InternalReview
    extra = 0
    fields = ("requested_on", "decided_on", "outcome", "notes")


class RegulatorComplaintInline(admin.TabularInline):
    model = RegulatorComplaint
    extra = 0
    fields = ("regulator", "submitted_on", "reference", "decided_on", "outcome")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


# --- Reference data ------------------------------------------------------------------------


@admin.register(PublicAuthority)
class PublicAuthorityAdmin(HidesPrivateInDeletes, ServiceErrorsAsMessages, SimpleHistoryAdmin):
    list_display = (
        "name",
        "authority_type",
        "detailed_type",
        "nation",
        "region",
        "active",
        "approved",
        "email",
    )
    list_filter = ("approved", "active", "authority_type", "nation", "region", "default_regime")
    search_fields = ("name", "short_name", "alternative_names", "slug", "email", "gss_code")
    prepopulated_fields = {"slug": ("name",)}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    raw_id_fields = ("replaced_by",)
    readonly_fields = ("suggested_by",)
    actions = ["approve"]

    @admin.action(description="Approve the selected suggestions (list them for everyone)")
    def approve(self, request, queryset):
        count = authority_approve(authorities=queryset.filter(approved=False))
        self.message_user(request, f"{count} authorit{'y' if count == 1 else 'ies'} approved.")

    # Through the authority services: a new type (a council that is in fact a school) moves
    # the latest date of its requests (SI 2004/3364), which only the service recomputes.
    def save_model(self, request, obj, form, change):
        if not change:
            fields = {name: getattr(obj, name) for name in AUTHORITY_FIELDS}
            created = authority_create(**fields)
            obj.pk, obj._state.adding = created.pk, False
            return
        # The form already wrote its values onto ``obj``: the service compares them with the
        # stored row, so it is given the row as stored and the changed values.
        stored = PublicAuthority.objects.get(pk=obj.pk)
        stored._history_user = request.user  # type: ignore[attr-defined]
        changed = {n: getattr(obj, n) for n in form.changed_data if n in AUTHORITY_FIELDS}
        authority_update(authority=stored, **changed)


@admin.register(Exemption)
class ExemptionAdmin(HidesPrivateInDeletes, admin.ModelAdmin):
    list_display = ("code", "regime", "section", "title", "absolute", "kind")
    list_filter = ("regime", "absolute", "kind")
    search_fields = ("code", "section", "title")
    ordering = ("regime", "id")

    def has_delete_permission(self, request, obj=None):
        # The catalogue is the law (loaded by a migration); citations point at it.
        return False

    def save_model(self, request, obj, form, change):
        # Requests citing it are found by its code, section and title: their search
        # documents change with it, in the admin's transaction.
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change:
                search_documents_refresh_exemption(obj)


@admin.register(ProclaimedHoliday)
class ProclaimedHolidayAdmin(ServiceErrorsAsMessages, admin.ModelAdmin):
    """A day proclaimed at short notice, or a package day that was not a bank holiday
    (kind "Not a bank holiday"); saving or deleting it recomputes the deadlines it moves."""

    list_display = ("date", "name", "nation", "kind")
    list_filter = ("kind", "nation")
    search_fields = ("name",)
    date_hierarchy = "date"

    # Through the holiday services, which queue the recomputation of the deadlines it moves.
    def save_model(self, request, obj, form, change):
        from requests_app.services.holidays import proclaimed_holiday_save

        proclaimed_holiday_save(holiday=obj)

    def delete_model(self, request, obj):
        from requests_app.services.holidays import proclaimed_holiday_remove

        proclaimed_holiday_remove(holiday=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(HolidayRecompute)
class HolidayRecomputeAdmin(admin.ModelAdmin):
    """The recomputes holiday corrections owe: read-only, so staff can see one still pending
    after a broker outage (the reconciliation runs it every few minutes)."""

    list_display = ("date", "nation", "created_at", "done_at", "attempts", "last_error")
    list_filter = (("done_at", admin.EmptyFieldListFilter), "nation")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- People --------------------------------------------------------------------------------


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "member_count", "created_at")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (MembershipInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_member_count=Count("memberships"))

    @admin.display(description="Members", ordering="_member_count")
    def member_count(self, obj) -> int:
        return obj._member_count


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role")
    list_filter = ("role", "organisation")
    search_fields = ("user__username", "user__email", "organisation__name")
    autocomplete_fields = ("user", "organisation")
    list_select_related = ("user", "organisation")


@admin.register(Campaign)
class CampaignAdmin(PrivateCampaignsHiddenAdmin, SimpleHistoryAdmin):
    list_display = ("name", "owner", "organisation", "request_count", "created_at")
    list_filter = ("organisation",)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("owner", "organisation")
    list_select_related = ("owner", "organisation")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_request_count=Count("foi_requests"))

    @admin.display(description="Requests", ordering="_request_count")
    def request_count(self, obj) -> int:
        return obj._request_count


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


@admin.register(Response)
class ResponseAdmin(RecomputesDeadlinesAdmin):
    list_display = ("__str__", "request", "received_on", "kind", "outcome")
    list_filter = ("kind", "outcome", "request__regime")
    search_fields = (
        "request__title",
        "request__authority__name",
        "request__authority_reference",
    )
    date_hierarchy = "received_on"
    autocomplete_fields = ("request",)
    list_select_related = ("request__authority",)
    inlines = (ExemptionCitationInline,)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # Citations come from the inline, saved next; save_related then recomputes again.
        recorded = response_record(
            foi_request=obj.request,
            received_on=obj.received_on,
            kind=obj.kind,
            outcome=obj.outcome,
            letter_text=obj.letter_text,
            attachment=form.cleaned_data.get("attachment") or None,
            clarification_received_on=obj.clarification_received_on,
            fee_amount=obj.fee_amount,
            fee_paid_on=obj.fee_paid_on,
        )
        adopt(obj, recorded)


@admin.register(ExemptionCitation)
class ExemptionCitationAdmin(RecomputesDeadlinesAdmin):
    request_path = "response__request"
    list_display = ("cited_as", "exemption", "response", "public_interest_test", "ncnd")
    list_filter = ("exemption__regime", "public_interest_test", "ncnd")
    search_fields = (
        "cited_as",
        "exemption__code",
        "exemption__title",
        "response__request__title",
        "response__request__authority__name",
    )
    autocomplete_fields = ("response", "exemption")
    list_select_related = ("exemption", "response__request")

    def request_of(self, obj: ExemptionCitation) -> FOIRequest:
        return obj.response.request


class DecidedThroughServicesAdmin(RecomputesDeadlinesAdmin):
    """Reviews and complaints: recorded, then decided, through their services.

    A decision date set for the first time goes through the decide service (it validates the
    decision and moves the request on); other edits (notes, reference) are plain saves.
    """

    def record(self, obj):
        raise NotImplementedError

    def decide(self, obj, decided_on):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        if not change:
            adopt(obj, self.record(obj))
            return
        if "decided_on" in form.changed_data and form.initial.get("decided_on") is None:
            obj.decided_on = None  # the decide services refuse what is already decided
            self.decide(obj, form.cleaned_data["decided_on"])
        super().save_model(request, obj, form, change)


@admin.register(InternalReview)
class InternalReviewAdmin(DecidedThroughServicesAdmin):
    list_display = ("request", "requested_on", "decided_on", "outcome")
    list_filter = ("outcome",)
    search_fields = ("request__title", "request__authority__name", "notes")
    date_hierarchy = "requested_on"
    autocomplete_fields = ("request",)
    list_select_related = ("request__authority",)

    def record(self, obj):
        return review_record(
            foi_request=obj.request,
            requested_on=obj.requested_on,
            decided_on=obj.decided_on,
            outcome=obj.outcome,
            notes=obj.notes,
        )

    def decide(self, obj, decided_on):
        review_decide(review=obj, decided_on=decided_on, outcome=obj.outcome)


@admin.register(RegulatorComplaint)
class RegulatorComplaintAdmin(DecidedThroughServicesAdmin):
    list_display = ("request", "regulator", "submitted_on", "reference", "decided_on", "outcome")
    list_filter = ("regulator", "outcome")
    search_fields = ("reference", "request__title", "request__authority__name")
    date_hierarchy = "submitted_on"
    autocomplete_fields = ("request",)
    list_select_related = ("request__authority",)

    def record(self, obj):
        return complaint_record(
            foi_request=obj.request,
            submitted_on=obj.submitted_on,
            regulator=obj.regulator,
            reference=obj.reference,
            decided_on=obj.decided_on,
            outcome=obj.outcome,
        )

    def decide(self, obj, decided_on):
        complaint_decide(complaint=obj, decided_on=decided_on, outcome=obj.outcome)


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


# Registered from their own module (this one is long enough).
from requests_app import admin_email, admin_users  # noqa: E402, F401
