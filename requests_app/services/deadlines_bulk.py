"""Recompute the stage and deadlines of many requests at once.

The same rules as ``services.deadlines`` (``request_facts``, ``next_deadline_for``) and
``law.deadlines.compute_chain``, over columns: per batch of requests (keyset pagination on the
primary key), ``deadlines_bulk_read`` reads the requests and their events as arrays, the law
is applied to the whole batch with ``busday_offset`` on the regime's holiday array, and
``deadlines_bulk_write`` writes back only the rows whose values changed. A proclaimed bank
holiday typically moves a small share of open requests, so most batches write nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from functools import partial

import numpy as np
from django.db import connection, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from requests_app.law.deadlines import STEPS
from requests_app.law.deadlines_vectorised import compute_chains
from requests_app.law.regimes import Nation, Regime
from requests_app.models import FOIRequest
from requests_app.models.choices import StageChoices as Stage
from requests_app.services.calendars import calendar_for_regime, proclaimed_days
from requests_app.services.deadlines_bulk_read import (
    DATE_FIELDS,
    NAT,
    Batch,
    batch_complaints,
    batch_query,
    batch_read,
    batch_responses,
    batch_reviews,
    fee_pauses,
    school_authorities,
    to_days,
)
from requests_app.services.deadlines_bulk_threads import read_on_threads
from requests_app.services.deadlines_bulk_write import changes_write


def deadlines_recompute_bulk(
    queryset,
    progress: Callable[[int], object] | None = None,
    *,
    batch_size: int = 5000,
    today: datetime.date | None = None,
    summaries: bool = True,
) -> int:
    """The same as ``deadlines_recompute`` for every request of ``queryset``, vectorised;
    returns how many requests changed. ``summaries=False`` leaves the statistics' summary
    rows to a caller that rebuilds them whole afterwards (``manage.py recompute_deadlines``).

    Per batch, in its own transaction: one query for the requests and one per event table
    over the batch's id range, then one UPDATE when a row changed. ``progress(n)`` is called
    after each batch with the number of requests it covered (a tqdm ``update``).
    """
    return batches_recompute(
        queryset,
        lambda changes: changes_write(*changes, summaries=summaries),
        progress,
        batch_size=batch_size,
        today=today,
    )


def batches_recompute(
    queryset,
    write: Callable[[tuple], int],
    progress: Callable[[int], object] | None = None,
    *,
    batch_size: int,
    today: datetime.date | None = None,
    readers: int = 1,
) -> int:
    """Per batch of ``queryset`` (keyset pagination on the primary key), in its own
    transaction: compute, and hand the changed rows to ``write`` (``changes_write``, or the
    whole-table rewrite's staging); returns what ``write`` returned, summed.

    ``readers`` > 1, on PostgreSQL outside a transaction: the queryset's ids are split into
    that many ranges, each read and computed on its own thread and connection
    (``deadlines_bulk_threads``); ``write`` and ``progress`` still run on this thread and
    connection (the staging table is this session's), each in a transaction of its own after
    the batch's (the rows' ``seen`` versions keep a stale batch from winning). Inside
    a transaction the readers' connections would not see its rows: one loop, as elsewhere."""
    today = today or timezone.localdate()
    extra = proclaimed_days()
    calendars = {regime: calendar_for_regime(regime, extra) for regime in Regime}
    schools = school_authorities()
    base = batch_query(queryset)

    def computed(after: int, upto: int | None) -> tuple[Batch | None, tuple | None]:
        """The batch after id ``after`` (up to ``upto``) and its changes; in a transaction."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # These plain index scans cost more to JIT-compile (~70 ms a query) than
                # to run. A batch's commit need not wait for its WAL to reach the disk:
                # the columns are derived, and a crash loses at most the last batches,
                # which the next run (or the outbox's retry) recomputes.
                cursor.execute("SET LOCAL jit = off; SET LOCAL synchronous_commit = off")
        window = (
            base.filter(pk__gt=after) if upto is None else base.filter(pk__gt=after, pk__lte=upto)
        )
        batch = batch_read(window[:batch_size])
        if batch is None:
            return None, None
        return batch, batch_changes(batch, calendars, today, schools)

    changed = 0
    if readers > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block:

        def reader(after: int, upto: int | None) -> Iterator[tuple[int, tuple | None]]:
            while True:
                with transaction.atomic():
                    batch, changes = computed(after, upto)
                if batch is None:
                    return
                after = int(batch.pks[-1])
                yield batch.size, changes

        ranges = id_ranges(queryset, readers)
        for size, changes in read_on_threads([partial(reader, *r) for r in ranges]):
            if changes is not None:
                with transaction.atomic():  # a write of several statements: all or none
                    changed += write(changes)
            if progress is not None:
                progress(size)
        return changed
    last_pk = 0
    while True:
        with transaction.atomic():
            batch, changes = computed(last_pk, None)
            if batch is None:
                break
            last_pk = int(batch.pks[-1])
            if changes is not None:
                changed += write(changes)
        if progress is not None:
            progress(batch.size)
    return changed


def id_ranges(queryset, parts: int) -> list[tuple[int, int | None]]:
    """``parts`` contiguous ranges of ``queryset``'s ids, as (after, up to), of equal width
    between its lowest and highest id; the last is open, so rows added meanwhile are read as
    the one loop reads them."""
    bounds = queryset.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return [(0, None)]
    low, width = bounds["low"] - 1, bounds["high"] - bounds["low"] + 1
    cuts = [low + width * i // parts for i in range(1, parts)]
    return list(zip([0, *cuts], [*cuts, None], strict=True))


# A receipt on a weekend or holiday counts from the working day before it (roll back), so a
# day can move the deadlines of requests received shortly after it; two weeks covers the
# longest run of non-working days (Christmas and New Year in Scotland).
_ROLL_BACK_MARGIN = datetime.timedelta(days=14)
# The columns ending a working-day period a holiday can lengthen (EIR/EISR reg 8: an advance
# payment lapses 60 working days after the notice). Each is indexed (fully, or partially
# where most rows leave it empty), so the OR below is a union of index range scans.
MOVABLE_DEADLINES = (
    "response_due_latest",
    "review_request_deadline",
    "review_response_due_latest",
    "fee_lapses_on",
)


def requests_affected_by_day(day: datetime.date, nation: str):
    """Requests whose stored deadlines a holiday on ``day`` in ``nation`` can move.

    A working-day period moves only if it contains the day, so its deadline is on or after
    it. Closed requests are included: their stored due dates feed the "answered in time"
    statistics. A Scottish or UK-wide day moves every regime; a day elsewhere moves FOIA and
    EIR only (FOISA s73 counts Scotland's holidays alone).
    """
    regimes = (
        [r.value for r in Regime]
        if nation in (Nation.SCOTLAND, Nation.UK_WIDE)
        else [r.value for r in Regime if not r.is_scottish]
    )
    return FOIRequest.objects.filter(
        deadline_on_or_after(day), regime__in=regimes, received_on__lte=day + _ROLL_BACK_MARGIN
    )


def deadline_on_or_after(day: datetime.date) -> Q:
    """A period that a holiday on ``day`` can lengthen ends on or after it."""
    movable = Q()
    for column in MOVABLE_DEADLINES:
        movable |= Q(**{f"{column}__gte": day})
    return movable


def deadlines_recompute_for_day(*, day: datetime.date, nation: str) -> int:
    """After a holiday correction (a proclaimed day, or a package day marked as wrongly
    listed) was saved or deleted: recompute what it moves."""
    return deadlines_recompute_bulk(requests_affected_by_day(day, nation))


def deadlines_refresh_passed(*, today: datetime.date | None = None) -> int:
    """Move ``next_deadline`` on for requests whose next deadline has gone by (run daily)."""
    today = today or timezone.localdate()
    return deadlines_recompute_bulk(FOIRequest.objects.filter(next_deadline__lt=today), today=today)


def batch_changes(batch: Batch, calendars, today: datetime.date, schools: np.ndarray):
    """The rows of a batch whose stored columns differ from what the law computes now:
    ``(ids, seen versions, values)`` as ``changes_write`` takes them, or None.
    ``schools``: ``school_authorities()``."""
    columns = batch.columns
    regimes = np.array(columns["regime"])
    received = to_days(columns["_received_on"])
    withdrawn = to_days(columns["_withdrawn_on"])
    responses = batch_responses(batch)
    answered_on = responses["answered_on"]
    answered = ~np.isnat(answered_on)
    clar_received = responses["clar_received"]
    clar_pending = responses["clar_pending"] & ~answered
    review_requested, review_decided = batch_reviews(batch)
    has_review = ~np.isnat(review_requested)
    open_complaint, any_complaint = batch_complaints(batch)
    start = np.where(np.isnat(clar_received), received, clar_received)
    paused, unpaid_notice = fee_pauses(responses["fees"], regimes, start, answered, calendars)
    school = np.isin(np.asarray(columns["authority_id"], dtype=np.int64), schools)

    new: dict[str, np.ndarray] = {name: np.full(batch.size, NAT) for name in STEPS}
    for regime in Regime:
        mask = regimes == regime.value
        if not mask.any():
            continue
        chains = compute_chains(
            regime=regime,
            calendar=calendars[regime],
            received_on=received[mask],
            clarification_pending=clar_pending[mask],
            clarification_received_on=clar_received[mask],
            paused_days=paused[mask],
            fee_unpaid_notice_on=unpaid_notice[mask],
            extended_on=responses["extended_on"][mask],
            school=school[mask],
            responded_on=answered_on[mask],
            review_requested_on=review_requested[mask],
            review_decided_on=review_decided[mask],
        )
        for name in STEPS:
            new[name][mask] = chains[name]

    stage = np.select(
        [
            ~np.isnat(withdrawn),
            open_complaint,
            any_complaint,
            has_review & np.isnat(review_decided),
            answered | has_review,
            clar_pending,
            ~np.isnat(unpaid_notice),
        ],
        [
            Stage.CLOSED.value,
            Stage.WITH_REGULATOR.value,
            Stage.CLOSED.value,
            Stage.REVIEW_REQUESTED.value,
            Stage.ANSWERED.value,
            Stage.AWAITING_CLARIFICATION.value,
            Stage.FEES_PENDING.value,
        ],
        default=Stage.AWAITING_RESPONSE.value,
    )
    new["answered_on"] = answered_on
    new["next_deadline"] = _next_deadline(stage, new, ~np.isnat(review_decided), today)

    differs = np.array(columns["stage"]) != stage
    differs |= np.array(columns["initial_outcome"], dtype=object) != responses["outcome"]
    for name in DATE_FIELDS:
        old = to_days(columns[f"_{name}"])
        differs |= (old != new[name]) & ~(np.isnat(old) & np.isnat(new[name]))
    index = np.flatnonzero(differs)
    if not len(index):
        return None

    values = {name: new[name][index] for name in DATE_FIELDS}
    values["stage"] = stage[index]
    values["initial_outcome"] = responses["outcome"][index]
    seen = [columns["_version"][i] for i in index]
    return batch.pks[index], seen, values


def _next_deadline(stage, dates, review_decided, today: datetime.date) -> np.ndarray:
    """``services.deadlines.next_deadline_for`` over arrays."""
    now = np.datetime64(today, "D")

    def ahead(days: np.ndarray) -> np.ndarray:
        return np.where(days >= now, days, NAT)

    def earliest(*candidates: np.ndarray) -> np.ndarray:
        result = ahead(candidates[0])
        for other in candidates[1:]:
            result = np.fmin(result, ahead(other))
        return result

    answered_next = np.where(
        review_decided,
        ahead(dates["regulator_complaint_deadline"]),
        ahead(dates["review_request_deadline"]),
    )
    return np.select(
        [
            stage == Stage.AWAITING_RESPONSE.value,
            stage == Stage.FEES_PENDING.value,
            stage == Stage.ANSWERED.value,
            stage == Stage.REVIEW_REQUESTED.value,
        ],
        [
            # FOISA s20(5): the review window of a non-response (NaT under other regimes).
            earliest(
                dates["response_due"],
                dates["response_due_latest"],
                dates["review_request_deadline"],
            ),
            ahead(dates["fee_lapses_on"] - np.timedelta64(1, "D")),  # the last day to pay
            answered_next,
            earliest(dates["review_response_due"], dates["review_response_due_latest"]),
        ],
        default=NAT,
    )
