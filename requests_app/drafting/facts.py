"""What a drafted letter needs to know about a request, gathered by the caller."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


class NotApplicable(Exception):
    """There is nothing for this letter to be about yet (the reason says why)."""


@dataclass(frozen=True)
class CitedExemption:
    code: str  # catalogue code: "foia-s24"
    cited_as: str = ""  # as the letter wrote it
    subsection: str = ""  # "24(1)"
    public_interest_test: bool = False
    ncnd: bool = False


@dataclass(frozen=True)
class QuestionFact:
    number: int
    status: str  # answered, partial, refused, not_held, ncnd
    held_by: str = ""


@dataclass(frozen=True)
class ReviewFact:
    requested_on: datetime.date
    decided_on: datetime.date | None = None
    outcome: str = ""  # upheld, partially_overturned, overturned
    due: datetime.date | None = None  # the decision's due date under the law
    due_basis: str = ""


@dataclass(frozen=True)
class LetterFacts:
    regime: str  # foia, eir, foisa, eisr
    authority: str
    title: str
    sent_on: datetime.date
    received_on: datetime.date
    today: datetime.date  # the date the letter is written
    requester: str = ""
    reference: str = ""  # the authority's
    request_text: str = ""
    response_due: datetime.date | None = None
    response_on: datetime.date | None = None  # the first substantive response
    outcome: str = ""  # granted, partial, refused, not_held, ncnd
    response_letter: str = ""  # its text, to see whether advice was offered
    citations: tuple[CitedExemption, ...] = ()
    questions: tuple[QuestionFact, ...] = ()
    review: ReviewFact | None = None  # the latest internal review
    # For a review asked on ``today``: the date its decision is due, and why.
    review_decision_due: datetime.date | None = None
    review_decision_basis: str = ""
    complaint_deadline: datetime.date | None = None
    complaint_basis: str = ""
    extra: dict[str, str] = field(default_factory=dict)
