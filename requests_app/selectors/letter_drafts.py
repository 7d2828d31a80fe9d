"""Gather what a drafted letter needs from a request and its events (``requests_app.drafting``
writes the words)."""

from __future__ import annotations

import dataclasses
import datetime

from requests_app.drafting import (
    CitedExemption,
    LetterFacts,
    NotApplicable,
    QuestionFact,
    ReviewFact,
    draft_complaint,
    draft_review_request,
)
from requests_app.law.calendars import WorkingDayCalendar
from requests_app.models import FOIRequest
from requests_app.models.choices import ResponseKindChoices, StatusChoices
from requests_app.services.calendars import calendar_for_regime
from requests_app.services.deadlines import chain_for, request_facts

DRAFTERS = {"review-request": draft_review_request, "complaint": draft_complaint}
TITLES = {
    "review-request": "Ask for an internal review",
    "complaint": "Complain to the regulator",
}


def letter_facts(
    foi_request: FOIRequest, today: datetime.date, calendar: WorkingDayCalendar | None = None
) -> LetterFacts:
    """Reads the request's responses (with citations and questions), reviews and complaints
    through its relations, so a request from ``request_for_page`` (and its page's
    ``calendar``) costs no more queries."""
    responses = sorted(foi_request.responses.all(), key=lambda r: (r.received_on, r.pk))
    reviews = sorted(foi_request.reviews.all(), key=lambda r: (r.requested_on, r.pk))
    complaints = list(foi_request.complaints.all())
    calendar = calendar or calendar_for_regime(foi_request.regime)
    facts = request_facts(foi_request, responses, reviews, complaints)
    chain = chain_for(foi_request, facts, calendar)
    substantive = [r for r in responses if r.kind == ResponseKindChoices.SUBSTANTIVE]
    # The refusal a review is about is the latest substantive letter (a later, fuller answer
    # replaces the first one), but the response deadline was met or missed by the first.
    latest = substantive[-1] if substantive else None
    first = substantive[0] if substantive else None

    review = reviews[-1] if reviews else None
    review_fact = None
    if review is not None:
        review_fact = ReviewFact(
            requested_on=review.requested_on,
            decided_on=review.decided_on,
            outcome=review.outcome,
            due=chain.review_response_due,
            due_basis=chain.basis.get("review_response_due", ""),
        )
    # A review asked today (or the open one): when must it be decided?
    asked_on = review.requested_on if review and review.decided_on is None else today
    asked = chain_for(
        foi_request,
        dataclasses.replace(facts, review_requested_on=asked_on, review_decided_on=None),
        calendar,
    )
    owner = foi_request.owner
    return LetterFacts(
        regime=foi_request.regime,
        authority=foi_request.authority.name,
        title=foi_request.title,
        sent_on=foi_request.sent_on,
        received_on=foi_request.received_on,
        today=today,
        requester=owner.get_full_name() or owner.get_username(),
        reference=(latest.reference if latest and latest.reference else "")
        or foi_request.authority_reference,
        request_text=foi_request.text,
        response_due=chain.response_due,
        response_on=first.received_on if first else None,
        outcome=latest.outcome if latest else "",
        response_letter=latest.letter_text if latest else "",
        citations=tuple(
            CitedExemption(
                code=c.exemption.code,
                cited_as=c.cited_as,
                subsection=c.subsection,
                public_interest_test=c.public_interest_test,
                ncnd=c.ncnd,
            )
            for c in (latest.citations.all() if latest else [])
        ),
        questions=tuple(
            QuestionFact(q.number, q.status, q.held_by)
            for q in (latest.questions.all() if latest else [])
        ),
        review=review_fact,
        review_decision_due=asked.review_response_due,
        review_decision_basis=asked.basis.get("review_response_due", ""),
        complaint_deadline=chain.regulator_complaint_deadline,
        complaint_basis=chain.basis.get("regulator_complaint_deadline", ""),
    )


def letter_draft(foi_request: FOIRequest, kind: str, today: datetime.date) -> str:
    """The drafted letter's text; ``KeyError`` for an unknown kind, ``NotApplicable`` when the
    request has not reached the point where this letter makes sense."""
    drafter = DRAFTERS[kind]
    if foi_request.withdrawn_on is not None:
        raise NotApplicable("the request was withdrawn")
    if getattr(foi_request, "status", "") == StatusChoices.CLOSED:
        raise NotApplicable("the request is closed")
    return drafter(letter_facts(foi_request, today))


def letters_available(
    foi_request: FOIRequest, today: datetime.date, calendar: WorkingDayCalendar | None = None
) -> list[str]:
    """Which letters the request page offers."""
    if foi_request.withdrawn_on is not None:
        return []
    facts = letter_facts(foi_request, today, calendar)
    available = []
    for kind, drafter in DRAFTERS.items():
        try:
            drafter(facts)
        except NotApplicable:
            continue
        available.append(kind)
    return available
