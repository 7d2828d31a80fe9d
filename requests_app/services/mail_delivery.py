"""Hand one claimed email row's message to the SMTP server at most once.

Shared by the reminders (``services/reminders.py``) and the emails to authorities
(``services/email_sending.py``): both keep a row per message whose ``status`` is the claim (a
conditional UPDATE from queued to sending stamps ``claimed_at``), and both record the outcome
fenced by that ``claimed_at``, so a worker whose claim was taken back (it was slower than the
sending timeout, and another worker claimed the row again) never overwrites the new claim.

``enqueue`` queues a task by its registered name: services never import ``tasks`` (which
imports them), so the two modules do not import each other.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMessage, get_connection
from django.db import models
from django.utils import timezone

from requests_app.services.reminder_errors import TransientSendError

logger = logging.getLogger(__name__)


def enqueue(task_name: str, *args: Any) -> None:
    """``task.delay(*args)`` for the task registered as ``task_name``; looking it up in the app
    registry (not importing it) keeps ``task_always_eager`` and the worker's routing intact."""
    from foitracker.celery import app

    app.tasks[task_name].delay(*args)


@dataclass(frozen=True)
class Claim:
    """One worker's claim on one row: ``status == sending`` and its own ``claimed_at``."""

    model: type[models.Model]
    pk: int
    claimed_at: datetime.datetime
    sending: str = "sending"

    def _rows(self):
        return self.model._default_manager.filter(
            pk=self.pk, status=self.sending, claimed_at=self.claimed_at
        )

    def held(self) -> bool:
        return self._rows().exists()

    def mark(self, **fields: Any) -> bool:
        """Record this claim's outcome; False when the claim was lost meanwhile."""
        return self._rows().update(**fields) == 1


def is_permanent(exc: BaseException) -> bool:
    """5xx replies will not change on a retry (RFC 5321 §4.2.1); 4xx and network errors may."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


def error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def send_claimed(
    message: EmailMessage,
    claim: Claim,
    *,
    what: str,
    final_attempt: bool,
    failed: dict[str, Any],
    retry: dict[str, Any],
    sent: dict[str, Any],
) -> str:
    """Send ``message`` for ``claim`` and record the outcome with the given field values:
    "sent" (``sent`` plus ``sent_at``), "failed" (``failed`` plus ``last_error``), or
    ``TransientSendError`` raised after recording ``retry`` (plus ``last_error``) for the task
    to try again; "claim-lost" sends nothing. ``what`` names the row in logs ("Reminder 12").

    The message must be serialised already (``message.message()``): a bad header raised inside
    ``send_messages`` would escape as a non-network error.
    """
    # Composing can be slow; if the claim was taken back meanwhile, another worker may own
    # the row now, and sending here would be the double send.
    if not claim.held():
        logger.warning("%s: claim lost before sending; not sent", what)
        return "claim-lost"
    mail = get_connection()
    try:
        mail.open()
        mail.send_messages([message])
    except Exception as exc:
        try:
            mail.close()
        except Exception:
            logger.info("Closing the SMTP connection failed after %s", what)
        transient = isinstance(exc, (smtplib.SMTPException, OSError))
        if not transient:
            # Anything else is not the network: a retry fails the same way, and a row left in
            # sending would be re-queued forever without ever showing as failed.
            logger.exception("%s could not be sent", what)
        if final_attempt or not transient or is_permanent(exc):
            claim.mark(**failed, last_error=error_text(exc))
            logger.warning("%s failed for good: %s", what, exc)
            return "failed"
        claim.mark(**retry, last_error=error_text(exc))
        raise TransientSendError(error_text(exc)) from exc
    # Recorded before QUIT, so a crash in the goodbye cannot cause a second send.
    if not claim.mark(**sent, sent_at=timezone.now(), last_error=""):
        # The row was taken back while the server was slow to accept; the new claimant's
        # copy carries the same Message-ID, so the recipient's client folds the two.
        logger.warning("%s was sent after its claim was lost", what)
    try:
        mail.close()
    except (smtplib.SMTPException, OSError):
        logger.info("SMTP QUIT failed after %s was accepted", what)
    return "sent"
