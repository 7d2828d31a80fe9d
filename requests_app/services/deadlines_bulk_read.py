"""Reading a batch of requests and their events as numpy arrays, for ``deadlines_bulk``.

The same facts as ``services.deadlines.request_facts``, expressed over columns: one query
reads the batch's requests (dates as epoch-day integers), one per event table reads their
events by request id range (an index range scan on ``request_id``), and numpy reduces the
events per request. On PostgreSQL each query returns its columns as strings numpy parses
(``columns_read``); elsewhere rows.
"""

from __future__ import annotations

import datetime

import numpy as np
from django.db import connection
from django.db.models import Func, IntegerField, TextField
from django.db.models.functions import Cast

from requests_app.law.deadlines import STEPS
from requests_app.law.deadlines_vectorised import counted_fees_array, fee_pause_days_array
from requests_app.law.regimes import Regime
from requests_app.models import InternalReview, PublicAuthority, RegulatorComplaint, Response
from requests_app.models.choices import AuthorityTypeChoices
from requests_app.models.choices import ResponseKindChoices as Kind

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
    """Days since the epoch (or None) to datetime64[D]; None becomes NaT. An int64 array
    (``columns_read``) already holds NaT as the minimum integer."""
    if isinstance(values, np.ndarray) and values.dtype == np.int64:
        return values.view("datetime64[D]")
    floats = np.array(values, dtype=np.float64)  # None -> nan, in C
    ints = np.where(np.isnan(floats), _NAT_INT, floats).astype(np.int64)
    return ints.view("datetime64[D]")


def to_dates(days: np.ndarray) -> list[datetime.date | None]:
    return days.astype(object).tolist()


DATE_FIELDS = (*STEPS, "answered_on", "next_deadline")
_REQUEST_DATES = ("received_on", "withdrawn_on", *DATE_FIELDS)
_REQUEST_COLUMNS = (
    "pk",
    "regime",
    "authority_id",
    "stage",
    "initial_outcome",
    "_version",
    *(f"_{name}" for name in _REQUEST_DATES),
)
_INT_MAX = np.iinfo(np.int64).max
_TEXT_COLUMNS = ("regime", "stage", "initial_outcome", "_version")
_SEPARATOR = "\x1f"  # in no choice value nor timestamp


def school_authorities() -> np.ndarray:
    """The ids of the authorities that are schools (their response period differs): read
    once rather than joined to every batch's requests."""
    ids = PublicAuthority.objects.filter(authority_type=AuthorityTypeChoices.SCHOOL)
    return np.array(list(ids.values_list("id", flat=True)), dtype=np.int64)


def columns_read(queryset, texts: tuple[bool, ...]) -> list | None:
    """The columns of a ``values_list`` queryset (None if it has no row), on PostgreSQL.

    Each column arrives as one string (``string_agg``) that numpy parses in C: integers
    (dates as epoch days, NULL as the minimum int64, numpy's NaT) as int64 arrays, and the
    ``texts`` columns as lists of strings. Row by row, the values of a million requests cost
    seconds of Python object creation per column. Every aggregate of one plain aggregation
    consumes the rows in the same order, so the columns stay aligned.
    """
    sql, params = queryset.query.sql_with_params()
    aggregates = ", ".join(
        f"string_agg(COALESCE(c{i}::text, ''), E'\\x1f')"
        if text
        else f"string_agg(COALESCE(c{i}::bigint::text, '{_NAT_INT}'), ',')"
        for i, text in enumerate(texts)
    )
    names = ", ".join(f"c{i}" for i in range(len(texts)))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), {aggregates} FROM ({sql}) AS q({names})",  # noqa: S608
            params,
        )
        count, *strings = cursor.fetchone()
    if not count:
        return None
    columns: list = []
    for text, string in zip(texts, strings, strict=True):
        if text:
            column = string.split(_SEPARATOR)
        else:
            column = np.fromstring(string, dtype=np.int64, sep=",")
        if len(column) != count:
            raise ValueError("a column did not parse to one value per row")
        columns.append(column)
    return columns


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


def batch_read(queryset) -> Batch | None:
    """One batch (a slice of ``batch_query``) as a ``Batch``, or None when it is empty."""
    if connection.vendor != "postgresql":
        rows = list(queryset)
        return Batch.from_rows(rows) if rows else None
    columns = columns_read(queryset, tuple(c in _TEXT_COLUMNS for c in _REQUEST_COLUMNS))
    if columns is None:
        return None
    pks = columns[0]
    if (np.diff(pks) < 0).any():
        # The aggregation kept the subquery's order by id everywhere observed; should a plan
        # ever not, the rows are put back in id order (the events are located by search).
        order = np.argsort(pks, kind="stable")
        columns = [
            c[order] if isinstance(c, np.ndarray) else [c[i] for i in order] for c in columns
        ]
    return Batch(dict(zip(_REQUEST_COLUMNS, columns, strict=True)))


class Batch:
    """The batch's requests as columns, and positions of event rows within them."""

    def __init__(self, columns: dict):
        self.columns = columns
        self.pks = np.asarray(columns["pk"], dtype=np.int64)
        self.size = len(self.pks)

    @classmethod
    def from_rows(cls, rows) -> Batch:
        return cls(dict(zip(_REQUEST_COLUMNS, zip(*rows, strict=True), strict=True)))

    def locate(self, request_ids) -> tuple[np.ndarray, np.ndarray]:
        """(positions, mask of event rows whose request is in the batch)."""
        ids = np.asarray(request_ids, dtype=np.int64)
        position = np.minimum(np.searchsorted(self.pks, ids), self.size - 1)
        inside = self.pks[position] == ids
        return position[inside], inside

    def events(self, model, fields: tuple[str, ...], **filters) -> list | None:
        """The columns (``request_id``, then ``fields``) of ``model``'s rows for the batch's
        id range, None if there is none; date fields as epoch days."""
        internal = {name: model._meta.get_field(name).get_internal_type() for name in fields}
        dates = {f"_{n}": EpochDays(n) for n, kind in internal.items() if kind == "DateField"}
        queryset = (
            model.objects.filter(
                request_id__gte=int(self.pks[0]), request_id__lte=int(self.pks[-1]), **filters
            )
            .annotate(**dates)
            .values_list("request_id", *(f"_{n}" if f"_{n}" in dates else n for n in fields))
        )
        if connection.vendor == "postgresql":
            texts = (False, *(kind in ("CharField", "TextField") for kind in internal.values()))
            return columns_read(queryset, texts)
        rows = list(queryset)
        return list(zip(*rows, strict=True)) if rows else None


def _flag(batch: Batch, positions: np.ndarray) -> np.ndarray:
    flags = np.zeros(batch.size, dtype=bool)
    flags[positions] = True
    return flags


def batch_responses(batch: Batch) -> dict:
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
    if rows is None:
        return {**out, "fees": fees}
    request_ids, ids, kinds, received, outcomes, clarified, paid = rows
    position, inside = batch.locate(request_ids)
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


def batch_reviews(batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    """The latest review's (requested_on, decided_on) by (requested_on, id), per request."""
    requested = np.full(batch.size, NAT)
    decided = np.full(batch.size, NAT)
    rows = batch.events(InternalReview, ("id", "requested_on", "decided_on"))
    if rows is not None:
        request_ids, ids, requested_on, decided_on = rows
        position, inside = batch.locate(request_ids)
        requested_a = to_days(requested_on)[inside]
        order = np.lexsort((np.array(ids, dtype=np.int64)[inside], requested_a, position))
        pos_sorted = position[order]
        # The last row of each request in sorted order is its latest review.
        last = np.flatnonzero(np.append(pos_sorted[1:] != pos_sorted[:-1], True))
        requested[pos_sorted[last]] = requested_a[order][last]
        decided[pos_sorted[last]] = to_days(decided_on)[inside][order][last]
    return requested, decided


def batch_complaints(batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    """(an undecided complaint, any complaint) per request."""
    rows = batch.events(RegulatorComplaint, ("decided_on",))
    if rows is None:
        return np.zeros(batch.size, dtype=bool), np.zeros(batch.size, dtype=bool)
    request_ids, decided_on = rows
    position, inside = batch.locate(request_ids)
    open_ = np.isnat(to_days(decided_on))[inside]
    return _flag(batch, position[open_]), _flag(batch, position)


def fee_pauses(fees, regimes, start, answered, calendars) -> tuple[np.ndarray, np.ndarray]:
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
