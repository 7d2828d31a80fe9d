"""The authority's emails on the request page, and the response each reply proposes: the
requester confirms it as it stands in one click, or corrects it on one page, or dismisses it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from requests_app.law.exemptions import BY_CODE
from requests_app.models import EmailAttachment, EmailMessage, FOIRequest
from requests_app.models.choices import OutcomeChoices, ResponseKindChoices
from requests_app.models.email_messages import EmailDirectionChoices, ProposalStateChoices
from requests_app.selectors.access import can_manage_request
from requests_app.selectors.web_requests import request_for_page
from requests_app.services.email_proposals import (
    Proposal,
    email_proposal_confirm,
    email_proposal_dismiss,
    proposal_for,
)
from requests_app.web.forms.base import add_service_errors
from requests_app.web.forms.email_proposals import ProposalForm
from requests_app.web.views.actions import exemption_choices

OUTCOME_LABELS = dict(OutcomeChoices.choices)


def email_replies_context(foi_request: FOIRequest, manage: bool) -> dict[str, Any]:
    """The request page's "Emails received" section: two queries (the incoming messages and
    their attachments, without the attachments' bytes)."""
    received = list(
        foi_request.email_messages.filter(direction=EmailDirectionChoices.IN)
        .defer("raw")
        .select_related("response")
        .prefetch_related(
            Prefetch(
                "attachments", queryset=EmailAttachment.objects.defer("content").order_by("id")
            )
        )
        .order_by("created_at", "id")
    )
    rows = []
    for message in received:
        if not manage:
            _mask_token(message, foi_request.reply_token)
        pending = message.proposal_state == ProposalStateChoices.PENDING
        rows.append(
            {
                "message": message,
                "proposal": _describe(proposal_for(message)) if pending else None,
            }
        )
    return {"received_emails": rows, "can_confirm": manage}


def _mask_token(message: EmailMessage, token: str) -> None:
    """Whoever knows a request's reply token can file mail against it, and a reply often
    quotes the address: for readers who do not manage the request, the token is starred out
    (as in the messages API), in memory only, keeping every text's length and so its spans."""
    if not token:
        return
    mask = "*" * len(token)
    message.subject = message.subject.replace(token, mask)
    message.body_text = message.body_text.replace(token, mask)
    if message.analysis and isinstance(message.analysis.get("text"), str):
        message.analysis = {
            **message.analysis,
            "text": message.analysis["text"].replace(token, mask),
        }


def _describe(proposal: Proposal) -> dict[str, Any]:
    text = proposal.letter_text
    exemptions = []
    for code, finding in proposal.findings.items():
        evidence = finding.get("evidence") or finding.get("span")
        words = text[evidence[0] : evidence[1]] if evidence and text else ""
        entry = BY_CODE[code]
        exemptions.append(
            {"code": code, "entry": entry, "cited_as": finding.get("cited_as"), "words": words}
        )
    not_held = [
        {"number": q["number"], "held_by": proposal.holders.get(int(q["number"]), "")}
        for q in proposal.questions
        if q.get("status") == "not_held"
    ]
    return {
        "received_on": proposal.received_on,
        "outcome": OUTCOME_LABELS.get(proposal.outcome, ""),
        "reference": proposal.reference,
        "exemptions": exemptions,
        "not_held": not_held,
        "questions": proposal.questions,
    }


def _message_for(request: HttpRequest, pk: int, email_pk: int) -> tuple[FOIRequest, EmailMessage]:
    foi_request = request_for_page(request.user, pk, timezone.localdate())
    if foi_request is None:
        raise Http404("No such request")
    if not can_manage_request(request.user, foi_request):
        raise PermissionDenied("Only the requester or their organisation's staff can do this")
    message = (
        EmailMessage.objects.filter(
            pk=email_pk, foi_request=foi_request, direction=EmailDirectionChoices.IN
        )
        .select_related("foi_request")
        .first()
    )
    if message is None:
        raise Http404("No such email on this request")
    return foi_request, message


@login_required
@require_POST
def proposal_confirm(request: HttpRequest, pk: int, email_pk: int) -> HttpResponse:
    """One click: record the response exactly as proposed."""
    foi_request, message = _message_for(request, pk, email_pk)
    proposal = proposal_for(message)
    try:
        email_proposal_confirm(
            message=message,
            kind=proposal.kind,
            received_on=proposal.received_on,
            outcome=proposal.outcome,
            reference=proposal.reference,
            exemption_codes=proposal.exemption_codes,
        )
    except ValidationError as error:
        # The proposal does not stand as it is (no outcome found, a date before the request):
        # the correction page shows why, on the field to change.
        messages.warning(request, "The proposal needs a correction before it can be recorded.")
        return _proposal_page(request, foi_request, message, data=_as_data(proposal), error=error)
    messages.success(request, "Recorded the response from the email; the deadlines are updated.")
    return redirect("web:request_detail", pk=foi_request.pk)


@login_required
def proposal_correct(request: HttpRequest, pk: int, email_pk: int) -> HttpResponse:
    foi_request, message = _message_for(request, pk, email_pk)
    if request.method == "POST":
        return _proposal_page(request, foi_request, message, data=request.POST)
    return _proposal_page(request, foi_request, message)


@login_required
@require_POST
def proposal_dismiss(request: HttpRequest, pk: int, email_pk: int) -> HttpResponse:
    foi_request, message = _message_for(request, pk, email_pk)
    try:
        email_proposal_dismiss(message=message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(request, "Nothing recorded from that email.")
    return redirect("web:request_detail", pk=foi_request.pk)


def _as_data(proposal: Proposal) -> dict[str, Any]:
    return {
        "kind": proposal.kind,
        "received_on": f"{proposal.received_on:%d/%m/%Y}",
        "outcome": proposal.outcome,
        "reference": proposal.reference,
        "exemption_codes": proposal.exemption_codes,
    }


def _proposal_page(
    request: HttpRequest,
    foi_request: FOIRequest,
    message: EmailMessage,
    *,
    data=None,
    error: ValidationError | None = None,
) -> HttpResponse:
    choices, _ = exemption_choices(foi_request.regime)
    pending = message.proposal_state == ProposalStateChoices.PENDING
    proposal = proposal_for(message)
    form = ProposalForm(data, initial=_as_data(proposal), exemption_choices=choices)
    status = 200
    if data is not None and pending:
        if error is None and form.is_valid():
            try:
                email_proposal_confirm(message=message, **form.cleaned_data)
            except ValidationError as service_error:
                error = service_error
            else:
                messages.success(request, "Recorded the response; the deadlines are updated.")
                return redirect("web:request_detail", pk=foi_request.pk)
        if error is not None:
            form.is_valid()
            add_service_errors(form, error, {"message": "__all__"})
        status = 400
    context = {
        "foi_request": foi_request,
        "email": message,
        "form": form,
        "pending": pending,
        "proposal": _describe(proposal) if pending else None,
        "kinds": ResponseKindChoices,
    }
    return render(request, "web/email_proposal.html", context, status=status)
