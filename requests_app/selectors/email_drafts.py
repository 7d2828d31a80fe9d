"""What an email to the authority would say and whether it may go: the preview the request
page shows before sending, and the content the sending services store.

Three kinds (``EmailKindChoices``): the request itself, the chaser when the answer is overdue,
and the internal review request. Follow-ups are threaded under the messages already
exchanged: ``In-Reply-To`` the latest, ``References`` the chain, subject "Re: <first>".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.utils import timezone

from requests_app.drafting import (
    LetterFacts,
    NotApplicable,
    draft_chaser,
    draft_request,
    draft_review_request,
    reply_subject,
    request_subject,
)
from requests_app.models import Campaign, EmailMessage, FOIRequest, Response
from requests_app.models.email_messages import EmailDirectionChoices as Direction
from requests_app.models.email_messages import EmailKindChoices as Kind
from requests_app.models.email_messages import EmailStatusChoices as Status
from requests_app.models.email_messages import ProposalStateChoices as ProposalState
from requests_app.selectors.access import requests_managed_by
from requests_app.selectors.letter_drafts import letter_facts
from requests_app.services.validation import day_month_year

# The web's URL segment for each kind.
SLUGS = {Kind.REQUEST: "request", Kind.CHASER: "chaser", Kind.REVIEW_REQUEST: "review-request"}
KIND_BY_SLUG = {slug: kind for kind, slug in SLUGS.items()}
TITLES = {
    Kind.REQUEST: "Send the request by email",
    Kind.CHASER: "Chase the overdue response",
    Kind.REVIEW_REQUEST: "Send the internal review request",
}
# References beyond this many keep the first and the latest (RFC 5322 3.6.4 allows trimming).
MAX_REFERENCES = 10


@dataclass(frozen=True)
class EmailDraft:
    kind: str
    to: str  # the authority's FOI address ("" when it has none)
    subject: str
    body: str
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    # field -> reason, as the API answers a 400; empty when the email may be sent.
    problems: dict[str, str] = field(default_factory=dict)


def authority_email_problem(foi_request: FOIRequest) -> str:
    """Why the authority cannot be written to, naming the field to fill in, or ""."""
    if foi_request.authority.email:
        return ""
    return (
        f"{foi_request.authority.name} has no FOI email address: the authority's email "
        "field is empty. Site staff can add it in the admin (Public authorities); or send the "
        "letter from your own email and record it here."
    )


def _messages(foi_request: FOIRequest) -> list[EmailMessage]:
    """The request's messages in both directions, oldest first."""
    return list(
        foi_request.email_messages.only(
            "message_id",
            "direction",
            "kind",
            "status",
            "proposal_state",
            "subject",
            "created_at",
            "foi_request_id",
        ).order_by("created_at", "id")
    )


def _reached(message: EmailMessage) -> bool:
    # A failed send never reached anyone: it is no part of the thread.
    return not (message.direction == Direction.OUT and message.status == Status.FAILED)


def reply_waiting(message: EmailMessage) -> bool:
    """An authority's emailed reply whose proposed response nobody has confirmed or
    dismissed yet: its answer, not yet recorded."""
    return (
        message.direction == Direction.IN
        and message.kind == Kind.REPLY
        and message.proposal_state == ProposalState.PENDING
    )


def _problems(
    foi_request: FOIRequest, kind: str, messages: list[EmailMessage], today: datetime.date
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if foi_request.withdrawn_on is not None:
        problems["request"] = "the request was withdrawn"
    if reason := authority_email_problem(foi_request):
        problems["authority"] = reason
    if not foi_request.reply_to_address:
        problems["reply_to_address"] = (
            "this site has no inbound email domain (INBOUND_EMAIL_DOMAIN), so replies could "
            "not come back to the tracker: ask the site's administrator"
        )
    # A failed request blocks a new one: "Try again" re-sends it under its Message-ID.
    sent_before = [m for m in messages if m.direction == Direction.OUT and m.kind == kind]
    if kind == Kind.REQUEST:
        if sent_before:
            problems["request"] = _already(sent_before[0], "the request")
        elif foi_request.responses.exists():
            problems["request"] = "the authority has already responded to this request"
    elif kind == Kind.CHASER:
        if any(timezone_day(m) == today for m in sent_before if _reached(m)):
            problems["kind"] = "a chaser was already sent today"
        # A reply that came by email is the authority's answer, not yet recorded: chasing
        # it as if none had come would be wrong, and embarrassing.
        elif waiting := [m for m in messages if reply_waiting(m)]:
            problems["kind"] = (
                f"{foi_request.authority.name} replied by email on "
                f"{day_month_year(timezone_day(waiting[0]))}: confirm or dismiss that reply "
                "(under Emails received on the request's page) before chasing"
            )
    elif (
        kind == Kind.REVIEW_REQUEST and foi_request.reviews.filter(decided_on__isnull=True).exists()
    ):
        problems["kind"] = "an internal review is already open"
    return problems


def _request_facts(foi_request: FOIRequest, today: datetime.date) -> LetterFacts:
    owner = foi_request.owner
    return LetterFacts(
        regime=foi_request.regime,
        authority=foi_request.authority.name,
        title=foi_request.title,
        sent_on=today,
        received_on=today,
        today=today,
        requester=owner.get_full_name() or owner.get_username(),
        request_text=foi_request.text,
    )


def timezone_day(message: EmailMessage) -> datetime.date:
    return timezone.localdate(message.created_at)


def _already(message: EmailMessage, what: str) -> str:
    if message.status == Status.SENT:
        return f"{what} was already sent by email on {day_month_year(timezone_day(message))}"
    if message.status == Status.FAILED:
        return f"sending {what} by email failed: use “Try again” on the request page"
    return f"{what} is already being sent by email"


def email_draft(
    foi_request: FOIRequest, kind: str, today: datetime.date, *, body: str = ""
) -> EmailDraft:
    """The email of ``kind`` for ``foi_request`` as it would go today, with what stops it
    (``problems``). ``body``: the requester's own wording of a review request (the drafted
    letter otherwise). ``foi_request`` needs its authority and owner; its responses and
    reviews are read through its relations (prefetched by the request page)."""
    messages = _messages(foi_request)
    problems = _problems(foi_request, kind, messages, today)
    thread = [m for m in messages if _reached(m)]
    # The request itself needs no events: skip reading them (and the calendar) per request
    # of a campaign.
    facts = _request_facts(foi_request, today) if kind == Kind.REQUEST else None
    facts = facts or letter_facts(foi_request, today)
    first = next((m for m in thread if m.direction == Direction.OUT), None)
    subject = first.subject if first else request_subject(foi_request.regime, foi_request.title)
    text = ""
    try:
        if kind == Kind.REQUEST:
            text = draft_request(facts)
        elif kind == Kind.CHASER:
            text = draft_chaser(facts)
        else:
            # Drafted even when the requester wrote their own: it says whether a review
            # applies at all (not to a request granted in full).
            text = draft_review_request(facts)
            text = body.strip() + "\n" if body.strip() else text
    except NotApplicable as reason:
        problems.setdefault("text" if kind == Kind.REQUEST else "kind", str(reason))
    if kind == Kind.REQUEST:
        return EmailDraft(kind, foi_request.authority.email, subject, text, problems=problems)
    ids = [m.message_id for m in thread]
    if len(ids) > MAX_REFERENCES:
        ids = [ids[0], *ids[-(MAX_REFERENCES - 1) :]]
    return EmailDraft(
        kind,
        foi_request.authority.email,
        reply_subject(subject),
        text,
        in_reply_to=ids[-1] if ids else "",
        references=tuple(ids),
        problems=problems,
    )


@dataclass(frozen=True)
class CampaignEmailRow:
    foi_request: FOIRequest
    state: str  # send, no_address, emailed, failed, answered, withdrawn
    note: str


CAMPAIGN_STATES = {
    "send": "will be sent",
    "no_address": "cannot be sent: the authority has no FOI email address (its email field)",
    "emailed": "already emailed",
    "failed": "its email failed: use “Try again” on its page",
    "answered": "the authority has responded: not sent",
    "withdrawn": "withdrawn: not sent",
}


def campaign_email_rows(user, campaign: Campaign) -> list[CampaignEmailRow]:
    """Each campaign request ``user`` manages, with what "send every request" would do to it.

    One query: the requests with their authority, and EXISTS for an email sent (or on its
    way), an email that failed, and a response recorded."""
    rows = (
        requests_managed_by(user)
        .filter(campaign=campaign)
        .select_related("authority")
        .annotate(
            emailed=Exists(
                EmailMessage.objects.filter(
                    foi_request=OuterRef("pk"), direction=Direction.OUT, kind=Kind.REQUEST
                ).exclude(status=Status.FAILED)
            ),
            failed=Exists(
                EmailMessage.objects.filter(
                    foi_request=OuterRef("pk"),
                    direction=Direction.OUT,
                    kind=Kind.REQUEST,
                    status=Status.FAILED,
                )
            ),
            answered=Exists(Response.objects.filter(request=OuterRef("pk"))),
        )
        .order_by(Lower("authority__name"), "id")
    )
    result = []
    for foi_request in rows:
        annotated = cast(Any, foi_request)
        if foi_request.withdrawn_on is not None:
            state = "withdrawn"
        elif annotated.emailed:
            state = "emailed"
        elif annotated.failed:
            state = "failed"
        elif annotated.answered:
            state = "answered"
        elif not foi_request.authority.email:
            state = "no_address"
        else:
            state = "send"
        result.append(CampaignEmailRow(foi_request, state, CAMPAIGN_STATES[state]))
    return result
