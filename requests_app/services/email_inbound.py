"""File an incoming email: the one entry point of every receiving path (the MTA pipe, the
IMAP poller, a webhook).

``email_file`` commits the raw bytes to the spool (``InboundEmail``) first, in their own
transaction, so nothing that happens afterwards can lose them. It then parses the message
(never raising on hostile input), matches it to its request (``email_matching``), reads its
attachments and analyses a reply (``email_reading``) — all outside any transaction — and
finally, in one transaction, creates the ``EmailMessage`` with its attachments, records the
filing in the request's history and deletes the spool row.

The message's Message-ID is unique: a message arriving twice, or filed by two processes at
once, is filed once; the loser's insert fails on the constraint, its transaction rolls back,
and it returns the row the winner filed (``filed_now`` False). A failure after the spool
write leaves the spool row with its error and raises ``EmailNotFiled``: the bytes are safe
and ``inbound_email_refile`` files them later: beat's ``inbound_emails_sweep`` every 10
minutes (``INBOUND_EMAIL_MAX_ATTEMPTS`` tries), ``manage.py ingest_email --retry`` or the
admin's "File again" on demand.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from requests_app.mail import ParsedEmail, classify, parse_email
from requests_app.mail.html import sanitise_html
from requests_app.models import (
    EmailAttachment,
    EmailDirectionChoices,
    EmailKindChoices,
    EmailMessage,
    FOIRequest,
    InboundEmail,
    InboundSourceChoices,
    MatchMethodChoices,
    ProposalStateChoices,
)
from requests_app.services.email_matching import email_match
from requests_app.services.email_proposals import email_reply_followups
from requests_app.services.email_reading import analyse_message, attachment_texts, letter_text

logger = logging.getLogger(__name__)


class EmailNotFiled(Exception):
    """The message is stored (spool row ``inbound_id``) but could not be filed yet."""

    def __init__(self, inbound_id: int, reason: str) -> None:
        super().__init__(f"message stored as unfiled #{inbound_id} but not filed: {reason}")
        self.inbound_id = inbound_id


@dataclass
class _Reading:
    parsed: ParsedEmail
    kind: str
    foi_request: FOIRequest | None
    match_method: str
    texts: list[tuple[str, str]]  # per attachment: (extracted text, why none)
    analysis: dict[str, Any] | None


def email_file(raw: bytes, *, source: str) -> EmailMessage:
    """File one raw RFC 822 message; returns its ``EmailMessage`` (``filed_now`` False when it
    had been filed before). Raises ``EmailNotFiled`` only after the bytes are stored."""
    if source not in InboundSourceChoices.values:
        raise ValueError(f"unknown source {source!r}")
    spool = InboundEmail.objects.create(raw=bytes(raw), source=source)
    return inbound_email_file(spool)


def inbound_email_file(spool: InboundEmail) -> EmailMessage:
    """File a spooled message (a fresh one, or one whose filing failed before)."""
    try:
        return _file(spool)
    except Exception as error:
        reason = f"{error.__class__.__name__}: {error}"[:2000]
        InboundEmail.objects.filter(pk=spool.pk).update(
            attempts=F("attempts") + 1, last_error=reason
        )
        logger.exception("incoming email #%s not filed", spool.pk)
        raise EmailNotFiled(spool.pk, reason) from error


def inbound_email_refile(
    *,
    limit: int = 100,
    older_than: datetime.timedelta = datetime.timedelta(0),
    max_attempts: int | None = None,
    pks: Iterable[int] | None = None,
) -> tuple[int, int]:
    """File the spool again, oldest first: (filed, still failing).

    ``older_than`` leaves alone rows a filing may still be working on (the sweep's grace);
    ``max_attempts`` rows that failed that often, for staff to look at (the command's
    ``--retry`` and the admin's action try them anyway)."""
    rows = InboundEmail.objects.filter(received_at__lte=timezone.now() - older_than)
    if max_attempts is not None:
        rows = rows.filter(attempts__lt=max_attempts)
    if pks is not None:
        rows = rows.filter(pk__in=list(pks))
    filed = failed = 0
    for spool in rows.order_by("received_at", "pk")[:limit]:
        try:
            inbound_email_file(spool)
            filed += 1
        except EmailNotFiled:
            failed += 1
    return filed, failed


def inbound_emails_sweep() -> tuple[int, int]:
    """The beat's retry of filings that failed (a database blip, a bug since fixed)."""
    return inbound_email_refile(
        older_than=datetime.timedelta(seconds=settings.INBOUND_EMAIL_REFILE_AFTER),
        max_attempts=settings.INBOUND_EMAIL_MAX_ATTEMPTS,
    )


def _file(spool: InboundEmail) -> EmailMessage:
    raw = bytes(spool.raw)
    parsed = parse_email(raw)
    existing = EmailMessage.objects.filter(message_id=parsed.message_id).first()
    if existing is not None:  # arrived again: nothing to do but forget the copy
        return _already_filed(existing, spool)
    reading = _read(parsed)
    try:
        with transaction.atomic():
            message = EmailMessage.objects.create(
                foi_request=reading.foi_request,
                direction=EmailDirectionChoices.IN,
                kind=reading.kind,
                message_id=parsed.message_id,
                in_reply_to=parsed.in_reply_to,
                references=" ".join(parsed.references),
                sender=parsed.sender,
                sender_name=parsed.sender_name,
                recipients=parsed.recipients,
                subject=parsed.subject,
                sent_at=parsed.date,
                body_text=parsed.body_text,
                body_html=sanitise_html(parsed.body_html) if parsed.body_html else "",
                raw=raw,
                source=spool.source,
                match_method=reading.match_method,
                analysis=reading.analysis,
                proposal_state=_proposal_state(reading.kind, reading.foi_request, reading.analysis),
            )
            EmailAttachment.objects.bulk_create(
                EmailAttachment(
                    message=message,
                    filename=attachment.filename,
                    content_type=attachment.content_type,
                    size=len(attachment.content),
                    content=attachment.content,
                    extracted_text=text,
                    extraction_error=error,
                )
                for attachment, (text, error) in zip(parsed.attachments, reading.texts, strict=True)
            )
            if reading.foi_request is not None:
                _record_in_history(reading.foi_request.pk, message)
                email_reply_followups(message)
            InboundEmail.objects.filter(pk=spool.pk).delete()
    except IntegrityError:
        # Another process filed the same Message-ID between our check and our insert.
        existing = EmailMessage.objects.filter(message_id=parsed.message_id).first()
        if existing is None:
            raise
        return _already_filed(existing, spool)
    message.filed_now = True  # type: ignore[attr-defined]
    if parsed.problems:
        logger.info("email %s filed with problems: %s", message.pk, "; ".join(parsed.problems))
    return message


def _already_filed(existing: EmailMessage, spool: InboundEmail) -> EmailMessage:
    InboundEmail.objects.filter(pk=spool.pk).delete()
    existing.filed_now = False  # type: ignore[attr-defined]
    return existing


def _read(parsed: ParsedEmail) -> _Reading:
    kind = classify(parsed)
    foi_request, method = email_match(parsed)
    texts = attachment_texts([(a.filename, a.content_type, a.content) for a in parsed.attachments])
    analysis = None
    if kind == EmailKindChoices.REPLY:
        text = letter_text(parsed.body_text, [t for t, _ in texts])
        analysis = analyse_message(text, foi_request.regime if foi_request else None)
    return _Reading(parsed, kind, foi_request, method, texts, analysis)


def _proposal_state(kind: str, foi_request: FOIRequest | None, analysis) -> str:
    """A reply matched to a request proposes a response for its requester to confirm."""
    if kind == EmailKindChoices.REPLY and foi_request is not None and analysis is not None:
        return ProposalStateChoices.PENDING
    return ProposalStateChoices.NONE


def _record_in_history(foi_request_pk: int, message: EmailMessage, user=None) -> None:
    """A history row on the request (django-simple-history) saying what was filed, from the
    row as it is now: locked and read afresh, so the history copies no stale column."""
    foi_request = FOIRequest.objects.select_for_update().get(pk=foi_request_pk)
    label = EmailKindChoices(message.kind).label.lower()
    how = MatchMethodChoices(message.match_method).label if message.match_method else ""
    reason = f"Email {label} filed ({how}): {message.subject}"
    foi_request._change_reason = reason[:100]  # type: ignore[attr-defined]
    if user is not None:
        foi_request._history_user = user  # type: ignore[attr-defined]
    foi_request.save(update_fields=["updated_at"])


def email_assign(*, message: EmailMessage, foi_request: FOIRequest, user) -> EmailMessage:
    """Staff file an unmatched incoming message against ``foi_request`` by hand; it is then
    analysed and proposed as if it had matched. Whether ``user`` may see the request is the
    caller's check (the holding page offers only requests visible to them)."""
    with transaction.atomic():
        message = EmailMessage.objects.select_for_update().get(pk=message.pk)
        if message.direction != EmailDirectionChoices.IN:
            raise ValidationError({"message": "only a received message can be assigned"})
        if message.foi_request_id is not None:
            raise ValidationError({"message": "this message is already filed against a request"})
        message.foi_request = foi_request
        message.match_method = MatchMethodChoices.MANUAL
        if message.kind == EmailKindChoices.REPLY:
            documents = message.attachments.values_list("extracted_text", flat=True)
            text = letter_text(message.body_text, list(documents))
            message.analysis = analyse_message(text, foi_request.regime)
        message.proposal_state = _proposal_state(message.kind, foi_request, message.analysis)
        message.save(update_fields=["foi_request", "match_method", "analysis", "proposal_state"])
        _record_in_history(foi_request.pk, message, user=user)
        email_reply_followups(message)
    return message


def email_discard(*, message: EmailMessage, user) -> None:
    """Staff throw away an unmatched incoming message (spam, mail not for any request).

    Only an unmatched one: a message filed against a request is part of its record."""
    with transaction.atomic():
        message = EmailMessage.objects.select_for_update().defer("raw").get(pk=message.pk)
        if message.direction != EmailDirectionChoices.IN or message.foi_request_id is not None:
            raise ValidationError(
                {"message": "only an unmatched received message can be discarded"}
            )
        logger.info(
            "unmatched email %s <%s> from %s discarded by %s",
            message.pk,
            message.message_id,
            message.sender,
            getattr(user, "pk", None),
        )
        message.delete()
