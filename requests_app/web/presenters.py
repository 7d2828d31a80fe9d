"""Shape model data for templates: labels, ordering and working days left. No rules here:
dates come from the deadline service and the law module; this only lays them out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from requests_app.law.calendars import WorkingDayCalendar
from requests_app.models import FOIRequest
from requests_app.models.choices import StatusChoices

DEADLINE_LABELS = {
    "response_due": "Response due",
    "response_due_latest": "Latest response date with a permitted extension",
    "fee_lapses_on": "Request lapses if the fee is not paid",
    "review_request_deadline": "Ask for an internal review by",
    "review_response_due": "Internal review decision due",
    "review_response_due_latest": "Latest internal review decision",
    "regulator_complaint_deadline": "Complain to the regulator by",
}

# The deadlines counted in working days (foi-law.md "Time limits"); the fee lapse (3 months)
# and the regulator complaint (calendar days or months) are not.
WORKING_DAY_DEADLINES = frozenset(
    {
        "response_due",
        "response_due_latest",
        "review_request_deadline",
        "review_response_due",
        "review_response_due_latest",
    }
)


@dataclass(frozen=True)
class DeadlineRow:
    key: str
    label: str
    date: datetime.date
    basis: str
    days_left: int  # working days after today up to the date; negative once passed
    done_on: datetime.date | None = None  # when the step was taken, if it was

    @property
    def passed(self) -> bool:
        return self.days_left < 0

    @property
    def days_ago(self) -> int:
        return -self.days_left

    @property
    def done_in_time(self) -> bool:
        return self.done_on is not None and self.done_on <= self.date


def deadline_rows(
    dates: dict[str, datetime.date | None],
    basis: dict[str, str],
    calendar: WorkingDayCalendar,
    today: datetime.date,
    done: dict[str, datetime.date | None] | None = None,
) -> list[DeadlineRow]:
    done = done or {}
    rows = [
        DeadlineRow(
            key=key,
            label=label,
            date=dates[key],  # type: ignore[arg-type]
            basis=basis.get(key, ""),
            days_left=calendar.days_left(today, dates[key]),  # type: ignore[arg-type]
            done_on=done.get(key),
        )
        for key, label in DEADLINE_LABELS.items()
        if dates.get(key)
    ]
    return sorted(rows, key=lambda row: row.date)


def steps_done(foi_request: FOIRequest, facts) -> dict[str, datetime.date | None]:
    """When each step of the chain was taken: the response, the review request, the review
    decision, the complaint (``facts`` from the deadline service; complaints prefetched)."""
    complaints = sorted(c.submitted_on for c in foi_request.complaints.all())
    return {
        "response_due": facts.answered_on,
        "response_due_latest": facts.answered_on,
        "review_request_deadline": facts.review_requested_on,
        "review_response_due": facts.review_decided_on,
        "review_response_due_latest": facts.review_decided_on,
        "regulator_complaint_deadline": complaints[0] if complaints else None,
    }


def next_deadline_label(foi_request: FOIRequest) -> str:
    """Which step ``next_deadline`` belongs to (the deadline service picks the date)."""
    if foi_request.next_deadline is None:
        return ""
    for key, label in DEADLINE_LABELS.items():
        if getattr(foi_request, key) == foi_request.next_deadline:
            return label
    return "Next deadline"


@dataclass(frozen=True)
class TimelineEntry:
    date: datetime.date
    title: str
    kind: str
    obj: object = None
    detail: str = ""
    segment: str = ""  # the URL segment correcting ``obj`` (responses, reviews, complaints)
    late: bool = False  # a review asked after its window closed


def timeline(foi_request: FOIRequest) -> list[TimelineEntry]:
    """Every event and letter of a request, oldest first (uses prefetched relations)."""
    entries = [TimelineEntry(foi_request.sent_on, "Request sent", "sent")]
    if foi_request.received_on != foi_request.sent_on:
        entries.append(
            TimelineEntry(foi_request.received_on, "Received by the authority", "received")
        )
    for response in foi_request.responses.all():
        title = response.get_kind_display()
        if response.outcome:
            title += f": {response.get_outcome_display()}"
        entries.append(
            TimelineEntry(response.received_on, title, "response", response, segment="responses")
        )
        if response.clarification_received_on:
            entries.append(
                TimelineEntry(
                    response.clarification_received_on, "Clarification sent", "clarification"
                )
            )
        if response.fee_paid_on:
            entries.append(TimelineEntry(response.fee_paid_on, "Fee paid", "fee_paid"))
    for review in foi_request.reviews.all():
        entries.append(
            TimelineEntry(
                review.requested_on,
                "Internal review requested",
                "review",
                review,
                segment="reviews",
                late=review_asked_late(foi_request, review),
            )
        )
        if review.decided_on:
            entries.append(
                TimelineEntry(
                    review.decided_on,
                    f"Internal review decided: {review.get_outcome_display()}",
                    "review_decided",
                    review,
                )
            )
    for complaint in foi_request.complaints.all():
        entries.append(
            TimelineEntry(
                complaint.submitted_on,
                f"Complaint to the {complaint.get_regulator_display()}",
                "complaint",
                complaint,
                segment="complaints",
            )
        )
        if complaint.decided_on:
            entries.append(
                TimelineEntry(
                    complaint.decided_on,
                    f"Regulator's decision: {complaint.get_outcome_display()}",
                    "complaint_decided",
                    complaint,
                )
            )
    if foi_request.withdrawn_on:
        entries.append(TimelineEntry(foi_request.withdrawn_on, "Request withdrawn", "withdrawn"))
    return sorted(entries, key=lambda e: e.date)


def review_asked_late(foi_request: FOIRequest, review) -> bool:
    """Asked after the window to ask closed: still recorded (the authority may agree to
    review), but the requester should know it was late."""
    deadline = foi_request.review_request_deadline
    return deadline is not None and review.requested_on > deadline


STATUS_LABELS = dict(StatusChoices.choices)
ACT_NAMES = {"foia": "FOIA", "eir": "EIR", "foisa": "FOISA", "eisr": "EISR"}


def exemption_label(regime: str, section: str, title: str, *, with_act: bool = False) -> str:
    """ "s24 National security"; with the act, "FOISA s31 National security and defence",
    for lists mixing regimes where the same number means different things."""
    prefix = "reg " if regime in ("eir", "eisr") else "s"
    act = f"{ACT_NAMES.get(regime, regime.upper())} " if with_act else ""
    return f"{act}{prefix}{section} {title}"


def with_status_labels(foi_requests):
    """Give each request annotated by ``with_status`` the label of its status."""
    for foi_request in foi_requests:
        foi_request.status_label = STATUS_LABELS.get(foi_request.status, foi_request.status)
    return foi_requests


def cited(foi_request) -> list:
    """Citations of the first substantive response (the initial outcome's), from the
    ``substantive_responses`` prefetched by ``selectors.browse.with_cited_exemptions``."""
    substantive = foi_request.substantive_responses
    return list(substantive[0].citations.all()) if substantive else []
