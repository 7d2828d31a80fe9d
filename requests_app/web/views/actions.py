"""The things that can happen to a request, each one form and one service call.

Availability here is only about what the page offers (a "fee paid" form needs an unpaid fees
notice); the services validate every input whatever the page offered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages

from requests_app.models import Exemption, FOIRequest
from requests_app.models.choices import RegimeChoices, ResponseKindChoices
from requests_app.services.requests import foi_request_withdraw
from requests_app.services.responses import (
    CitationInput,
    QuestionInput,
    clarification_received_record,
    fee_paid_record,
    response_record,
)
from requests_app.services.reviews import (
    complaint_decide,
    complaint_record,
    review_decide,
    review_record,
)
from requests_app.services.validation import day_month_year
from requests_app.web.forms import actions as action_forms
from requests_app.web.presenters import exemption_label, review_asked_late

Kind = ResponseKindChoices


def _pending_clarifications(r: FOIRequest) -> list:
    return [
        x
        for x in r.responses.all()
        if x.kind == Kind.CLARIFICATION_REQUEST and x.clarification_received_on is None
    ]


def _pending_fees(r: FOIRequest) -> list:
    return [x for x in r.responses.all() if x.kind == Kind.FEES_NOTICE and x.fee_paid_on is None]


def _open_reviews(r: FOIRequest) -> list:
    return [x for x in r.reviews.all() if x.decided_on is None]


def _open_complaints(r: FOIRequest) -> list:
    return [x for x in r.complaints.all() if x.decided_on is None]


def _by_pk(items: list, pk: int):
    return next(x for x in items if x.pk == pk)


@dataclass(frozen=True)
class Action:
    slug: str
    title: str
    form_class: type[forms.Form]
    # (foi_request, form, citations) -> success message, or (message level, message)
    perform: Callable[..., str | tuple[int, str]]
    pending: Callable[[FOIRequest], list] | None = None
    offered: Callable[[FOIRequest], bool] = field(default=lambda r: True)
    # A service names its arguments; when the form calls the field differently, map it.
    aliases: dict[str, str] = field(default_factory=dict)

    def is_offered(self, foi_request: FOIRequest) -> bool:
        if self.pending is not None and not self.pending(foi_request):
            return False
        return self.offered(foi_request)

    def form(self, foi_request: FOIRequest, data=None, files=None, initial=None):
        kwargs = {"prefix": self.slug, "initial": initial}
        if self.pending is not None:
            kwargs["pending"] = self.pending(foi_request)
        return self.form_class(data, files, **kwargs)


def _record_response(foi_request, form, citations, questions=()) -> str:
    data = form.cleaned_data
    response_record(
        foi_request=foi_request,
        received_on=data["received_on"],
        kind=Kind.SUBSTANTIVE,
        outcome=data["outcome"],
        letter_text=data["letter_text"],
        attachment=data.get("attachment") or None,
        citations=citations,
        reference=data.get("reference", ""),
        questions=questions,
    )
    return "Response recorded. The deadlines below have moved on."


def _record_letter(kind: str, message: str):
    def perform(foi_request, form, citations) -> str:
        data = form.cleaned_data
        response_record(
            foi_request=foi_request,
            received_on=data["received_on"],
            kind=kind,
            letter_text=data.get("letter_text", ""),
            clarification_received_on=data.get("clarification_received_on"),
            fee_amount=data.get("fee_amount"),
            fee_paid_on=data.get("fee_paid_on"),
        )
        return message

    return perform


def _clarification_sent(foi_request, form, citations) -> str:
    response = _by_pk(_pending_clarifications(foi_request), form.cleaned_data["response"])
    clarification_received_record(response=response, received_on=form.cleaned_data["received_on"])
    return "Clarification recorded: the clock restarted from that day."


def _fee_paid(foi_request, form, citations) -> str:
    response = _by_pk(_pending_fees(foi_request), form.cleaned_data["response"])
    fee_paid_record(response=response, paid_on=form.cleaned_data["paid_on"])
    return "Payment recorded: the paused working days are added back."


def _review(foi_request, form, citations):
    review = review_record(
        foi_request=foi_request,
        requested_on=form.cleaned_data["requested_on"],
        notes=form.cleaned_data["notes"],
    )
    if review_asked_late(foi_request, review):
        closed_on = day_month_year(foi_request.review_request_deadline)
        return (
            messages.WARNING,
            "Internal review recorded, but it was asked after the window closed on "
            f"{closed_on}: the authority may decline to review it. Its decision date is below.",
        )
    return "Internal review recorded, with the date its decision is due."


def _review_decision(foi_request, form, citations) -> str:
    review = _by_pk(_open_reviews(foi_request), form.cleaned_data["review"])
    review_decide(
        review=review,
        decided_on=form.cleaned_data["decided_on"],
        outcome=form.cleaned_data["outcome"],
    )
    return "Review decision recorded."


def _complaint(foi_request, form, citations) -> str:
    complaint_record(
        foi_request=foi_request,
        submitted_on=form.cleaned_data["submitted_on"],
        regulator=form.cleaned_data["regulator"],
        reference=form.cleaned_data["reference"],
    )
    return "Complaint to the regulator recorded."


def _complaint_decision(foi_request, form, citations) -> str:
    complaint = _by_pk(_open_complaints(foi_request), form.cleaned_data["complaint"])
    complaint_decide(
        complaint=complaint,
        decided_on=form.cleaned_data["decided_on"],
        outcome=form.cleaned_data["outcome"],
    )
    return "Regulator's decision recorded."


def _withdraw(foi_request, form, citations) -> str:
    foi_request_withdraw(foi_request=foi_request, withdrawn_on=form.cleaned_data["withdrawn_on"])
    return "Request withdrawn. No more reminders will be sent for it."


ACTIONS: dict[str, Action] = {
    a.slug: a
    for a in [
        Action(
            "response",
            "Record a response",
            action_forms.ResponseForm,
            _record_response,
            aliases={"citations": "__all__", "questions": "__all__"},
        ),
        Action(
            "clarification",
            "Record a request for clarification",
            action_forms.ClarificationForm,
            _record_letter(Kind.CLARIFICATION_REQUEST, "Request for clarification recorded."),
        ),
        Action(
            "clarification-sent",
            "Record your clarification",
            action_forms.ClarificationSentForm,
            _clarification_sent,
            pending=_pending_clarifications,
        ),
        Action(
            "fee",
            "Record a fees notice",
            action_forms.FeeForm,
            _record_letter(Kind.FEES_NOTICE, "Fees notice recorded."),
        ),
        Action(
            "fee-paid",
            "Record a fee payment",
            action_forms.FeePaidForm,
            _fee_paid,
            pending=_pending_fees,
        ),
        Action(
            "extension",
            "Record an extension notice",
            action_forms.ExtensionForm,
            _record_letter(
                Kind.EXTENSION_NOTICE, "Extension recorded: the response is now due later."
            ),
            offered=lambda r: r.regime != RegimeChoices.FOISA,
            aliases={"kind": "__all__"},
        ),
        Action(
            "review",
            "Record an internal review request",
            action_forms.ReviewForm,
            _review,
            offered=lambda r: not _open_reviews(r),
        ),
        Action(
            "review-decision",
            "Record the internal review decision",
            action_forms.ReviewDecisionForm,
            _review_decision,
            pending=_open_reviews,
        ),
        Action(
            "complaint",
            "Record a complaint to the regulator",
            action_forms.ComplaintForm,
            _complaint,
            offered=lambda r: not _open_complaints(r),
        ),
        Action(
            "complaint-decision",
            "Record the regulator's decision",
            action_forms.ComplaintDecisionForm,
            _complaint_decision,
            pending=_open_complaints,
        ),
        Action(
            "withdraw",
            "Withdraw the request",
            action_forms.WithdrawForm,
            _withdraw,
            offered=lambda r: r.withdrawn_on is None,
        ),
    ]
}


def exemption_choices(regime: str) -> tuple[list[tuple[str, str]], dict[str, Exemption]]:
    exemptions = list(Exemption.objects.filter(regime=regime).order_by("id"))
    return (
        [(e.code, exemption_label(e.regime, e.section, e.title)) for e in exemptions],
        {e.code: e for e in exemptions},
    )


def citation_inputs(formset, by_code: dict[str, Exemption]) -> list[CitationInput]:
    inputs = []
    for data in formset.cleaned_data:
        code = data.get("exemption")
        if not code:
            continue
        exemption = by_code[code]
        subsection = data.get("subsection", "")
        prefix = (
            "Regulation"
            if exemption.regime in (RegimeChoices.EIR, RegimeChoices.EISR)
            else "Section"
        )
        inputs.append(
            CitationInput(
                exemption=exemption,
                cited_as=data.get("cited_as") or f"{prefix} {subsection or exemption.section}",
                subsection=subsection,
                public_interest_test=data.get("public_interest_test", False),
                ncnd=data.get("ncnd", False),
            )
        )
    return inputs


def question_inputs(formset, by_code: dict[str, Exemption]) -> list[QuestionInput]:
    return [
        QuestionInput(
            number=data["number"],
            status=data["status"],
            exemptions=[by_code[code] for code in data.get("exemptions", []) if code in by_code],
            held_by=data.get("held_by", ""),
            question_text=data.get("question_text", ""),
        )
        for data in formset.cleaned_data
        if data
    ]
