"""The recomputations that holiday corrections owe, kept in an outbox so none is lost.

Saving or deleting a correction writes a ``HolidayRecompute`` row in its own transaction and
queues a task for it when the transaction commits. With the broker down the queueing fails:
the save still succeeds (the admin never answers 500 for it) and the row stays undone until
the beat-driven reconciliation, every few minutes once the broker is back, runs it. Running
one twice is harmless: the bulk recomputation writes only the rows whose values change.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from requests_app.models import HolidayRecompute
from requests_app.services.deadlines_bulk import deadlines_recompute_for_day
from requests_app.services.summaries import summaries_refresh_working_days

logger = logging.getLogger(__name__)
ENQUEUE_TIMEOUT = 2  # seconds to reach the broker before leaving the work to the outbox


def holiday_recompute_owe(day: datetime.date, nation: str) -> HolidayRecompute:
    """Record, in the caller's transaction, that the requests ``day`` in ``nation`` can move
    must be recomputed; the task is queued once the transaction has committed."""
    owed = HolidayRecompute.objects.create(date=day, nation=nation)
    # The statistics' working days are counted here, not in the task: the summary never
    # disagrees with the calendar the medians are defined on.
    summaries_refresh_working_days(day)
    transaction.on_commit(lambda: _enqueue(owed.pk))
    return owed


def _enqueue(recompute_id: int) -> None:
    from foitracker.celery import app

    # By its registered name: services do not import the tasks module (which imports them).
    recompute_holiday_change = app.tasks["requests_app.tasks.recompute_holiday_change"]

    try:
        # One quick connection attempt and no publish retries: with the broker down the page
        # must answer within a second, not after kombu's default retries (about 7 s).
        with app.connection_for_write() as connection:
            connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=ENQUEUE_TIMEOUT
            )
            recompute_holiday_change.apply_async(
                (recompute_id,), connection=connection, retry=False
            )
    except Exception:  # any broker or network error: the outbox row keeps the work
        logger.warning(
            "Could not queue holiday recompute %s (broker unavailable?); the reconciliation "
            "will run it",
            recompute_id,
            exc_info=True,
        )


def holiday_recompute_run(recompute_id: int) -> int | None:
    """Run one owed recomputation; returns how many requests changed, or None if it was
    already done (or no longer exists)."""
    owed = HolidayRecompute.objects.filter(pk=recompute_id, done_at__isnull=True).first()
    if owed is None:
        return None
    HolidayRecompute.objects.filter(pk=owed.pk).update(attempts=F("attempts") + 1)
    try:
        changed = deadlines_recompute_for_day(day=owed.date, nation=owed.nation)
    except Exception as exc:
        HolidayRecompute.objects.filter(pk=owed.pk).update(last_error=repr(exc)[:2000])
        raise
    HolidayRecompute.objects.filter(pk=owed.pk, done_at__isnull=True).update(
        done_at=timezone.now(), last_error=""
    )
    return changed


def holiday_recomputes_reconcile(*, now: datetime.datetime | None = None) -> int:
    """Run every owed recomputation left undone for ``HOLIDAY_RECOMPUTE_GRACE`` seconds
    (its task was never queued, or was lost); returns how many ran.

    The grace leaves a freshly queued task time to run first. Oldest first, so corrections
    of the same day apply in the order they were made (each reads the calendars as they now
    are, so the last one run leaves the right dates either way).
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.HOLIDAY_RECOMPUTE_GRACE)
    owed = list(
        HolidayRecompute.objects.filter(done_at__isnull=True, created_at__lte=cutoff)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
    )
    for recompute_id in owed:
        holiday_recompute_run(recompute_id)
    return len(owed)
