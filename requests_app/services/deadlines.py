"""Store a request's stage and deadline chain, computed from its events by the law module.

Every write service calls ``deadlines_recompute`` inside its own transaction, so the stored
columns can never disagree with the events. ``services.deadlines_bulk`` applies the same
rules to many requests at once (a proclaimed bank holiday, ``manage.py recompute_deadlines``).

Stage rules (independent of today; the CASE in ``FOIRequestQuerySet.with_status`` adds today):
1. withdrawn → closed;
2. a regulator complaint not yet decided → with_regulator; every complaint decided → closed;
3. the latest internal review not yet decided → review_requested;
4. a substantive response, or a decided review (FOISA allows a review of a non-response) →
   answered. After a decided review the request stays *answered* rather than closed: the
   requester may still complain to the regulator until ``regulator_complaint_deadline``;
5. a clarification request not yet answered → awaiting_clarification (the clock is stopped);
6. a fees notice not yet paid → fees_pending (the clock is paused; the request lapses on
   ``fee_lapses_on``, so the last day to pay, its next deadline, is the day before);
7. otherwise awaiting_response.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from requests_app.law.calendars import WorkingDayCalendar
from requests_app.law.deadlines import (
    STEPS,
    DeadlineChain,
    FeePause,
    compute_chain,
    counted_fees,
    fee_notice_deadline,
)
from requests_app.models import FOIRequest
from requests_app.models.choices import ResponseKindChoices as Kind
from requests_app.models.choices import StageChoices as Stage
from requests_app.services.calendars import calendar_for_regime

DEADLINE_FIELDS = (
    "stage",
    *STEPS,
    "answered_on",
    "initial_outcome",
    "next_deadline",
)


@dataclass
class RequestFacts:
    """What the events of one request say, in the terms the law module needs."""

    stage: str
    answered_on: datetime.date | None = None
    initial_outcome: str = ""
    clarification_pending: bool = False
    clarification_received_on: datetime.date | None = None
    fees: list[FeePause] = field(default_factory=list)
    extended_on: datetime.date | None = None
    review_requested_on: datetime.date | None = None
    review_decided_on: datetime.date | None = None


def request_facts(
    foi_request: FOIRequest,
    responses,
    reviews,
    complaints,
    calendar: WorkingDayCalendar | None = None,
) -> RequestFacts:
    """``calendar`` decides whether an unpaid fees notice counts (one given after the
    deadline does not); it is read only when such a notice exists."""
    responses = sorted(responses, key=lambda r: (r.received_on, r.id or 0))
    reviews = sorted(reviews, key=lambda r: (r.requested_on, r.id or 0))
    substantive = [r for r in responses if r.kind == Kind.SUBSTANTIVE]
    clarifications = [r for r in responses if r.kind == Kind.CLARIFICATION_REQUEST]
    first = substantive[0] if substantive else None
    latest_review = reviews[-1] if reviews else None
    answered = first is not None
    facts = RequestFacts(
        stage=Stage.AWAITING_RESPONSE,
        answered_on=first.received_on if first else None,
        initial_outcome=first.outcome if first else "",
        # Once answered, an unanswered clarification or an unpaid fee no longer stops the
        # clock: the authority has replied, and the due date is kept for "in time" figures.
        clarification_pending=not answered
        and any(r.clarification_received_on is None for r in clarifications),
        clarification_received_on=max(
            (r.clarification_received_on for r in clarifications if r.clarification_received_on),
            default=None,
        ),
        fees=[
            FeePause(r.received_on, r.fee_paid_on)
            for r in responses
            if r.kind == Kind.FEES_NOTICE and (r.fee_paid_on is not None or not answered)
        ],
        extended_on=min(
            (r.received_on for r in responses if r.kind == Kind.EXTENSION_NOTICE), default=None
        ),
        review_requested_on=latest_review.requested_on if latest_review else None,
        review_decided_on=latest_review.decided_on if latest_review else None,
    )
    if foi_request.withdrawn_on is not None:
        facts.stage = Stage.CLOSED
    elif any(c.decided_on is None for c in complaints):
        facts.stage = Stage.WITH_REGULATOR
    elif complaints:
        facts.stage = Stage.CLOSED
    elif latest_review is not None and latest_review.decided_on is None:
        facts.stage = Stage.REVIEW_REQUESTED
    elif answered or latest_review is not None:
        facts.stage = Stage.ANSWERED
    elif facts.clarification_pending:
        facts.stage = Stage.AWAITING_CLARIFICATION
    elif any(f.paid_on is None for f in facts.fees) and _unpaid_fee_counts(
        foi_request, facts, calendar
    ):
        facts.stage = Stage.FEES_PENDING
    return facts


def _unpaid_fee_counts(
    foi_request: FOIRequest, facts: RequestFacts, calendar: WorkingDayCalendar | None
) -> bool:
    # A notice before a clarification restarted the clock belongs to the old count, and one
    # after the deadline moves nothing (FOIA s9(1), s10(2)): the law decides which count.
    calendar = calendar or calendar_for_regime(foi_request.regime)
    start = facts.clarification_received_on or foi_request.received_on
    return any(f.paid_on is None for f in counted_fees(calendar, start, facts.fees))


def fee_notice_last_day(foi_request: FOIRequest) -> datetime.date | None:
    """The last day a new fees notice can move the clock: the response deadline as the
    notices already given moved it, before any extension (FOIA s9(1), s10(2)). None while a
    clarification is awaited (the count will restart)."""
    calendar = calendar_for_regime(foi_request.regime)
    facts = request_facts(
        foi_request,
        list(foi_request.responses.all()),
        list(foi_request.reviews.all()),
        list(foi_request.complaints.all()),
        calendar,
    )
    if facts.clarification_pending:
        return None
    start = facts.clarification_received_on or foi_request.received_on
    return fee_notice_deadline(calendar, start, counted_fees(calendar, start, facts.fees))


def chain_for(
    foi_request: FOIRequest, facts: RequestFacts, calendar: WorkingDayCalendar
) -> DeadlineChain:
    return compute_chain(
        regime=foi_request.regime,
        received_on=foi_request.received_on,
        calendar=calendar,
        authority_type=foi_request.authority.authority_type,
        clarification_pending=facts.clarification_pending,
        clarification_received_on=facts.clarification_received_on,
        fees=facts.fees,
        extended_on=facts.extended_on,
        responded_on=facts.answered_on,
        review_requested_on=facts.review_requested_on,
        review_decided_on=facts.review_decided_on,
    )


def original_response_due(foi_request: FOIRequest) -> datetime.date | None:
    """The response deadline before any extension: an extension notice must arrive by it
    (FOIA s17(2) with s10(3); EIR/EISR reg 7(3)). None while the clock is stopped."""
    facts = request_facts(
        foi_request,
        list(foi_request.responses.all()),
        list(foi_request.reviews.all()),
        list(foi_request.complaints.all()),
    )
    facts.extended_on = None
    calendar = calendar_for_regime(foi_request.regime)
    return chain_for(foi_request, facts, calendar).response_due


def stage_deadlines(stage: str, dates: dict, review_decided: bool) -> Sequence:
    """The deadlines that matter in a stage, in the order they fall."""
    if stage == Stage.AWAITING_RESPONSE:
        # FOISA s20(5): with no response, the requester may ask for a review until 40 WD
        # after the response deadline, so that window stays ahead once the deadline passed.
        # It is None under the other regimes until a response comes.
        return (
            dates["response_due"],
            dates["response_due_latest"],
            dates["review_request_deadline"],
        )
    if stage == Stage.FEES_PENDING:
        # The deadline to act is the last day to pay, the day before the request lapses.
        lapses_on = dates["fee_lapses_on"]
        return (lapses_on - datetime.timedelta(days=1) if lapses_on else None,)
    if stage == Stage.ANSWERED:
        if review_decided:
            return (dates["regulator_complaint_deadline"],)
        return (dates["review_request_deadline"],)
    if stage == Stage.REVIEW_REQUESTED:
        return (dates["review_response_due"], dates["review_response_due_latest"])
    return ()


def next_deadline_for(
    stage: str, dates: dict, review_decided: bool, today: datetime.date
) -> datetime.date | None:
    """The earliest deadline of the stage that is still ahead (today counts as ahead).

    It depends on today, so ``deadlines_refresh_passed`` moves it on each day for the rows
    whose next deadline went by.
    """
    ahead = [d for d in stage_deadlines(stage, dates, review_decided) if d and d >= today]
    return min(ahead, default=None)


def deadlines_apply(
    foi_request: FOIRequest,
    *,
    responses: Sequence | None = None,
    reviews: Sequence | None = None,
    complaints: Sequence | None = None,
    calendar: WorkingDayCalendar | None = None,
    today: datetime.date | None = None,
) -> FOIRequest:
    """Set ``stage`` and the deadline columns from the events, without saving.

    For services that save the request themselves (one write, one history row). Events not
    given are loaded from the database (none for a request not yet saved).
    """
    saved = foi_request.pk is not None
    if responses is None:
        responses = list(foi_request.responses.all()) if saved else []
    if reviews is None:
        reviews = list(foi_request.reviews.all()) if saved else []
    if complaints is None:
        complaints = list(foi_request.complaints.all()) if saved else []
    today = today or timezone.localdate()
    calendar = calendar or calendar_for_regime(foi_request.regime)
    facts = request_facts(foi_request, responses, reviews, complaints, calendar)
    dates = chain_for(foi_request, facts, calendar).dates()
    for name, value in dates.items():
        setattr(foi_request, name, value)
    foi_request.stage = facts.stage
    foi_request.answered_on = facts.answered_on
    foi_request.initial_outcome = facts.initial_outcome
    foi_request.next_deadline = next_deadline_for(
        facts.stage, dates, facts.review_decided_on is not None, today
    )
    return foi_request


def deadlines_recompute(
    foi_request: FOIRequest,
    *,
    today: datetime.date | None = None,
    calendar: WorkingDayCalendar | None = None,
) -> FOIRequest:
    """Recompute ``stage`` and every deadline column of one request from its events; saved.

    Queries: the proclaimed days (unless ``calendar`` is given), the responses, the reviews,
    the complaints, then one UPDATE (plus simple_history's INSERT).
    """
    with transaction.atomic():
        deadlines_apply(foi_request, calendar=calendar, today=today)
        foi_request.save(update_fields=[*DEADLINE_FIELDS, "updated_at"])
    return foi_request
