"""The admin's responses, citations, reviews and complaints: recorded and decided through the
services, the request's deadlines recomputed after every change."""

from __future__ import annotations

from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from requests_app.admin_services import RecomputesDeadlinesAdmin, adopt
from requests_app.models import (
    ExemptionCitation,
    FOIRequest,
    InternalReview,
    RegulatorComplaint,
    Response,
)
from requests_app.services.responses import response_record
from requests_app.services.reviews import (
    complaint_decide,
    complaint_record,
    review_decide,
    review_record,
)


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
