"""Internal reviews and complaints to the regulator (ICO or Scottish Information Commissioner)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from requests_app.law.regimes import Regime
from requests_app.models import FOIRequest, InternalReview, RegulatorComplaint
from requests_app.models.choices import (
    ComplaintOutcomeChoices,
    RegulatorChoices,
    ResponseKindChoices,
    ReviewOutcomeChoices,
)
from requests_app.services.events import lock_request, request_event_applied
from requests_app.services.validation import in_choices, not_before, past_date


def _first_substantive_on(foi_request: FOIRequest) -> datetime.date | None:
    return (
        foi_request.responses.filter(kind=ResponseKindChoices.SUBSTANTIVE)
        .order_by("received_on")
        .values_list("received_on", flat=True)
        .first()
    )


def validate_decision(decided_on, outcome, floor: datetime.date, floor_name: str, choices):
    if decided_on is None and outcome:
        raise ValidationError({"decided_on": "is required with an outcome"})
    if decided_on is not None:
        past_date("decided_on", decided_on)
        not_before("decided_on", decided_on, floor, floor_name)
        if not outcome:
            raise ValidationError({"outcome": "is required with a decision date"})
        in_choices("outcome", outcome, choices)


def _decide(event, *, decided_on, outcome, since, what, since_name, choices):
    """Record the decision on an open review or complaint, then move the request on."""
    if event.decided_on is not None:
        raise ValidationError({"decided_on": f"the {what} is already decided"})
    if decided_on is None:
        raise ValidationError({"decided_on": "is required"})
    validate_decision(decided_on, outcome, since, since_name, choices)
    with transaction.atomic():
        event.decided_on = decided_on
        event.outcome = outcome
        event.save(update_fields=["decided_on", "outcome"])
        request_event_applied(event.request)
    return event


def review_record(
    *,
    foi_request: FOIRequest,
    requested_on: datetime.date,
    decided_on: datetime.date | None = None,
    outcome: str = "",
    notes: str = "",
) -> InternalReview:
    """The requester asked for an internal review (optionally already decided).

    A review needs something to review: a substantive response, or, when none came, a
    response deadline that has passed (FOISA s20(5) says so; under FOIA the ICO expects a
    review of a non-response before it takes a complaint).
    """
    past_date("requested_on", requested_on)
    with transaction.atomic():
        lock_request(foi_request)
        answered_on = _first_substantive_on(foi_request)
        if answered_on is not None:
            not_before("requested_on", requested_on, answered_on, "the first substantive response")
        elif foi_request.response_due is None or requested_on <= foi_request.response_due:
            raise ValidationError(
                {
                    "requested_on": "an internal review needs a substantive response, "
                    "or a response deadline that has passed"
                }
            )
        validate_decision(
            decided_on, outcome, requested_on, "the review request", ReviewOutcomeChoices
        )
        if foi_request.reviews.filter(decided_on__isnull=True).exists():
            raise ValidationError({"requested_on": "an internal review is already open"})
        review = InternalReview.objects.create(
            request=foi_request,
            requested_on=requested_on,
            decided_on=decided_on,
            outcome=outcome,
            notes=notes,
        )
        request_event_applied(foi_request)
    return review


def review_decide(
    *, review: InternalReview, decided_on: datetime.date, outcome: str
) -> InternalReview:
    """The authority's review decision: the regulator's complaint window opens."""
    return _decide(
        review,
        decided_on=decided_on,
        outcome=outcome,
        since=review.requested_on,
        what="review",
        since_name="the review request",
        choices=ReviewOutcomeChoices,
    )


def complaint_record(
    *,
    foi_request: FOIRequest,
    submitted_on: datetime.date,
    regulator: str | None = None,
    reference: str = "",
    decided_on: datetime.date | None = None,
    outcome: str = "",
) -> RegulatorComplaint:
    """A complaint to the regulator of the request's regime (ICO, or the SIC in Scotland)."""
    expected = Regime(foi_request.regime).regulator.value
    regulator = regulator or expected
    in_choices("regulator", regulator, RegulatorChoices)
    if regulator != expected:
        raise ValidationError(
            {"regulator": f"a {foi_request.regime.upper()} request goes to the {expected.upper()}"}
        )
    past_date("submitted_on", submitted_on)
    not_before("submitted_on", submitted_on, foi_request.received_on, "the request's receipt")
    validate_decision(decided_on, outcome, submitted_on, "the complaint", ComplaintOutcomeChoices)
    with transaction.atomic():
        lock_request(foi_request)
        if foi_request.complaints.filter(decided_on__isnull=True).exists():
            raise ValidationError({"submitted_on": "a complaint to the regulator is already open"})
        complaint = RegulatorComplaint.objects.create(
            request=foi_request,
            regulator=regulator,
            submitted_on=submitted_on,
            reference=reference,
            decided_on=decided_on,
            outcome=outcome,
        )
        request_event_applied(foi_request)
    return complaint


def complaint_decide(
    *, complaint: RegulatorComplaint, decided_on: datetime.date, outcome: str
) -> RegulatorComplaint:
    """The regulator's decision notice: the request closes."""
    return _decide(
        complaint,
        decided_on=decided_on,
        outcome=outcome,
        since=complaint.submitted_on,
        what="complaint",
        since_name="the complaint",
        choices=ComplaintOutcomeChoices,
    )
