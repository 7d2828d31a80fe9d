"""Deliver the outgoing emails (``services.email_sending`` writes them) exactly once.

The same protocol as the reminders: the send task claims its row with a conditional UPDATE
from queued to sending (only one claimant wins, so a duplicate task, a sweep re-queue or a
broker redelivery sends nothing), sends the stored bytes, and records the outcome fenced by
its claim (``services.mail_delivery``). ``outgoing_emails_sweep`` (beat, every few minutes)
takes back rows whose worker died mid-send and queues rows whose task was lost.

The window that cannot be closed is a worker killed after the SMTP server accepted the message
and before the row was marked sent: the sweep sends it again, byte for byte (the same
Message-ID), so the authority's mail system and clients see one message.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from requests_app.models import EmailMessage
from requests_app.models.email_messages import EmailDirectionChoices as Direction
from requests_app.models.email_messages import EmailStatusChoices as Status
from requests_app.services.mail_delivery import Claim, enqueue, send_claimed

logger = logging.getLogger(__name__)
SEND_TASK = "requests_app.tasks.email_message_send"


class _StoredBytes:
    """What ``StoredEmail.message()`` returns: the mail backends call ``as_bytes``."""

    def __init__(self, raw: bytes):
        self.raw = raw

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.raw  # stored with CRLF line ends, as SMTP wants them

    def as_string(self, unixfrom: bool = False, linesep: str = "\n") -> str:
        return self.raw.decode("utf-8", "replace")

    def get_charset(self):
        return None


class StoredEmail(mail.EmailMessage):
    """An already composed message, handed to the mail backend byte for byte."""

    def __init__(self, raw: bytes, *, envelope_from: str, recipients: list[str]):
        super().__init__(from_email=envelope_from, to=recipients)
        self.raw = raw

    def message(self, *args, **kwargs):  # type: ignore[override]
        return _StoredBytes(self.raw)


def email_message_claim(pk: int, now: datetime.datetime) -> bool:
    """Queued → sending in one conditional UPDATE; True for the one caller that won."""
    return (
        EmailMessage.objects.filter(pk=pk, direction=Direction.OUT, status=Status.QUEUED).update(
            status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        == 1
    )


def email_message_deliver(pk: int, *, final_attempt: bool = True, retry_delay: float = 0) -> str:
    """Send one outgoing message at most once; returns what happened (for logs and tests).

    Each step commits on its own (no enclosing transaction): the claim must be visible to
    every other worker before the SMTP conversation starts. On a transient SMTP error the row
    goes back to queued and ``TransientSendError`` is raised for the task to retry, unless this
    was the ``final_attempt``: then, like a permanent (5xx) error, the row is marked failed,
    with the error, for the request page to show and offer a retry.
    """
    now = timezone.now()
    if not email_message_claim(pk, now):
        return "not-claimed"
    claim = Claim(EmailMessage, pk, now)
    row = EmailMessage.objects.select_related("foi_request").get(pk=pk)
    assert row.foi_request is not None  # outgoing rows always have one
    # Bounces go to the request's reply address too, to be filed against it.
    envelope_from = row.foi_request.reply_to_address or settings.DEFAULT_FROM_EMAIL
    if not row.raw or not row.recipients:
        claim.mark(status=Status.FAILED, last_error="Nothing to send: no message or recipient.")
        return "failed"
    message = StoredEmail(bytes(row.raw), envelope_from=envelope_from, recipients=row.recipients)
    return send_claimed(
        message,
        claim,
        what=f"Email {pk}",
        final_attempt=final_attempt,
        failed={"status": Status.FAILED},
        # Until the retry is due the sweep leaves the row alone (queued_at is in the future).
        retry={"status": Status.QUEUED, "queued_at": now + datetime.timedelta(seconds=retry_delay)},
        sent={"status": Status.SENT},
    )


@dataclass
class SweepResult:
    unstuck: int = 0
    queued: int = 0


def outgoing_emails_sweep(*, now: datetime.datetime | None = None) -> SweepResult:
    """Take back rows stuck in sending (their worker died) and queue every queued row whose
    task is lost (queued longer ago than ``EMAIL_SEND_REQUEUE_AFTER``, or never)."""
    now = now or timezone.now()
    result = SweepResult()
    with transaction.atomic():
        cutoff = now - datetime.timedelta(seconds=settings.EMAIL_SEND_SENDING_TIMEOUT)
        result.unstuck = EmailMessage.objects.filter(
            direction=Direction.OUT, status=Status.SENDING, claimed_at__lt=cutoff
        ).update(
            status=Status.QUEUED,
            queued_at=None,
            last_error="The worker stopped while sending; queued again.",
        )
        requeue = now - datetime.timedelta(seconds=settings.EMAIL_SEND_REQUEUE_AFTER)
        to_queue = EmailMessage.objects.filter(
            Q(queued_at__isnull=True) | Q(queued_at__lt=requeue),
            direction=Direction.OUT,
            status=Status.QUEUED,
        ).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            to_queue = to_queue.select_for_update(skip_locked=True)  # a concurrent sweep's rows
        ids = list(to_queue.values_list("pk", flat=True))
        EmailMessage.objects.filter(pk__in=ids).update(queued_at=now)
        result.queued = len(ids)
        transaction.on_commit(lambda: email_messages_enqueue(ids))
    if result.unstuck or result.queued:
        logger.info("Outgoing email sweep: %s", result)
    return result


def email_messages_enqueue(ids: list[int]) -> None:
    """Queue a send task per row (call it at commit); with the broker down, the rows are
    marked never queued, so the next sweep queues them at once."""
    for position, pk in enumerate(ids):
        try:
            enqueue(SEND_TASK, pk)
        except Exception:
            logger.exception("Could not queue email sends; the next sweep retries them")
            EmailMessage.objects.filter(pk__in=ids[position:], status=Status.QUEUED).update(
                queued_at=None
            )
            return
