"""Record the authority's letters and the requester's replies that move the clock."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from requests_app.models import Exemption, ExemptionCitation, FOIRequest, QuestionOutcome, Response
from requests_app.models.choices import (
    OutcomeChoices,
    QuestionStatusChoices,
    RegimeChoices,
    ResponseKindChoices,
)
from requests_app.services.deadlines import fee_notice_last_day, original_response_due
from requests_app.services.events import lock_request, request_event_applied
from requests_app.services.validation import day_month_year, in_choices, not_before, past_date

Kind = ResponseKindChoices


@dataclass
class CitationInput:
    exemption: Exemption
    cited_as: str
    subsection: str = ""
    public_interest_test: bool = False
    ncnd: bool = False


@dataclass
class QuestionInput:
    """One numbered question's outcome, as the analyser found it and the user confirmed."""

    number: int
    status: str
    exemptions: Sequence[Exemption] = ()
    held_by: str = ""
    question_text: str = ""


MAX_QUESTIONS = 100


def response_record(
    *,
    foi_request: FOIRequest,
    received_on: datetime.date,
    kind: str,
    outcome: str = "",
    letter_text: str = "",
    attachment=None,
    citations: Sequence[CitationInput] = (),
    clarification_received_on: datetime.date | None = None,
    fee_amount: Decimal | None = None,
    fee_paid_on: datetime.date | None = None,
    reference: str = "",
    questions: Sequence[QuestionInput] = (),
) -> Response:
    """A letter from the authority, its citations, its per-question outcomes, and the
    request's new deadlines. The letter's ``reference`` becomes the request's
    ``authority_reference`` when it has none, so searching for it finds the request."""
    reference = response_validate(
        foi_request=foi_request,
        kind=kind,
        received_on=received_on,
        outcome=outcome,
        citations=citations,
        clarification_received_on=clarification_received_on,
        fee_amount=fee_amount,
        fee_paid_on=fee_paid_on,
        reference=reference,
        questions=questions,
    )
    if kind == Kind.FEES_NOTICE:
        _validate_fees_notice_in_time(foi_request, received_on)

    with transaction.atomic():
        lock_request(foi_request)
        response = Response(
            request=foi_request,
            received_on=received_on,
            kind=kind,
            outcome=outcome,
            letter_text=letter_text,
            clarification_received_on=clarification_received_on,
            fee_amount=fee_amount,
            fee_paid_on=fee_paid_on,
            reference=reference,
        )
        if attachment is not None:
            response.attachment = attachment
        response.save()
        citations_store(response, citations)
        questions_store(response, questions)
        if reference and not foi_request.authority_reference:
            foi_request.authority_reference = reference
            foi_request.save(update_fields=["authority_reference", "updated_at"])
        request_event_applied(foi_request)
    return response


def response_validate(
    *,
    foi_request: FOIRequest,
    kind: str,
    received_on: datetime.date,
    outcome: str = "",
    citations: Sequence[CitationInput] = (),
    clarification_received_on: datetime.date | None = None,
    fee_amount: Decimal | None = None,
    fee_paid_on: datetime.date | None = None,
    reference: str = "",
    questions: Sequence[QuestionInput] = (),
) -> str:
    """Every check a letter's fields must pass, recording or correcting it; returns the
    reference, stripped."""
    in_choices("kind", kind, ResponseKindChoices)
    past_date("received_on", received_on)
    not_before("received_on", received_on, foi_request.received_on, "the request's receipt")
    _validate_kind_fields(
        foi_request, kind, outcome, citations, clarification_received_on, fee_amount, fee_paid_on
    )
    if clarification_received_on is not None:
        past_date("clarification_received_on", clarification_received_on)
        not_before(
            "clarification_received_on", clarification_received_on, received_on, "the request"
        )
    if fee_paid_on is not None:
        past_date("fee_paid_on", fee_paid_on)
        not_before("fee_paid_on", fee_paid_on, received_on, "the fees notice")
    _validate_citations(foi_request, citations)
    reference = (reference or "").strip()
    if len(reference) > 100:
        raise ValidationError({"reference": "is at most 100 characters"})
    validate_questions(foi_request, kind, questions)
    if kind == Kind.EXTENSION_NOTICE:
        _validate_extension_in_time(foi_request, received_on)
    return reference


def citations_store(response: Response, citations: Sequence[CitationInput]) -> None:
    """Replace the response's citations (the history keeps the ones removed)."""
    response.citations.all().delete()
    for citation in citations:
        ExemptionCitation.objects.create(
            response=response,
            exemption=citation.exemption,
            cited_as=citation.cited_as,
            subsection=citation.subsection,
            public_interest_test=citation.public_interest_test,
            ncnd=citation.ncnd,
        )


def validate_questions(
    foi_request: FOIRequest, kind: str, questions: Sequence[QuestionInput]
) -> None:
    if not questions:
        return
    if kind != Kind.SUBSTANTIVE:
        raise ValidationError({"questions": "only a substantive response answers questions"})
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError({"questions": f"at most {MAX_QUESTIONS} questions"})
    seen: set[int] = set()
    for question in questions:
        where = f"question {question.number}"
        if not isinstance(question.number, int) or not 1 <= question.number <= 999:
            raise ValidationError({"questions": "a question number is between 1 and 999"})
        if question.number in seen:
            raise ValidationError({"questions": f"{where} is listed twice"})
        seen.add(question.number)
        if question.status not in QuestionStatusChoices.values:
            raise ValidationError(
                {
                    "questions": f"{where}: status must be one of: "
                    + ", ".join(QuestionStatusChoices.values)
                }
            )
        for exemption in question.exemptions:
            if exemption.regime != foi_request.regime:
                raise ValidationError(
                    {"questions": f"{where}: {exemption.code} is not of the request's regime"}
                )
        if len(question.held_by or "") > 255:
            raise ValidationError({"questions": f"{where}: the holder's name is too long"})
        if len(question.question_text or "") > 2000:
            raise ValidationError({"questions": f"{where}: the question is too long"})


def questions_store(response: Response, questions: Sequence[QuestionInput]) -> None:
    """Set the response's per-question outcomes (validated by ``validate_questions``).

    Rows are matched by number and updated in place, so a correction keeps the link of a
    follow-up request started from a question (``FOIRequest.referred_from``)."""
    existing = {row.number: row for row in response.questions.all()}
    wanted = {question.number for question in questions}
    for number, row in existing.items():
        if number not in wanted:
            row.delete()
    for question in questions:
        row = existing.get(question.number) or QuestionOutcome(
            response=response, number=question.number
        )
        row.status = question.status
        row.held_by = (question.held_by or "").strip()
        row.question_text = (question.question_text or "").strip()
        row.save()
        row.exemptions.set(question.exemptions)


def _validate_kind_fields(
    foi_request, kind, outcome, citations, clarification_received_on, fee_amount, fee_paid_on
) -> None:
    if kind == Kind.SUBSTANTIVE:
        if not outcome:
            raise ValidationError({"outcome": "is required for a substantive response"})
        in_choices("outcome", outcome, OutcomeChoices)
    elif outcome:
        raise ValidationError({"outcome": "only a substantive response has an outcome"})
    if citations and kind != Kind.SUBSTANTIVE:
        raise ValidationError({"citations": "only a substantive response cites exemptions"})
    if clarification_received_on is not None and kind != Kind.CLARIFICATION_REQUEST:
        raise ValidationError({"clarification_received_on": "only for a request for clarification"})
    if kind != Kind.FEES_NOTICE and (fee_amount is not None or fee_paid_on is not None):
        field = "fee_amount" if fee_amount is not None else "fee_paid_on"
        raise ValidationError({field: "only for a fees notice"})
    if fee_amount is not None and Decimal(fee_amount) < 0:
        raise ValidationError({"fee_amount": "cannot be negative"})
    if kind == Kind.EXTENSION_NOTICE and foi_request.regime == RegimeChoices.FOISA:
        raise ValidationError({"kind": "FOISA has no extension of the response deadline"})


def _validate_extension_in_time(foi_request: FOIRequest, received_on: datetime.date) -> None:
    # FOIA s17(2) with s10(3), EIR/EISR reg 7(3): the extension notice is itself due within
    # the 20 WD. A late one extends nothing; the request stays overdue.
    due = original_response_due(foi_request)
    if due is not None and received_on > due:
        raise ValidationError(
            {
                "received_on": "an extension notice must arrive by the original due date, "
                f"{day_month_year(due)}"
            }
        )


def _validate_fees_notice_in_time(foi_request: FOIRequest, received_on: datetime.date) -> None:
    # FOIA s9(1), s10(2) (FOISA s9, EIR/EISR reg 8): the notice is given within the response
    # period; a late one cannot move a deadline that has passed (the law ignores it too).
    last_day = fee_notice_last_day(foi_request)
    if last_day is not None and received_on > last_day:
        environmental = foi_request.regime in (RegimeChoices.EIR, RegimeChoices.EISR)
        label = "an advance payment notice" if environmental else "a fees notice"
        raise ValidationError(
            {
                "received_on": f"{label} must be given by the response deadline, "
                f"{day_month_year(last_day)}; a later one cannot move it"
            }
        )


def _validate_citations(foi_request: FOIRequest, citations: Sequence[CitationInput]) -> None:
    seen: set[int] = set()
    for citation in citations:
        exemption = citation.exemption
        if exemption.regime != foi_request.regime:
            raise ValidationError(
                {
                    "citations": f"{exemption.code} belongs to {exemption.regime}, "
                    f"not the request's regime {foi_request.regime}"
                }
            )
        if exemption.pk in seen:
            raise ValidationError({"citations": f"{exemption.code} is cited twice"})
        seen.add(exemption.pk)


def _require_kind(response: Response, kind: str, field: str) -> None:
    if response.kind != kind:
        raise ValidationError({field: f"only for a {Kind(kind).label.lower()}"})


def clarification_received_record(*, response: Response, received_on: datetime.date) -> Response:
    """The requester clarified: the clock restarts from this day (FOIA s1(3))."""
    _require_kind(response, Kind.CLARIFICATION_REQUEST, "received_on")
    past_date("received_on", received_on)
    not_before("received_on", received_on, response.received_on, "the request for clarification")
    with transaction.atomic():
        response.clarification_received_on = received_on
        response.save(update_fields=["clarification_received_on"])
        request_event_applied(response.request)
    return response


def fee_paid_record(*, response: Response, paid_on: datetime.date) -> Response:
    """The fee was paid: the paused working days are added to the deadline (FOIA s10(2))."""
    _require_kind(response, Kind.FEES_NOTICE, "paid_on")
    past_date("paid_on", paid_on)
    not_before("paid_on", paid_on, response.received_on, "the fees notice")
    with transaction.atomic():
        response.fee_paid_on = paid_on
        response.save(update_fields=["fee_paid_on"])
        request_event_applied(response.request)
    return response
