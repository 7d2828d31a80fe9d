"""What the analyser finds in a letter: plain dataclasses, JSON-ready through ``to_dict``.

Every finding keeps the ``span`` (start, end offsets into the text given to the analyser) of
the words it came from, so a page can highlight why the suggestion was made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

Span = tuple[int, int]


@dataclass
class ExemptionFinding:
    code: str  # catalogue code: "foia-s24", "eir-r12-5-e"
    cited_as: str  # the words as written: "Section 24(1) Safeguarding National Security"
    subsection: str  # "24(1)" when more specific than the catalogue section, else ""
    public_interest_test: bool
    ncnd: bool
    span: Span  # the first mention
    mentions: list[Span] = field(default_factory=list)
    questions: list[int] = field(default_factory=list)  # numbered questions it answers
    # The words that apply it ("is exempt under", "we are relying on"): the first mention
    # itself when the letter cites it with no words either way (a heading).
    evidence: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "cited_as": self.cited_as,
            "subsection": self.subsection,
            "public_interest_test": self.public_interest_test,
            "ncnd": self.ncnd,
            "span": list(self.span),
            "mentions": [list(s) for s in self.mentions],
            "questions": self.questions,
            "evidence": list(self.evidence) if self.evidence else None,
        }


@dataclass
class NotHeldFinding:
    text: str  # the words that say so: "we do not hold the information"
    span: Span
    questions: list[int] = field(default_factory=list)
    held_by: str | None = None  # the other body the letter says holds it
    held_by_span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": list(self.span),
            "questions": self.questions,
            "held_by": self.held_by,
            "held_by_span": list(self.held_by_span) if self.held_by_span else None,
        }


@dataclass
class QuestionFinding:
    number: int
    status: str | None  # answered, partial, refused, not_held, ncnd; None when unclear
    span: Span  # where the letter first deals with the question
    evidence: Span | None = None  # the words that decided the status
    exemptions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "status": self.status,
            "span": list(self.span),
            "evidence": list(self.evidence) if self.evidence else None,
            "exemptions": self.exemptions,
        }


@dataclass
class ReviewWindow:
    amount: int
    unit: str  # working_days, calendar_days, days, weeks, months
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "unit": self.unit, "text": self.text}


@dataclass
class LetterAnalysis:
    regime: str
    regime_inferred: bool
    outcome: str | None  # granted, partial, refused, not_held, ncnd; None when no signal
    exemptions: list[ExemptionFinding]
    not_held: list[NotHeldFinding]
    questions: list[QuestionFinding]
    reference: str | None
    date: date | None
    review_window: ReviewWindow | None
    regulator: str | None  # ico, sic
    # Where the scalar findings came from: "regime", "outcome", "reference", "date",
    # "review_window", "regulator".
    spans: dict[str, Span] = field(default_factory=dict)

    @property
    def codes(self) -> list[str]:
        return [finding.code for finding in self.exemptions]

    def question(self, number: int) -> QuestionFinding | None:
        return next((q for q in self.questions if q.number == number), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "regime_inferred": self.regime_inferred,
            "outcome": self.outcome,
            "exemptions": [finding.to_dict() for finding in self.exemptions],
            "not_held": [finding.to_dict() for finding in self.not_held],
            "questions": [finding.to_dict() for finding in self.questions],
            "reference": self.reference,
            "date": self.date.isoformat() if self.date else None,
            "review_window": self.review_window.to_dict() if self.review_window else None,
            "regulator": self.regulator,
            "spans": {name: list(span) for name, span in self.spans.items()},
        }
