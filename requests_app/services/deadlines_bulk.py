"""Recompute the stage and deadlines of many requests at once.

The same rules as ``services.deadlines.request_facts`` and ``law.deadlines.compute_chain``,
expressed over columns: per batch, one query reads the requests and one per event table reads
their events (an index range scan on ``request_id``), numpy reduces the events and applies
the law to the whole batch with ``busday_offset`` on the regime's holiday array, and only the
rows whose values changed are written back (``bulk_update``; on PostgreSQL one
``UPDATE ... FROM unnest(...)``). A proclaimed bank holiday typically moves a
small share of open requests, so most batches write nothing.

Writes do not go through ``save()``: no simple_history rows are written for these
recomputations (the events that caused them have their own history).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import numpy as np
from django.db import connection, transaction
from django.db.models import Func, IntegerField, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from requests_app.law.deadlines import STEPS
from requests_app.law.deadlines_vectorised import (
    compute_chains,
    counted_fees_array,
    fee_pause_days_array,
)
from requests_app.law.regimes import Regime
from requests_app.models import (
    FOIRequest,
    InternalReview,
    RegulatorComplaint,
    Reminder,
    Response,
)
from requests_app.models import ReminderStatusChoices as ReminderStatus
from requests_app.models.choices import ResponseKindChoices as Kind
from requests_app.models.choices import StageChoices as Stage
from requests_app.services.calendars import calendar_for_regime, proclaimed_days
from requests_app.services.deadlines import DEADLINE_FIELDS
from requests_app.services.reminders import reminders_cancel_moot
from requests_app.services.summaries import request_summaries_refresh

NAT = np.datetime64("NaT", "D")
_NAT_INT = np.iinfo(np.int64).min  # numpy's NaT as an integer


class EpochDays(Func):
    """A date as days since 1970-01-01, so rows arrive as integers, not ``date`` objects
    (parsing a million dates per column in Python was most of a recompute's time)."""

    output_field = IntegerField()
    template = "(%(expressions)s - DATE '1970-01-01')"

    def get_db_converters(self, connection):
        # The database already returns integers: skip the per-value int() call, which for a
        # million rows of eleven date columns cost seconds.
        return []

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)",
            **extra_context,
        )


def to_days(values) -> np.ndarray:
    """Days since the epoch (or None) to datetime64[D]; None becomes NaT."""
    floats = np.array(values, dtype=np.float64)  # None -> nan, in C
    ints = np.where(np.isnan(floats), _NAT_INT, floats).astype(np.int64)
    return ints.view("datetime64[D]")


def to_dates(days: np.ndarray) -> list[datetime.date | None]:
    return days.astype(object).tolist()


_DATE_FIELDS = (*STEPS, "answered_on", "next_deadline")
_REQUEST_DATES = ("received_on", "withdrawn_on", *_DATE_FIELDS)
_REQUEST_COLUMNS = (
    "pk",
    "regime",
    "authority__authority_type",
    "stage",
    "initial_outcome",
    "_version",
    *(f"_{name}" for name in _REQUEST_DATES),
)
_INT_MAX = np.iinfo(np.int64).max


def batch_query(queryset):
    """The requests' columns as ``recompute_bulk`` reads them, ordered by primary key.

    ``_version`` is ``updated_at`` as text: compared, never parsed, by the PostgreSQL write.
    """
    return (
        queryset.order_by("pk")
        .annotate(
            _version=Cast("updated_at", TextField()),
            **{f"_{name}": EpochDays(name) for name in _REQUEST_DATES},
        )
        .values_list(*_REQUEST_COLUMNS)
    )


def recompute_bulk(
    queryset,
    progress: Callable[[int], object] | None = None,
    *,
    batch_size: int = 5000,
    today: datetime.date | None = None,
) -> int:
    """Recompute every request of ``queryset``; returns how many rows changed.

    Per batch of requests (keyset pagination on the primary key): one query for the
    requests and one per event table over the batch's id range, reduced with numpy.
    """
    today = today or timezone.localdate()
    extra = proclaimed_days()
    calendars = {regime: calendar_for_regime(regime, extra) for regime in Regime}
    base = batch_query(queryset)
    changed = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # These plain index scans cost more to JIT-compile (~70 ms a query) than to run.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL jit = off")
            rows = list(base.filter(pk__gt=last_pk)[:batch_size])
            if not rows:
                break
            last_pk = rows[-1][0]
            changed += _recompute_batch(rows, calendars, today)
        if progress is not None:
            progress(len(rows))
    return changed


class _Batch:
    """The batch's requests as arrays, and positions of event rows within them."""

    def __init__(self, rows):
        self.columns = dict(zip(_REQUEST_COLUMNS, zip(*rows, strict=True), strict=True))
        self.pks = np.array(self.columns["pk"], dtype=np.int64)
        self.size = len(rows)

    def locate(self, request_ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """(positions, mask of event rows whose request is in the batch)."""
        ids = np.array(request_ids, dtype=np.int64)
        position = np.minimum(np.searchsorted(self.pks, ids), self.size - 1)
        inside = self.pks[position] == ids
        return position[inside], inside

    def events(self, model, fields: tuple[str, ...], **filters) -> list[tuple]:
        """Rows of ``model`` for the batch's id range; date fields as epoch days."""
        dates = {
            f"_{name}": EpochDays(name)
            for name in fields
            if model._meta.get_field(name).get_internal_type() == "DateField"
        }
        return list(
            model.objects.filter(
                request_id__gte=int(self.pks[0]), request_id__lte=int(self.pks[-1]), **filters
            )
            .annotate(**dates)
            .values_list("request_id", *(f"_{n}" if f"_{n}" in dates else n for n in fields))
        )


def _flag(batch: _Batch, positions: np.ndarray) -> np.ndarray:
    flags = np.zeros(batch.size, dtype=bool)
    flags[positions] = True
    return flags


def _responses(batch: _Batch) -> dict:
    """What ``request_facts`` reads from the responses, for every request of the batch."""
    rows = batch.events(
        Response,
        ("id", "kind", "received_on", "outcome", "clarification_received_on", "fee_paid_on"),
    )
    out: dict[str, np.ndarray] = {
        "answered_on": np.full(batch.size, NAT),
        "outcome": np.full(batch.size, "", dtype=object),
        "clar_pending": np.zeros(batch.size, dtype=bool),
        "clar_received": np.full(batch.size, NAT),
        "extended_on": np.full(batch.size, NAT),
    }
    fees: tuple = (np.array([], dtype=np.int64), np.array([], "datetime64[D]"), np.array([]))
    if not rows:
        return {**out, "fees": fees}
    request_ids, ids, kinds, received, outcomes, clarified, paid = zip(*rows, strict=True)
    position, inside = batch.locate(list(request_ids))
    kinds_a = np.array(kinds)[inside]
    received_a = to_days(received)[inside]
    ids_a = np.array(ids, dtype=np.int64)[inside]
    outcomes_a = np.array(outcomes, dtype=object)[inside]

    substantive = kinds_a == Kind.SUBSTANTIVE.value
    if substantive.any():
        # The first substantive response by (received_on, id): sort, keep each request's first.
        order = np.lexsort((ids_a[substantive], received_a[substantive], position[substantive]))
        pos_sorted = position[substantive][order]
        _, first = np.unique(pos_sorted, return_index=True)
        targets = pos_sorted[first]
        out["answered_on"][targets] = received_a[substantive][order][first]
        out["outcome"][targets] = outcomes_a[substantive][order][first]

    clarification = kinds_a == Kind.CLARIFICATION_REQUEST.value
    clarified_a = to_days(clarified)[inside]
    out["clar_pending"] = _flag(batch, position[clarification & np.isnat(clarified_a)])
    replied = clarification & ~np.isnat(clarified_a)
    latest = np.full(batch.size, np.iinfo(np.int64).min)
    np.maximum.at(latest, position[replied], clarified_a[replied].view(np.int64))
    out["clar_received"] = latest.view("datetime64[D]")  # the minimum int64 is NaT

    # The first extension notice: whether it came in time is the law module's to judge.
    extension = kinds_a == Kind.EXTENSION_NOTICE.value
    first_extension = np.full(batch.size, _INT_MAX)
    np.minimum.at(first_extension, position[extension], received_a[extension].view(np.int64))
    first_extension[first_extension == _INT_MAX] = _NAT_INT
    out["extended_on"] = first_extension.view("datetime64[D]")
    fee = kinds_a == Kind.FEES_NOTICE.value
    fees = (position[fee], received_a[fee], to_days(paid)[inside][fee])
    return {**out, "fees": fees}


def _reviews(batch: _Batch) -> tuple[np.ndarray, np.ndarray]:
    """The latest review's (requested_on, decided_on) by (requested_on, id), per request."""
    requested = np.full(batch.size, NAT)
    decided = np.full(batch.size, NAT)
    rows = batch.events(InternalReview, ("id", "requested_on", "decided_on"))
    if rows:
        request_ids, ids, requested_on, decided_on = zip(*rows, strict=True)
        position, inside = batch.locate(list(request_ids))
        requested_a = to_days(requested_on)[inside]
        order = np.lexsort((np.array(ids, dtype=np.int64)[inside], requested_a, position))
        pos_sorted = position[order]
        # The last row of each request in sorted order is its latest review.
        last = np.flatnonzero(np.append(pos_sorted[1:] != pos_sorted[:-1], True))
        requested[pos_sorted[last]] = requested_a[order][last]
        decided[pos_sorted[last]] = to_days(decided_on)[inside][order][last]
    return requested, decided


def _complaints(batch: _Batch) -> tuple[np.ndarray, np.ndarray]:
    """(an undecided complaint, any complaint) per request."""
    rows = batch.events(RegulatorComplaint, ("decided_on",))
    if not rows:
        return np.zeros(batch.size, dtype=bool), np.zeros(batch.size, dtype=bool)
    request_ids, decided_on = zip(*rows, strict=True)
    position, inside = batch.locate(list(request_ids))
    open_ = np.array([d is None for d in decided_on], dtype=bool)[inside]
    return _flag(batch, position[open_]), _flag(batch, position)


def _recompute_batch(rows, calendars, today: datetime.date) -> int:
    batch = _Batch(rows)
    columns = batch.columns
    regimes = np.array(columns["regime"])
    received = to_days(columns["_received_on"])
    withdrawn = to_days(columns["_withdrawn_on"])
    responses = _responses(batch)
    answered_on = responses["answered_on"]
    answered = ~np.isnat(answered_on)
    clar_received = responses["clar_received"]
    clar_pending = responses["clar_pending"] & ~answered
    review_requested, review_decided = _reviews(batch)
    has_review = ~np.isnat(review_requested)
    open_complaint, any_complaint = _complaints(batch)
    start = np.where(np.isnat(clar_received), received, clar_received)
    paused, unpaid_notice = _fees(responses["fees"], regimes, start, answered, calendars)
    school = np.array(columns["authority__authority_type"]) == "school"

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
    for name in _DATE_FIELDS:
        old = to_days(columns[f"_{name}"])
        differs |= (old != new[name]) & ~(np.isnat(old) & np.isnat(new[name]))
    index = np.flatnonzero(differs)
    if not len(index):
        return 0

    values = {name: to_dates(new[name][index]) for name in _DATE_FIELDS}
    values["stage"] = stage[index].tolist()
    values["initial_outcome"] = responses["outcome"][index].tolist()
    ids = batch.pks[index].tolist()
    seen = [columns["_version"][i] for i in index]
    if connection.vendor == "postgresql":
        written = _write_postgresql(ids, seen, values)
    else:
        _write_bulk_update(ids, values)
        written = len(ids)
    _cancel_moot_reminders(ids)
    # Stage and deadlines feed the statistics (on time, past deadline): same transaction.
    request_summaries_refresh(ids)
    return written


def _cancel_moot_reminders(ids: list[int]) -> None:
    """Reminders planned from a date this batch moved are moot: cancel them in the same
    transaction, as the event services do, so none goes out about the old date; the next
    sweep plans the new date's. One query when no changed request has a pending reminder."""
    with_pending = Reminder.objects.filter(request_id__in=ids, status=ReminderStatus.PENDING)
    for foi_request in FOIRequest.objects.filter(pk__in=with_pending.values("request_id")):
        reminders_cancel_moot(foi_request)


def _write_bulk_update(ids: list[int], values: dict[str, list]) -> None:
    now = timezone.now()
    objects = []
    for j, pk in enumerate(ids):
        obj = FOIRequest(pk=pk, updated_at=now)
        for name in DEADLINE_FIELDS:
            setattr(obj, name, values[name][j])
        objects.append(obj)
    FOIRequest.objects.bulk_update(objects, [*DEADLINE_FIELDS, "updated_at"], batch_size=1000)


def _write_postgresql(ids: list[int], seen: list, values: dict[str, list]) -> int:
    """One ``UPDATE ... FROM unnest(arrays)`` per batch; returns the rows written.

    ``bulk_update`` writes a ``CASE WHEN id = ...`` per column, which PostgreSQL evaluates
    row by row against every branch (20,000 rows took over a minute); arrays join in one
    pass. A row whose ``updated_at`` moved since it was read was just recomputed by an event's
    own transaction, from newer facts: it is left alone rather than overwritten (no locks).
    """
    quote = connection.ops.quote_name
    table = quote(FOIRequest._meta.db_table)
    types = {"stage": "text", "initial_outcome": "text"}
    names = list(DEADLINE_FIELDS)
    assignments = ", ".join(f"{quote(n)} = v.{quote(n)}" for n in names)
    arrays = ", ".join(
        ["%b::bigint[]", "%b::text[]", *(f"%b::{types.get(n, 'date')}[]" for n in names)]
    )
    columns = ", ".join(["id", "seen", *(quote(n) for n in names)])
    updated_at = quote("updated_at")
    # Identifiers come from the model's metadata, quoted; every value is a parameter.
    sql = (
        f"UPDATE {table} AS t SET {assignments}, {updated_at} = %b "  # noqa: S608
        f"FROM unnest({arrays}) AS v({columns}) "
        f"WHERE t.id = v.id AND t.{updated_at}::text = v.seen"
    )
    # A plain psycopg cursor (Django's are client-side binding ones), on the same connection
    # and transaction: it sends the arrays in binary (%b), three times faster than literals.
    import psycopg

    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, [timezone.now(), ids, seen, *(values[n] for n in names)])
        return cursor.rowcount


def _fees(fees, regimes, start, answered, calendars) -> tuple[np.ndarray, np.ndarray]:
    """Per request: working days paused by paid fees notices, and the first unpaid notice.

    As in ``request_facts``/``compute_chain``: notices before the clock's (re)start or after
    the response deadline do not count (``counted_fees``), and an unpaid notice no longer stops
    the clock once the request is answered.
    """
    position, notice, paid_on = fees
    paused = np.zeros(len(regimes), dtype=np.int64)
    unpaid = np.full(len(regimes), NAT)
    if not len(position):
        return paused, unpaid
    # An unpaid notice is dropped once answered (``request_facts``) before the law decides
    # which notices count, so it must not hold back the deadline later notices are held to.
    is_paid = ~np.isnat(paid_on)
    considered = is_paid | ~answered[position]
    counts = np.zeros(len(position), dtype=bool)
    for regime in Regime:
        of_regime = (regimes[position] == regime.value) & considered
        if not of_regime.any():
            continue
        calendar = calendars[regime]
        counts[of_regime] = counted_fees_array(
            calendar, start, position[of_regime], notice[of_regime], paid_on[of_regime]
        )
        paid = of_regime & counts & is_paid
        if paid.any():
            # s10(2), overlapping notices merged, day 0 never disregarded (law.deadlines).
            paused += fee_pause_days_array(
                calendar, start, position[paid], notice[paid], paid_on[paid]
            )
    open_notice = counts & ~is_paid & ~answered[position]
    if open_notice.any():
        earliest = np.full(len(regimes), _INT_MAX)
        np.minimum.at(earliest, position[open_notice], notice[open_notice].view(np.int64))
        earliest[earliest == _INT_MAX] = _NAT_INT
        unpaid = earliest.view("datetime64[D]")
    return paused, unpaid


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
