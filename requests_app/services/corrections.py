"""Correct or delete a recorded letter, review or complaint.

Each correction runs the same checks as recording, then, in one transaction with the row
lock of the request, applies the change, checks the request's events still fit together
(a review after the response it reviews, one open review, one open complaint) and recomputes
the deadlines. A broken rule rolls everything back. django-simple-history keeps every
version, deletions included.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from requests_app.models import FOIRequest, InternalReview, RegulatorComplaint, Response
from requests_app.models.choices import (
    ComplaintOutcomeChoices,
    ResponseKindChoices,
    ReviewOutcomeChoices,
)
from requests_app.services.events import lock_request, request_event_applied
from requests_app.services.responses import (
    CitationInput,
    QuestionInput,
    citations_store,
    questions_store,
    response_validate,
)
from requests_app.services.reviews import validate_decision
from requests_app.services.validation import day_month_year, not_before, past_date

RESPONSE_FIELDS = (
    "received_on",
    "outcome",
    "letter_text",
    "reference",
    "clarification_received_on",
    "fee_amount",
    "fee_paid_on",
)


def _events_fit(foi_request: FOIRequest) -> None:
    """The rules between events that a correction could break."""
    first = (
        foi_request.responses.filter(kind=ResponseKindChoices.SUBSTANTIVE)
        .order_by("received_on")
        .values_list("received_on", flat=True)
        .first()
    )
    reviews = list(foi_request.reviews.order_by("requested_on"))
    if first is not None and reviews and reviews[0].requested_on < first:
        raise ValidationError(
            {
                "received_on": "an internal review was asked on "
                f"{day_month_year(reviews[0].requested_on)}, before this response: correct "
                "or delete the review first"
            }
        )
    if sum(1 for r in reviews if r.decided_on is None) > 1:
        raise ValidationError({"decided_on": "another internal review is already open"})
    if foi_request.complaints.filter(decided_on__isnull=True).count() > 1:
        raise ValidationError({"decided_on": "another complaint to the regulator is open"})


def _apply(foi_request: FOIRequest, change) -> None:
    with transaction.atomic():
        lock_request(foi_request)
        change()
        _events_fit(foi_request)
        request_event_applied(foi_request)


def response_update(
    *,
    response: Response,
    citations: Sequence[CitationInput] | None = None,
    questions: Sequence[QuestionInput] | None = None,
    **fields,
) -> Response:
    """Correct a letter's fields; ``citations`` and ``questions``, when given, replace the
    recorded ones. The kind stays: a letter recorded as the wrong kind is deleted and
    recorded again. On a ``ValidationError`` the instance is reloaded."""
    unknown = sorted(set(fields) - set(RESPONSE_FIELDS))
    if unknown:
        raise ValidationError({name: "cannot be changed" for name in unknown})
    foi_request = response.request
    values = {name: getattr(response, name) for name in RESPONSE_FIELDS} | fields
    current_citations = citations
    if current_citations is None:
        current_citations = [
            CitationInput(c.exemption, c.cited_as, c.subsection, c.public_interest_test, c.ncnd)
            for c in response.citations.select_related("exemption")
        ]
    values["reference"] = response_validate(
        foi_request=foi_request,
        kind=response.kind,
        received_on=values["received_on"],
        outcome=values["outcome"] or "",
        citations=current_citations,
        clarification_received_on=values["clarification_received_on"],
        fee_amount=values["fee_amount"],
        fee_paid_on=values["fee_paid_on"],
        reference=values["reference"],
        questions=questions or (),
    )

    def change():
        for name, value in values.items():
            setattr(response, name, value)
        response.save()
        if citations is not None:
            citations_store(response, citations)
        if questions is not None:
            questions_store(response, questions)

    try:
        _apply(foi_request, change)
    except ValidationError:
        response.refresh_from_db()
        raise
    return response


def response_delete(*, response: Response) -> None:
    """Delete a letter recorded by mistake (its citations and question outcomes with it)."""
    foi_request = response.request
    is_substantive = response.kind == ResponseKindChoices.SUBSTANTIVE

    def change():
        response.delete()
        if (
            is_substantive
            and foi_request.reviews.exists()
            and not foi_request.responses.filter(kind=ResponseKindChoices.SUBSTANTIVE).exists()
            and (
                foi_request.response_due is None
                or foi_request.reviews.order_by("requested_on")[0].requested_on
                <= foi_request.response_due
            )
        ):
            raise ValidationError(
                {"response": "an internal review of it is recorded: delete the review first"}
            )

    _apply(foi_request, change)


def review_update(
    *,
    review: InternalReview,
    requested_on: datetime.date,
    decided_on: datetime.date | None = None,
    outcome: str = "",
    notes: str = "",
) -> InternalReview:
    """Correct an internal review's dates, outcome or notes (clear the decision to reopen)."""
    past_date("requested_on", requested_on)
    not_before("requested_on", requested_on, review.request.received_on, "the request's receipt")
    validate_decision(decided_on, outcome, requested_on, "the review request", ReviewOutcomeChoices)
    if len(notes or "") > 20_000:
        raise ValidationError({"notes": "is at most 20,000 characters"})

    def change():
        review.requested_on = requested_on
        review.decided_on = decided_on
        review.outcome = outcome
        review.notes = notes or ""
        review.save()

    try:
        _apply(review.request, change)
    except ValidationError as error:
        review.refresh_from_db()
        if "received_on" in getattr(error, "error_dict", {}):
            raise ValidationError(
                {"requested_on": "cannot be before the response it reviews"}
            ) from error
        raise
    return review


def review_delete(*, review: InternalReview) -> None:
    _apply(review.request, review.delete)


def complaint_update(
    *,
    complaint: RegulatorComplaint,
    submitted_on: datetime.date,
    reference: str = "",
    decided_on: datetime.date | None = None,
    outcome: str = "",
) -> RegulatorComplaint:
    """Correct a complaint's dates, reference or outcome (clear the decision to reopen)."""
    past_date("submitted_on", submitted_on)
    not_before("submitted_on", submitted_on, complaint.request.received_on, "the request's receipt")
    validate_decision(decided_on, outcome, submitted_on, "the complaint", ComplaintOutcomeChoices)
    if len(reference or "") > 100:
        raise ValidationError({"reference": "is at most 100 characters"})

    def change():
        complaint.submitted_on = submitted_on
        complaint.reference = (reference or "").strip()
        complaint.decided_on = decided_on
        complaint.outcome = outcome
        complaint.save()

    try:
        _apply(complaint.request, change)
    except ValidationError:
        complaint.refresh_from_db()
        raise
    return complaint


def complaint_delete(*, complaint: RegulatorComplaint) -> None:
    _apply(complaint.request, complaint.delete)
