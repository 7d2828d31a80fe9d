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
import smtplib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone

from requests_app.law.calendars import WorkingDayCalendar
from requests_app.models import (
    FOIRequest,
    Membership,
    NotificationPreference,
    Reminder,
    Response,
)
from requests_app.models import ReminderKindChoices as Kind
from requests_app.models import ReminderStatusChoices as Status
from requests_app.models.choices import MembershipRoleChoices, RegimeChoices, ResponseKindChoices
from requests_app.models.choices import StageChoices as Stage
from requests_app.services.reminder_errors import TransientSendError
from requests_app.services.reminder_rules import (
    CLARIFICATION_NUDGE_WD,
    Rule,
    owner_rules,
    regime_calendars,
    rule_for,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlannedReminder:
    request_id: int | None
    kind: str
    deadline: datetime.date
    recipient_id: int


@dataclass
class SweepResult:
    planned: int = 0
    inserted: int = 0
    unstuck: int = 0
    queued: int = 0


def catch_up_days() -> int:
    return settings.REMINDER_CATCH_UP_DAYS


# --------------------------------------------------------------------------------------------
# Planning: reads only, one range query per rule.
# --------------------------------------------------------------------------------------------


def _opted_out(kind: str, user_ref: str) -> Exists:
    return Exists(
        NotificationPreference.objects.filter(user=OuterRef(user_ref), kind=kind, enabled=False)
    )


def reachable_requests():
    """Requests whose owner can be written to: not withdrawn, owner active with an email."""
    return FOIRequest.objects.filter(withdrawn_on__isnull=True, owner__is_active=True).exclude(
        owner__email=""
    )


def rule_window_filter(
    rule: Rule, today: datetime.date, calendars: Mapping[str, WorkingDayCalendar]
) -> Q | None:
    """The rule's window as ``field__range`` filters, one per distinct calendar.

    FOIA and EIR share a calendar, as do FOISA and EISR, so at most two ranges result, and a
    calendar-day window gives one range for every regime.
    """
    by_range: dict[tuple[datetime.date, datetime.date], list[str]] = {}
    for regime in rule.regimes:
        date_range = rule.window.date_range(today, calendars[regime])
        if date_range is not None:
            by_range.setdefault(date_range, []).append(regime)
    if not by_range:
        return None
    condition = Q()
    for date_range, regimes in by_range.items():
        if set(regimes) == set(RegimeChoices.values):
            condition |= Q(**{f"{rule.field}__range": date_range})
        else:
            condition |= Q(**{f"{rule.field}__range": date_range, "regime__in": regimes})
    return condition


def rule_queryset(
    rule: Rule, today: datetime.date, calendars: Mapping[str, WorkingDayCalendar] | None = None
):
    """The requests a rule plans a reminder for today (the bench EXPLAINs this query)."""
    window = rule_window_filter(rule, today, calendars or regime_calendars())
    if window is None:
        return FOIRequest.objects.none()
    queryset = reachable_requests().filter(window, stage__in=rule.stages)
    for column in rule.moot_when_set:
        queryset = queryset.filter(**{f"{column}__isnull": True})
    if rule.later_than:
        queryset = queryset.filter(**{f"{rule.field}__gt": F(rule.later_than)})
    return queryset.exclude(_opted_out(rule.kind, "owner"))


def clarification_queryset(
    today: datetime.date, calendars: Mapping[str, WorkingDayCalendar] | None = None
):
    """Requests whose authority asked for clarification ``CLARIFICATION_NUDGE_WD`` or more
    working days ago (within the catch-up window) and heard nothing back."""
    # The latest day on which asking makes today the nudge day or later, per calendar.
    condition = Q()
    earliest = today - datetime.timedelta(days=catch_up_days() + 2 * CLARIFICATION_NUDGE_WD)
    for regime, calendar in (calendars or regime_calendars()).items():
        latest = today
        while calendar.working_days_between(latest, today) < CLARIFICATION_NUDGE_WD:
            latest -= datetime.timedelta(days=1)
        condition |= Q(request__regime=regime, received_on__range=(earliest, latest))
    asked = Response.objects.filter(
        condition,
        kind=ResponseKindChoices.CLARIFICATION_REQUEST,
        clarification_received_on__isnull=True,
        request__stage=Stage.AWAITING_CLARIFICATION,
        request__withdrawn_on__isnull=True,
        request__owner__is_active=True,
    ).exclude(request__owner__email="")
    return asked.exclude(_opted_out(Kind.CLARIFICATION_PENDING, "request__owner"))


def planned_owner_reminders(today: datetime.date) -> list[PlannedReminder]:
    """Queries: the proclaimed holidays, then one per rule and one for clarifications."""
    calendars = regime_calendars()
    planned = []
    for rule in owner_rules(catch_up_days()):
        rows = rule_queryset(rule, today, calendars).values_list("pk", "owner_id", rule.field)
        planned += [PlannedReminder(pk, rule.kind, due, owner) for pk, owner, due in rows]
    rows = clarification_queryset(today, calendars).values_list(
        "request_id", "request__owner_id", "received_on"
    )
    planned += [
        PlannedReminder(pk, Kind.CLARIFICATION_PENDING, on, owner) for pk, owner, on in rows
    ]
    return planned


def planned_staff_digests(today: datetime.date) -> list[PlannedReminder]:
    """One digest a day per staff member of any organisation (the digest covers them all)."""
    staff = (
        Membership.objects.filter(
            role=MembershipRoleChoices.STAFF, user__is_active=True, organisation__isnull=False
        )
        .exclude(user__email="")
        .exclude(_opted_out(Kind.STAFF_DIGEST, "user"))
        .values_list("user_id", flat=True)
        .distinct()
    )
    return [PlannedReminder(None, Kind.STAFF_DIGEST, today, user_id) for user_id in staff]


# --------------------------------------------------------------------------------------------
# The sweep: insert, recover, queue.
# --------------------------------------------------------------------------------------------


def _default_enqueue(reminder_id: int) -> None:
    from requests_app.tasks import reminder_send

    reminder_send.delay(reminder_id)


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


def _mark(reminder_id: int, claimed_at: datetime.datetime, **fields) -> bool:
    """Record the outcome of this worker's claim, fenced by its ``claimed_at``.

    A worker slower than ``REMINDER_SENDING_TIMEOUT`` has had its row reset by the sweep and
    perhaps claimed by another worker (status sending again): without the fence its late
    update would land on the other worker's claim. False when the claim was lost.
    """
    return (
        Reminder.objects.filter(
            pk=reminder_id, status=Status.SENDING, claimed_at=claimed_at
        ).update(**fields)
        == 1
    )


def _still_claimed(reminder_id: int, claimed_at: datetime.datetime) -> bool:
    return Reminder.objects.filter(
        pk=reminder_id, status=Status.SENDING, claimed_at=claimed_at
    ).exists()


def _is_permanent(exc: BaseException) -> bool:
    """5xx replies will not change on a retry (RFC 5321 §4.2.1); 4xx and network errors may."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


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
    reminder = Reminder.objects.select_related(
        "request__authority", "request__owner", "recipient"
    ).get(pk=reminder_id)
    today = timezone.localdate(now)
    try:
        reason = reminder_moot_reason(reminder, today)
        if reason:
            _mark(reminder_id, now, status=Status.CANCELLED, cancelled_reason=reason[:200])
            return "cancelled"
        message = compose(reminder, today)
        if message is None:
            _mark(reminder_id, now, status=Status.CANCELLED, cancelled_reason="Nothing to report.")
            return "cancelled"
        # Serialise now: a bad header (BadHeaderError) or an address sanitize_address rejects
        # (ValueError) is raised here rather than inside send_messages, where it would escape.
        message.message()
    except Exception as exc:
        # A bug or bad data, not the network: retrying would fail the same way every hour.
        logger.exception("Reminder %s could not be composed", reminder_id)
        _mark(reminder_id, now, status=Status.FAILED, last_error=_error_text(exc))
        return "failed"

    # Composing can be slow (the deadline chain, templates); if the sweep took the row back
    # meanwhile, another worker may own it now, and sending here would be the double send.
    if not _still_claimed(reminder_id, now):
        logger.warning("Reminder %s: claim lost before sending; not sent", reminder_id)
        return "claim-lost"
    mail = get_connection()
    try:
        mail.open()
        mail.send_messages([message])
    except Exception as exc:
        try:
            mail.close()
        except Exception:
            logger.info("Closing the SMTP connection failed after reminder %s", reminder_id)
        transient = isinstance(exc, (smtplib.SMTPException, OSError))
        if not transient:
            # Anything else is not the network: a retry fails the same way, and a row left in
            # sending would be re-queued by the sweep forever without ever showing as failed.
            logger.exception("Reminder %s could not be sent", reminder_id)
        if final_attempt or not transient or _is_permanent(exc):
            _mark(reminder_id, now, status=Status.FAILED, last_error=_error_text(exc))
            logger.warning("Reminder %s failed for good: %s", reminder_id, exc)
            return "failed"
        _mark(
            reminder_id,
            now,
            status=Status.PENDING,
            last_error=_error_text(exc),
            queued_at=now + datetime.timedelta(seconds=retry_delay),
        )
        raise TransientSendError(_error_text(exc)) from exc
    # Recorded before QUIT, so a crash in the goodbye cannot cause a second send.
    if not _mark(reminder_id, now, status=Status.SENT, sent_at=timezone.now(), last_error=""):
        # The sweep took the row back while the server was slow to accept; the new claimant's
        # copy carries the same Message-ID, so the recipient's client folds the two.
        logger.warning("Reminder %s was sent after its claim was lost", reminder_id)
    try:
        mail.close()
    except (smtplib.SMTPException, OSError):
        logger.info("SMTP QUIT failed after reminder %s was accepted", reminder_id)
    return "sent"
