"""Send a request, a chaser or an internal review request to the authority by email.

Each service checks the draft (``selectors.email_drafts``) and then, in one transaction
holding the request's row lock, writes the outgoing ``EmailMessage`` with its final
Message-ID and the exact bytes to send (``raw``), moves the request on (a request's sent and
received dates become today, so its deadlines run from today; a review request is recorded as
asked today), and queues the send task at commit. ``services.email_delivery`` sends each row
exactly once, byte for byte, so a retry carries the same Message-ID and Date.

The message is From the site (``DEFAULT_FROM_EMAIL``); its envelope sender, and its Reply-To
unless the requester chose their own address, is the request's ``reply_to_address``, so
replies and bounces come back to the tracker and are filed against the request.
"""

from __future__ import annotations

import datetime
import email
from collections.abc import Sequence
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any, cast

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from requests_app.models import Campaign, EmailMessage, FOIRequest
from requests_app.models.email_messages import EmailDirectionChoices as Direction
from requests_app.models.email_messages import EmailKindChoices as Kind
from requests_app.models.email_messages import EmailStatusChoices as Status
from requests_app.selectors.email_drafts import EmailDraft, email_draft
from requests_app.services.email_delivery import email_messages_enqueue
from requests_app.services.events import lock_request
from requests_app.services.requests import foi_request_update
from requests_app.services.reviews import review_record


def _reply_to(foi_request: FOIRequest, sent_by, reply_to_own: bool) -> str:
    if not reply_to_own:
        return foi_request.reply_to_address
    if not getattr(sent_by, "email", ""):
        raise ValidationError(
            {"reply_to_own": "your account has no email address: add one on your account page"}
        )
    return sent_by.email


def compose(
    *,
    draft: EmailDraft,
    message_id: str,
    reply_to: str,
    date: datetime.datetime,
) -> bytes:
    """The message's bytes as they go to the SMTP server (CRLF line ends)."""
    headers = {"Message-ID": f"<{message_id}>", "Date": format_datetime(date)}
    if draft.in_reply_to:
        headers["In-Reply-To"] = f"<{draft.in_reply_to}>"
        headers["References"] = " ".join(f"<{ref}>" for ref in draft.references)
    message = mail.EmailMessage(
        # A title typed with a line break must not break the header (BadHeaderError).
        subject=" ".join(draft.subject.split()),
        body=draft.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[draft.to],
        reply_to=[reply_to],
        headers=headers,
    )
    # Django's MIME classes take linesep (the SMTP backend serialises the same way).
    return cast(Any, message.message()).as_bytes(linesep="\r\n")


def _checked(draft: EmailDraft) -> EmailDraft:
    if draft.problems:
        raise ValidationError(draft.problems)
    return draft


def _locked(foi_request: FOIRequest) -> FOIRequest:
    """The request re-read under its row lock, so two sends cannot both pass the checks."""
    lock_request(foi_request)
    return FOIRequest.objects.select_related("authority", "owner").get(pk=foi_request.pk)


def _message_create(
    foi_request: FOIRequest, draft: EmailDraft, reply_to: str, now: datetime.datetime
) -> EmailMessage:
    message_id = make_msgid(domain=settings.INBOUND_EMAIL_DOMAIN or None).strip("<>")
    return EmailMessage.objects.create(
        foi_request=foi_request,
        direction=Direction.OUT,
        kind=draft.kind,
        message_id=message_id,
        in_reply_to=draft.in_reply_to,
        references=" ".join(draft.references),
        sender=parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        recipients=[draft.to],
        subject=draft.subject,
        body_text=draft.body,
        raw=compose(draft=draft, message_id=message_id, reply_to=reply_to, date=now),
        status=Status.QUEUED,
        queued_at=now,
    )


def _queue_at_commit(ids: list[int]) -> None:
    transaction.on_commit(lambda: email_messages_enqueue(ids))


def _mark_sent_today(foi_request: FOIRequest, today: datetime.date) -> None:
    if (foi_request.sent_on, foi_request.received_on) != (today, today):
        # Sent by email: received the same day, day 0 of the clock (history keeps the old).
        foi_request_update(foi_request=foi_request, sent_on=today, received_on=today)


def request_email_send(
    *, foi_request: FOIRequest, sent_by, reply_to_own: bool = False
) -> EmailMessage:
    """Email the request to its authority; its sent date becomes today. The caller checks
    that ``sent_by`` may manage the request."""
    now = timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        target = _locked(foi_request)
        draft = _checked(email_draft(target, Kind.REQUEST, today))
        reply_to = _reply_to(target, sent_by, reply_to_own)
        _mark_sent_today(target, today)
        message = _message_create(target, draft, reply_to, now)
        _queue_at_commit([message.pk])
    return message


def chaser_email_send(
    *, foi_request: FOIRequest, sent_by, reply_to_own: bool = False
) -> EmailMessage:
    """Remind the authority that its response is overdue, in the request's thread."""
    now = timezone.now()
    with transaction.atomic():
        target = _locked(foi_request)
        draft = _checked(email_draft(target, Kind.CHASER, timezone.localdate(now)))
        message = _message_create(target, draft, _reply_to(target, sent_by, reply_to_own), now)
        _queue_at_commit([message.pk])
    return message


def review_request_email_send(
    *, foi_request: FOIRequest, sent_by, text: str = "", reply_to_own: bool = False
) -> EmailMessage:
    """Send the internal review request (``text``, or the drafted letter) in the request's
    thread, and record the review as asked today, so its decision's due date is counted."""
    now = timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        target = _locked(foi_request)
        draft = _checked(email_draft(target, Kind.REVIEW_REQUEST, today, body=text))
        reply_to = _reply_to(target, sent_by, reply_to_own)
        try:
            review_record(foi_request=target, requested_on=today)
        except ValidationError as error:
            raise ValidationError({"kind": error.messages}) from error
        message = _message_create(target, draft, reply_to, now)
        _queue_at_commit([message.pk])
    return message


def campaign_email_send(
    *,
    campaign: Campaign,
    foi_requests: Sequence[FOIRequest],
    sent_by,
    reply_to_own: bool = False,
) -> list[EmailMessage]:
    """Email every request of ``foi_requests`` (the campaign's requests ``sent_by`` manages)
    not emailed yet, all or none: one that cannot go (an authority without an email
    address...) stops the batch, and every problem is reported at once, each named by its
    authority. Withdrawn and answered requests, and those emailed before, are left alone."""
    now = timezone.now()
    today = timezone.localdate(now)
    stray = [r for r in foi_requests if r.campaign_id != campaign.pk]
    if stray:
        raise ValidationError({"requests": f"{stray[0].title} is not in {campaign.name}"})
    messages: list[EmailMessage] = []
    problems: list[str] = []
    with transaction.atomic():
        for foi_request in sorted(foi_requests, key=lambda r: r.pk):  # one lock order
            target = _locked(foi_request)
            draft = email_draft(target, Kind.REQUEST, today)
            if target.withdrawn_on is not None or "request" in draft.problems:
                continue  # withdrawn, answered or already emailed: nothing to send
            if draft.problems:
                reasons = "; ".join(draft.problems.values())
                problems.append(f"{target.authority.name}: {reasons}")
                continue
            reply_to = _reply_to(target, sent_by, reply_to_own)
            _mark_sent_today(target, today)
            messages.append(_message_create(target, draft, reply_to, now))
        if problems:
            raise ValidationError({"requests": problems})
        if not messages:
            raise ValidationError(
                {
                    "requests": "no request of the campaign is left to send: each was emailed, "
                    "answered or withdrawn already"
                }
            )
        _queue_at_commit([m.pk for m in messages])
    return messages


def email_message_retry(*, message: EmailMessage) -> EmailMessage:
    """Send a failed message again, as the same message (same Message-ID), to the authority's
    address as it is now (the failure may have been a wrong address, since corrected)."""
    now = timezone.now()
    with transaction.atomic():
        row = EmailMessage.objects.select_for_update().get(pk=message.pk)
        if row.direction != Direction.OUT or row.status != Status.FAILED:
            raise ValidationError({"message": "only a message whose sending failed is retried"})
        target = FOIRequest.objects.select_related("authority").get(
            email_messages=row  # outgoing rows always have a request
        )
        if not target.authority.email:
            raise ValidationError(
                {
                    "authority": f"{target.authority.name} has no FOI email address (its email "
                    "field is empty)"
                }
            )
        to = target.authority.email
        if row.recipients != [to]:
            draft = EmailDraft(
                row.kind,
                to,
                row.subject,
                row.body_text,
                in_reply_to=row.in_reply_to,
                references=tuple(row.references.split()),
            )
            row.raw = compose(
                draft=draft,
                message_id=row.message_id,
                reply_to=_stored_reply_to(bytes(row.raw)) or target.reply_to_address,
                date=now,
            )
            row.recipients = [to]
        row.status, row.attempts, row.queued_at, row.claimed_at = Status.QUEUED, 0, now, None
        row.save()
        _queue_at_commit([row.pk])
    return row


def _stored_reply_to(raw: bytes) -> str:
    return email.message_from_bytes(raw).get("Reply-To", "")
