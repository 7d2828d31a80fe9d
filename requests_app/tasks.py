"""Celery tasks: thin wrappers that take ids or ISO dates and call a service."""

from __future__ import annotations

import datetime

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


def _longest_retry_delay(retries: int) -> float:
    # retry_jitter draws the countdown from [0, backoff]; the row waits for the worst case.
    return min(settings.REMINDER_RETRY_BACKOFF * 2**retries, settings.REMINDER_RETRY_BACKOFF_MAX)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(TransientSendError,),
    retry_backoff=settings.REMINDER_RETRY_BACKOFF,
    retry_backoff_max=settings.REMINDER_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=settings.REMINDER_MAX_RETRIES,
)
def reminder_send(self, reminder_id: int) -> str:
    """Send one reminder; the claim in the service makes duplicate messages harmless."""
    from requests_app.services.reminders import reminder_deliver

    return reminder_deliver(
        reminder_id,
        final_attempt=self.request.retries >= self.max_retries,
        retry_delay=_longest_retry_delay(self.request.retries),
    )


# --- Outgoing email (to authorities) ----------------------------------------------------------


def _longest_email_retry_delay(retries: int) -> float:
    return min(
        settings.EMAIL_SEND_RETRY_BACKOFF * 2**retries, settings.EMAIL_SEND_RETRY_BACKOFF_MAX
    )


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(TransientSendError,),
    retry_backoff=settings.EMAIL_SEND_RETRY_BACKOFF,
    retry_backoff_max=settings.EMAIL_SEND_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=settings.EMAIL_SEND_MAX_RETRIES,
)
def email_message_send(self, message_id: int) -> str:
    """Send one outgoing email (its row's id); the claim makes duplicate tasks harmless."""
    from requests_app.services.email_delivery import email_message_deliver

    return email_message_deliver(
        message_id,
        final_attempt=self.request.retries >= self.max_retries,
        retry_delay=_longest_email_retry_delay(self.request.retries),
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


@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=settings.EMAIL_SEND_RETRY_BACKOFF,
    retry_backoff_max=settings.EMAIL_SEND_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=settings.EMAIL_SEND_MAX_RETRIES,
)
def email_reply_notify(message_id: int) -> str:
    """Tell the requester an email arrived for their request (claimed once per message)."""
    from requests_app.services.email_notify import email_reply_notify_send

    return email_reply_notify_send(message_id)
