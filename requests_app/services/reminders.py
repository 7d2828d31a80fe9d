"""Plan, queue and deliver deadline reminders, each exactly once.

The pipeline (issue 5):

1. ``reminders_sweep`` (hourly, beat) plans what is due with indexed range queries on the
   stored deadline columns and inserts ``Reminder`` rows with ``ignore_conflicts`` against the
   unique constraint, so re-running it never plans a reminder twice. In the same transaction
   it resets rows stuck in *sending* (their worker died) and picks every pending row not queued
   recently; after the commit, one send task per row goes to the broker.
2. ``reminder_deliver`` (the send task) claims its row with a conditional UPDATE from pending
   to sending. Only one claimant can win, so a duplicate message (a second worker, a sweep
   re-queue, a broker redelivery after ``acks_late``) sends nothing. It re-checks that the
   reminder still matters, sends, and marks the row sent.

The one window that cannot be closed is a worker killed after the SMTP server accepted the
message and before the row was marked sent: the sweep re-sends it (at least once beats at most
once for a deadline). The message keeps the same Message-ID, so mail clients fold the two.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from requests_app.models import (
    FOIRequest,
    NotificationPreference,
    Reminder,
)
from requests_app.models import ReminderKindChoices as Kind
from requests_app.models import ReminderStatusChoices as Status
from requests_app.models.choices import ResponseKindChoices
from requests_app.models.choices import StageChoices as Stage
from requests_app.services.mail_delivery import Claim, error_text, send_claimed
from requests_app.services.mail_delivery import enqueue as enqueue_task
from requests_app.services.reminder_planning import (
    catch_up_days,
    planned_owner_reminders,
    planned_staff_digests,
)
from requests_app.services.reminder_rules import rule_for

logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    planned: int = 0
    inserted: int = 0
    unstuck: int = 0
    queued: int = 0


# --------------------------------------------------------------------------------------------
# The sweep: insert, recover, queue.
# --------------------------------------------------------------------------------------------


def _default_enqueue(reminder_id: int) -> None:
    enqueue_task("requests_app.tasks.reminder_send", reminder_id)


def _enqueue_all(ids: Sequence[int], enqueue: Callable[[int], object]) -> None:
    for position, reminder_id in enumerate(ids):
        try:
            enqueue(reminder_id)
        except Exception:
            # The broker is down: forget that these were queued, so the next sweep retries
            # them at once instead of after REMINDER_REQUEUE_AFTER.
            logger.exception("Could not queue reminders; the next sweep will retry")
            Reminder.objects.filter(pk__in=ids[position:], status=Status.PENDING).update(
                queued_at=None
            )
            return


def _digests_due(now: datetime.datetime) -> bool:
    return timezone.localtime(now).hour >= settings.REMINDER_DIGEST_HOUR


def reminders_sweep(
    *,
    now: datetime.datetime | None = None,
    enqueue: Callable[[int], object] | None = None,
    include_digests: bool | None = None,
) -> SweepResult:
    """Plan today's reminders, recover lost ones, and queue a send task for each.

    Digests are planned from ``REMINDER_DIGEST_HOUR`` (local time) on, so the hourly sweep
    also catches a missed daily digest run.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    enqueue = enqueue or _default_enqueue
    if include_digests is None:
        include_digests = _digests_due(now)
    result = SweepResult()
    planned = planned_owner_reminders(today)
    if include_digests:
        planned += planned_staff_digests(today)
    result.planned = len(planned)

    with transaction.atomic():
        # ignore_conflicts returns no ids; new rows are the pending ones never queued, counted
        # through the (status, queued_at) index rather than over the whole table.
        never_queued = Reminder.objects.filter(status=Status.PENDING, queued_at__isnull=True)
        before = never_queued.count()
        Reminder.objects.bulk_create(
            [
                Reminder(
                    request_id=p.request_id,
                    kind=p.kind,
                    deadline=p.deadline,
                    recipient_id=p.recipient_id,
                )
                for p in planned
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        result.inserted = never_queued.count() - before

        # A worker that died mid-send left its row in sending; the broker may never redeliver
        # the message (a restart of a Redis without persistence loses it), so take it back.
        sending_cutoff = now - datetime.timedelta(seconds=settings.REMINDER_SENDING_TIMEOUT)
        result.unstuck = Reminder.objects.filter(
            status=Status.SENDING, claimed_at__lt=sending_cutoff
        ).update(
            status=Status.PENDING,
            queued_at=None,
            last_error="The worker stopped while sending; queued again.",
        )

        queue_cutoff = now - datetime.timedelta(seconds=settings.REMINDER_REQUEUE_AFTER)
        to_queue = Reminder.objects.filter(
            Q(queued_at__isnull=True) | Q(queued_at__lt=queue_cutoff), status=Status.PENDING
        ).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            # A concurrent sweep skips the rows this one is queueing.
            to_queue = to_queue.select_for_update(skip_locked=True)
        ids = list(to_queue.values_list("pk", flat=True))
        Reminder.objects.filter(pk__in=ids).update(queued_at=now)
        result.queued = len(ids)
        transaction.on_commit(lambda: _enqueue_all(ids, enqueue))
    logger.info("Reminder sweep: %s", result)
    return result


def reminders_plan_digests(
    *, now: datetime.datetime | None = None, enqueue: Callable[[int], object] | None = None
) -> SweepResult:
    """The daily staff digest run (beat): the sweep, with digests whatever the hour."""
    return reminders_sweep(now=now, enqueue=enqueue, include_digests=True)


def reminders_requeue(ids: Iterable[int], *, enqueue: Callable[[int], object] | None = None) -> int:
    """Give failed reminders another go (the admin action): back to pending and queued."""
    enqueue = enqueue or _default_enqueue
    with transaction.atomic():
        rows = list(
            Reminder.objects.filter(pk__in=list(ids), status=Status.FAILED).values_list(
                "pk", flat=True
            )
        )
        Reminder.objects.filter(pk__in=rows).update(
            status=Status.PENDING, attempts=0, queued_at=timezone.now()
        )
        transaction.on_commit(lambda: _enqueue_all(rows, enqueue))
    return len(rows)


# --------------------------------------------------------------------------------------------
# Delivery: claim, re-check, send, record.
# --------------------------------------------------------------------------------------------


def reminder_claim(reminder_id: int, now: datetime.datetime) -> bool:
    """Pending → sending in one conditional UPDATE; True for the one caller that won."""
    return (
        Reminder.objects.filter(pk=reminder_id, status=Status.PENDING).update(
            status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        == 1
    )


def _opted_out_now(reminder: Reminder) -> bool:
    return NotificationPreference.objects.filter(
        user_id=reminder.recipient_id, kind=reminder.kind, enabled=False
    ).exists()


def reminder_moot_reason(reminder: Reminder, today: datetime.date) -> str:
    """Why a planned reminder should no longer go out, or "" if it still should.

    Between planning and sending a response may have come, a review been asked for, the
    request withdrawn, the deadline moved (a proclaimed bank holiday) or the user unsubscribed.
    """
    if _opted_out_now(reminder):
        return "The recipient turned this kind of reminder off."
    if not reminder.recipient.email or not reminder.recipient.is_active:
        return "The recipient has no email address."
    if reminder.kind == Kind.STAFF_DIGEST:
        return ""
    assert reminder.request is not None
    still_asked: set[datetime.date] = set()
    if reminder.kind == Kind.CLARIFICATION_PENDING:
        still_asked = _clarifications_outstanding(reminder.request)
    reason = request_moot_reason(reminder.request, reminder.kind, reminder.deadline, still_asked)
    if reason:
        return reason
    rule = rule_for(reminder.kind, catch_up_days())
    if rule is not None and rule.is_before and reminder.deadline < today:
        return "The deadline passed before the reminder could be sent."
    return ""


def _clarifications_outstanding(foi_request: FOIRequest) -> set[datetime.date]:
    """The days on which the authority asked for a clarification it has not received."""
    return set(
        foi_request.responses.filter(
            kind=ResponseKindChoices.CLARIFICATION_REQUEST,
            clarification_received_on__isnull=True,
        ).values_list("received_on", flat=True)
    )


def request_moot_reason(
    foi_request: FOIRequest,
    kind: str,
    deadline: datetime.date,
    clarifications_outstanding: set[datetime.date],
) -> str:
    """Why the request's present state makes a reminder of ``kind`` about ``deadline`` moot,
    or "" if it still applies: the same rules the sweep plans with (``owner_rules``)."""
    if foi_request.withdrawn_on is not None or foi_request.stage == Stage.CLOSED:
        return "The request is closed or withdrawn."
    if kind == Kind.CLARIFICATION_PENDING:
        if (
            foi_request.stage != Stage.AWAITING_CLARIFICATION
            or deadline not in clarifications_outstanding
        ):
            return "The clarification was sent."
        return ""
    rule = rule_for(kind, catch_up_days())
    assert rule is not None
    if foi_request.stage not in rule.stages:
        return f"The request moved on (now {foi_request.get_stage_display().lower()})."
    if getattr(foi_request, rule.field) != deadline:
        return "The deadline moved."
    if any(getattr(foi_request, column) is not None for column in rule.moot_when_set):
        return "An internal review was requested."
    return ""


def reminders_cancel_moot(foi_request: FOIRequest) -> int:
    """Cancel the request's pending reminders that its new state makes moot; returns how many.

    Called by the write services (a response, review, complaint or withdrawal recorded) inside
    their transaction, after the deadline columns were recomputed, so the owner's reminder list
    is right at once rather than when a worker next picks the row up. Rows already being sent
    are left to their worker, which re-checks. Queries: the pending rows, the open
    clarification requests (only if a clarification reminder is pending), one UPDATE.
    """
    pending = list(
        Reminder.objects.filter(request=foi_request, status=Status.PENDING).values_list(
            "pk", "kind", "deadline"
        )
    )
    if not pending:
        return 0
    still_asked: set[datetime.date] = set()
    if any(kind == Kind.CLARIFICATION_PENDING for _, kind, _ in pending):
        still_asked = _clarifications_outstanding(foi_request)
    reasons = {
        pk: reason
        for pk, kind, deadline in pending
        if (reason := request_moot_reason(foi_request, kind, deadline, still_asked))
    }
    if not reasons:
        return 0
    # The status condition again: a worker may have claimed a row since it was read.
    return Reminder.objects.filter(pk__in=list(reasons), status=Status.PENDING).update(
        status=Status.CANCELLED,
        cancelled_reason=Case(
            *(When(pk=pk, then=Value(reason[:200])) for pk, reason in reasons.items()),
            default=F("cancelled_reason"),
        ),
    )


def reminder_deliver(
    reminder_id: int, *, final_attempt: bool = True, retry_delay: float = 0
) -> str:
    """Send one reminder at most once; returns what happened (for logs and tests).

    Each step commits on its own (no enclosing transaction): the claim must be visible to
    every other worker before the SMTP conversation starts, and "sent" must be recorded the
    moment the server accepted the message.

    On a transient SMTP error the row goes back to pending and ``TransientSendError`` is
    raised for the task to retry, unless this was the ``final_attempt``, when the row is marked
    failed. ``retry_delay`` is the longest the retry may wait; until then the sweep leaves the
    row alone.
    """
    from requests_app.services.reminder_email import compose

    now = timezone.now()
    if not reminder_claim(reminder_id, now):
        return "not-claimed"
    claim = Claim(Reminder, reminder_id, now)
    reminder = Reminder.objects.select_related(
        "request__authority", "request__owner", "recipient"
    ).get(pk=reminder_id)
    today = timezone.localdate(now)
    try:
        reason = reminder_moot_reason(reminder, today)
        if reason:
            claim.mark(status=Status.CANCELLED, cancelled_reason=reason[:200])
            return "cancelled"
        message = compose(reminder, today)
        if message is None:
            claim.mark(status=Status.CANCELLED, cancelled_reason="Nothing to report.")
            return "cancelled"
        # Serialise now: a bad header (BadHeaderError) or an address sanitize_address rejects
        # (ValueError) is raised here rather than inside send_messages, where it would escape.
        message.message()
    except Exception as exc:
        # A bug or bad data, not the network: retrying would fail the same way every hour.
        logger.exception("Reminder %s could not be composed", reminder_id)
        claim.mark(status=Status.FAILED, last_error=error_text(exc))
        return "failed"

    return send_claimed(
        message,
        claim,
        what=f"Reminder {reminder_id}",
        final_attempt=final_attempt,
        failed={"status": Status.FAILED},
        # Until the retry is due the sweep leaves the row alone (queued_at is in the future).
        retry={
            "status": Status.PENDING,
            "queued_at": now + datetime.timedelta(seconds=retry_delay),
        },
        sent={"status": Status.SENT},
    )
