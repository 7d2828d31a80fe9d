"""What follows a filed reply: the response it proposes, confirmed or dismissed by the
requester in one step; acknowledgements recorded without asking; the requester told.

The proposal is the letter analyser's reading stored on the message (``analysis``). Confirming
records it through ``response_record`` (so the deadlines are recomputed and the history kept)
with whatever corrections the requester made, and links the response to the message.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from requests_app.law.exemptions import BY_CODE
from requests_app.mail.acknowledgement import is_acknowledgement
from requests_app.mail.quoting import new_text
from requests_app.models import EmailMessage, Exemption, Response
from requests_app.models.choices import OutcomeChoices, ResponseKindChoices
from requests_app.models.email_messages import EmailKindChoices, ProposalStateChoices
from requests_app.services.mail_delivery import enqueue
from requests_app.services.responses import CitationInput, QuestionInput, response_record

logger = logging.getLogger(__name__)


@dataclass
class Proposal:
    """The response a reply proposes, as the form shows it and the service records it."""

    kind: str
    received_on: datetime.date
    outcome: str
    reference: str
    exemption_codes: list[str]
    # From the analysis, kept when confirmed as proposed.
    findings: dict[str, dict[str, Any]] = field(default_factory=dict)
    questions: list[dict[str, Any]] = field(default_factory=list)
    holders: dict[int, str] = field(default_factory=dict)  # question number -> who holds it
    letter_text: str = ""


def proposal_for(message: EmailMessage) -> Proposal:
    """The proposal of ``message`` (a reply matched to a request, with an analysis)."""
    analysis = message.analysis or {}
    regime = message.foi_request.regime if message.foi_request else ""
    findings = {
        finding["code"]: finding
        for finding in analysis.get("exemptions", [])
        if finding.get("code", "").startswith(f"{regime}-") and finding["code"] in BY_CODE
    }
    received = _date(analysis.get("date")) or _local_date(message.sent_at or message.created_at)
    outcome = analysis.get("outcome") or ""
    return Proposal(
        kind=ResponseKindChoices.SUBSTANTIVE,
        received_on=received,
        outcome=outcome if outcome in OutcomeChoices.values else "",
        reference=(analysis.get("reference") or "")[:100],
        exemption_codes=list(findings),
        findings=findings,
        questions=[q for q in analysis.get("questions", []) if q.get("status")],
        holders={
            int(number): finding["held_by"]
            for finding in analysis.get("not_held", [])
            if finding.get("held_by")
            for number in finding.get("questions", [])
        },
        letter_text=analysis.get("text", ""),
    )


def email_proposal_confirm(
    *,
    message: EmailMessage,
    kind: str,
    received_on: datetime.date,
    outcome: str = "",
    reference: str = "",
    exemption_codes: Sequence[str] = (),
) -> Response:
    """Record the response ``message`` proposes, as the requester confirmed or corrected it.
    Raises ``ValidationError`` naming the field (nothing is saved then)."""
    with transaction.atomic():
        locked = (
            EmailMessage.objects.select_for_update(of=("self",))
            .select_related("foi_request")
            .get(pk=message.pk)
        )
        _check_pending(locked)
        proposal = proposal_for(locked)
        foi_request = locked.foi_request
        assert foi_request is not None  # _check_pending
        exemptions = _exemptions(exemption_codes, foi_request.regime)
        citations = [
            _citation(exemption, proposal.findings.get(exemption.code)) for exemption in exemptions
        ]
        # Per-question outcomes only hold while the requester kept the analyser's outcome and
        # exemptions: once they correct those, the analyser's per-question reading is stale.
        as_proposed = outcome == proposal.outcome and set(exemption_codes) == set(proposal.findings)
        questions = _questions(proposal, exemptions) if as_proposed else []
        response = response_record(
            foi_request=foi_request,
            received_on=received_on,
            kind=kind,
            outcome=outcome if kind == ResponseKindChoices.SUBSTANTIVE else "",
            letter_text=proposal.letter_text or locked.body_text,
            citations=citations if kind == ResponseKindChoices.SUBSTANTIVE else [],
            reference=reference,
            questions=questions if kind == ResponseKindChoices.SUBSTANTIVE else [],
        )
        locked.proposal_state = ProposalStateChoices.CONFIRMED
        locked.response = response
        locked.save(update_fields=["proposal_state", "response"])
    return response


def email_proposal_dismiss(*, message: EmailMessage) -> EmailMessage:
    """The requester says the reply records nothing (or records it by hand): no response."""
    with transaction.atomic():
        locked = EmailMessage.objects.select_for_update().get(pk=message.pk)
        _check_pending(locked)
        locked.proposal_state = ProposalStateChoices.DISMISSED
        locked.save(update_fields=["proposal_state"])
    return locked


def email_reply_followups(message: EmailMessage) -> None:
    """Run inside the filing transaction of a reply matched to a request: an
    acknowledgement is recorded at once; the requester is told a reply arrived."""
    if message.foi_request_id is None or message.direction != "in":
        return
    if message.kind == EmailKindChoices.REPLY and message.proposal_state == "pending":
        _record_if_acknowledgement(message)
    transaction.on_commit(lambda: enqueue("requests_app.tasks.email_reply_notify", message.pk))


def _record_if_acknowledgement(message: EmailMessage) -> None:
    if not is_acknowledgement(new_text(message.body_text), message.analysis):
        return
    proposal = proposal_for(message)
    try:
        with transaction.atomic():  # a savepoint: a refused record leaves the proposal
            email_proposal_confirm(
                message=message,
                kind=ResponseKindChoices.ACKNOWLEDGEMENT,
                received_on=proposal.received_on,
            )
    except ValidationError as error:
        logger.info("acknowledgement %s left for the requester: %s", message.pk, error)
        return
    message.refresh_from_db(fields=["proposal_state", "response"])


def _check_pending(message: EmailMessage) -> None:
    if message.foi_request_id is None:
        raise ValidationError({"message": "this message is not filed against a request"})
    if message.proposal_state != ProposalStateChoices.PENDING:
        state = ProposalStateChoices(message.proposal_state).label.lower()
        raise ValidationError({"message": f"this reply has no proposal awaiting you ({state})"})


def _exemptions(codes: Sequence[str], regime: str) -> list[Exemption]:
    wanted = list(dict.fromkeys(codes))
    found = {e.code: e for e in Exemption.objects.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found or found[code].regime != regime]
    if unknown:
        raise ValidationError(
            {"exemption_codes": f"not an exemption of this request's law: {', '.join(unknown)}"}
        )
    return [found[code] for code in wanted]


def _citation(exemption: Exemption, finding: dict[str, Any] | None) -> CitationInput:
    if finding is None:  # added by the requester
        return CitationInput(exemption=exemption, cited_as=exemption.section)
    return CitationInput(
        exemption=exemption,
        cited_as=(finding.get("cited_as") or exemption.section)[:255],
        subsection=finding.get("subsection") or "",
        public_interest_test=bool(finding.get("public_interest_test")),
        ncnd=bool(finding.get("ncnd")),
    )


def _questions(proposal: Proposal, exemptions: list[Exemption]) -> list[QuestionInput]:
    by_code = {e.code: e for e in exemptions}
    return [
        QuestionInput(
            number=int(question["number"]),
            status=question["status"],
            exemptions=[by_code[c] for c in question.get("exemptions", []) if c in by_code],
            held_by=proposal.holders.get(int(question["number"]), "")[:255],
        )
        for question in proposal.questions
    ]


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()
