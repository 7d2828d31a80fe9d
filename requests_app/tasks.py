"""Celery tasks: thin wrappers that take ids or ISO dates and call a service."""

from __future__ import annotations

import datetime
import smtplib

from celery import shared_task
from django.conf import settings

from requests_app.services.reminder_errors import TransientSendError

# --- Deadlines ------------------------------------------------------------------------------


@shared_task(acks_late=True)
def recompute_deadlines_for_day(day: str, nation: str) -> int:
    """A proclaimed holiday on ``day`` was added or removed: recompute what it moves.

    Kept for messages queued before the outbox (``recompute_holiday_change``) replaced it."""
    from requests_app.services.deadlines_bulk import deadlines_recompute_for_day

    return deadlines_recompute_for_day(day=datetime.date.fromisoformat(day), nation=nation)


@shared_task(acks_late=True)
def recompute_holiday_change(recompute_id: int) -> int | None:
    """A holiday correction was saved or deleted: run the recompute it owes (its outbox row)."""
    from requests_app.services.holiday_recomputes import holiday_recompute_run

    return holiday_recompute_run(recompute_id)


@shared_task
def reconcile_holiday_recomputes() -> int:
    """Every few minutes: run the holiday recomputes whose task was never queued or was lost."""
    from requests_app.services.holiday_recomputes import holiday_recomputes_reconcile

    return holiday_recomputes_reconcile()


@shared_task
def refresh_passed_deadlines() -> int:
    """Daily: move ``next_deadline`` on where it has gone by."""
    from requests_app.services.deadlines_bulk import deadlines_refresh_passed

    return deadlines_refresh_passed()


# --- Reminders ------------------------------------------------------------------------------


@shared_task
def reminders_sweep() -> dict:
    """Hourly: plan due reminders, recover lost ones, queue a send for each."""
    from dataclasses import asdict

    from requests_app.services.reminders import reminders_sweep as sweep

    return asdict(sweep())


@shared_task
def reminders_staff_digest() -> dict:
    """Daily: the staff digests (the hourly sweep catches up if this run is missed)."""
    from dataclasses import asdict

    from requests_app.services.reminders import reminders_plan_digests

    return asdict(reminders_plan_digests())


def _retrying(prefix: str, on: tuple[type[BaseException], ...] = (TransientSendError,)) -> dict:
    """A sending task's retry options, from the ``<prefix>_RETRY_BACKOFF``,
    ``<prefix>_RETRY_BACKOFF_MAX`` and ``<prefix>_MAX_RETRIES`` settings."""
    return {
        "acks_late": True,
        "autoretry_for": on,
        "retry_backoff": getattr(settings, f"{prefix}_RETRY_BACKOFF"),
        "retry_backoff_max": getattr(settings, f"{prefix}_RETRY_BACKOFF_MAX"),
        "retry_jitter": True,
        "max_retries": getattr(settings, f"{prefix}_MAX_RETRIES"),
    }


def _longest_retry_delay(prefix: str, retries: int) -> float:
    # retry_jitter draws the countdown from [0, backoff]; the row waits for the worst case.
    backoff = getattr(settings, f"{prefix}_RETRY_BACKOFF")
    return min(backoff * 2**retries, getattr(settings, f"{prefix}_RETRY_BACKOFF_MAX"))


@shared_task(bind=True, **_retrying("REMINDER"))
def reminder_send(self, reminder_id: int) -> str:
    """Send one reminder; the claim in the service makes duplicate messages harmless."""
    from requests_app.services.reminders import reminder_deliver

    return reminder_deliver(
        reminder_id,
        final_attempt=self.request.retries >= self.max_retries,
        retry_delay=_longest_retry_delay("REMINDER", self.request.retries),
    )


# --- Outgoing email (to authorities) ----------------------------------------------------------


@shared_task(bind=True, **_retrying("EMAIL_SEND"))
def email_message_send(self, message_id: int) -> str:
    """Send one outgoing email (its row's id); the claim makes duplicate tasks harmless."""
    from requests_app.services.email_delivery import email_message_deliver

    return email_message_deliver(
        message_id,
        final_attempt=self.request.retries >= self.max_retries,
        retry_delay=_longest_retry_delay("EMAIL_SEND", self.request.retries),
    )


@shared_task
def outgoing_emails_sweep() -> dict:
    """Every 5 minutes: queue outgoing emails whose task was lost or whose worker died."""
    from dataclasses import asdict

    from requests_app.services.email_delivery import outgoing_emails_sweep as sweep

    return asdict(sweep())


# --- Incoming email ---------------------------------------------------------------------------


@shared_task
def inbound_emails_sweep() -> dict:
    """Every 10 minutes: file again the incoming messages whose filing failed."""
    from requests_app.services.email_inbound import inbound_emails_sweep as sweep

    filed, failing = sweep()
    return {"filed": filed, "still_failing": failing}


@shared_task
def inbound_imap_poll() -> dict:
    """Every INBOUND_IMAP_POLL_SECONDS: file the replies waiting in the IMAP mailbox."""
    from dataclasses import asdict

    from requests_app.services.email_imap import imap_poll

    return asdict(imap_poll())


# The notice is claimed before it is sent: a worker dying in between loses that one notice
# (the reply itself is on the request page), never sends it twice.
@shared_task(**_retrying("EMAIL_SEND", on=(smtplib.SMTPException, OSError)))
def email_reply_notify(message_id: int) -> str:
    """Tell the requester an email arrived for their request (claimed once per message)."""
    from requests_app.services.email_notify import email_reply_notify_send

    return email_reply_notify_send(message_id)


# --- Public pages ---------------------------------------------------------------------------


@shared_task
def refresh_page_figures(key: str) -> bool:
    """A public page showed figures older than the data: compute its new ones."""
    from requests_app.services.page_figures import page_figures_refresh

    return page_figures_refresh(key)
