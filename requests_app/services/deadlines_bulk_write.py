"""Writing a batch of recomputed deadline columns back, for ``deadlines_bulk``.

Only rows whose values changed are written. On PostgreSQL one ``UPDATE ... FROM
unnest(arrays)`` per batch, the arrays sent as text built by numpy; elsewhere Django's
``bulk_update``. Writes do not go through ``save()``: no simple_history rows are written for
these recomputations (the events that caused them have their own history).
"""

from __future__ import annotations

import datetime

import numpy as np
from django.db import connection
from django.utils import timezone

from requests_app.models import FOIRequest, Reminder
from requests_app.models import ReminderStatusChoices as ReminderStatus
from requests_app.services.deadlines import DEADLINE_FIELDS
from requests_app.services.reminders import reminders_cancel_moot
from requests_app.services.summaries import request_summaries_refresh_deadlines

TEXT_FIELDS = ("stage", "initial_outcome")
# No date (NULL) where a staged row cannot say NULL (its fixed-width COPY text): no stored
# date can be this day, as they come from Python dates (year 1 at the earliest, -719,162).
NO_DAY = -999_999
_EPOCH = datetime.date(1970, 1, 1)


def changes_write(
    ids: np.ndarray, seen: list[str], values: dict[str, np.ndarray], *, summaries: bool = True
) -> int:
    """Write ``values`` (dates as ``datetime64[D]``, NaT for none; ``TEXT_FIELDS`` as
    strings) to the requests ``ids``; returns the rows written. Then, in the same transaction
    as the event services do, cancel the reminders the new dates make moot and refresh what
    the statistics' summary reads from the stage and deadlines (on time, past deadline)."""
    if connection.vendor == "postgresql":
        written = _write_postgresql(ids, seen, values)
    else:
        _write_bulk_update(ids, values)
        written = len(ids)
    cancel_moot_reminders(ids)
    if summaries:
        request_summaries_refresh_deadlines(ids.tolist())
    return written


def cancel_moot_reminders(ids: np.ndarray) -> None:
    """Reminders planned from a date this batch moved are moot: cancel them so none goes out
    about the old date; the next sweep plans the new date's. One query when no changed
    request has a pending reminder: the pending reminders of the batch's id range (an index
    range scan; a list of ten thousand ids would cost more to send than to scan)."""
    pending = Reminder.objects.filter(
        status=ReminderStatus.PENDING,
        request_id__gte=int(ids[0]),
        request_id__lte=int(ids[-1]),
    ).values_list("request_id", flat=True)
    moved = sorted(set(pending) & set(ids.tolist()))
    if moved:
        for foi_request in FOIRequest.objects.filter(pk__in=moved):
            reminders_cancel_moot(foi_request)


def _write_bulk_update(ids: np.ndarray, values: dict[str, np.ndarray]) -> None:
    now = timezone.now()
    columns = {
        name: values[name].tolist()
        if name in TEXT_FIELDS
        else values[name].astype(object).tolist()  # NaT -> None
        for name in DEADLINE_FIELDS
    }
    objects = []
    for j, pk in enumerate(ids.tolist()):
        obj = FOIRequest(pk=pk, updated_at=now)
        for name in DEADLINE_FIELDS:
            setattr(obj, name, columns[name][j])
        objects.append(obj)
    FOIRequest.objects.bulk_update(objects, [*DEADLINE_FIELDS, "updated_at"], batch_size=1000)


def _days_array(days: np.ndarray) -> str:
    """A PostgreSQL ``int[]`` literal of days since the epoch, NULL for NaT: built by
    numpy, where binding a list of ``date`` objects dumps each value in Python."""
    return _int_array(days.view(np.int64), np.isnat(days))


def _int_array(values: np.ndarray, nulls: np.ndarray | None = None) -> str:
    """An integer array literal built as one fixed-width byte matrix (``int_columns``), NULL
    right-aligned after spaces (which the array parser skips). Formatting each value as its
    own string (``astype(str)``, ``join``) cost about a second per column of a million rows."""
    if not len(values):
        return "{}"
    if nulls is not None:
        values = np.where(nulls, 0, values)
    out = int_columns(values, minimum_digits=3)
    digits = out.shape[1] - 1
    if nulls is not None and nulls.any():
        out[nulls, : digits - 3] = ord(" ")
        out[nulls, digits - 3 :] = np.frombuffer(b"NULL", dtype=np.uint8)
    separators = np.full((len(values), 1), ord(","), dtype=np.uint8)
    return "{" + np.hstack([out, separators]).tobytes()[:-1].decode("ascii") + "}"


def int_columns(values: np.ndarray, *, minimum_digits: int = 1) -> np.ndarray:
    """Integers as text of one width, a uint8 matrix of a row per value: a sign column ('-'
    or a leading '0', which PostgreSQL's integer input accepts) then zero-padded digits."""
    magnitude = np.abs(values)
    digits = max(len(str(int(magnitude.max(initial=0)))), minimum_digits)
    out = np.empty((len(values), digits + 1), dtype=np.uint8)
    out[:, 0] = np.where(values < 0, ord("-"), ord("0"))
    for k in range(digits):
        out[:, digits - k] = magnitude // 10**k % 10 + ord("0")
    return out


def _text_array(values) -> str:
    # Choice values and timestamps: no quote or backslash to escape.
    return '{"' + '","'.join(values) + '"}'


def assignments_sql() -> str:
    """``SET`` assignments of every deadline column from a source aliased ``v`` holding
    dates as days since the epoch, ``NO_DAY`` or NULL for none (``unnest_source``, or the
    rewrite's staging table)."""
    quote = connection.ops.quote_name
    return ", ".join(
        f"{quote(n)} = v.{quote(n)}"
        if n in TEXT_FIELDS
        else f"{quote(n)} = DATE '{_EPOCH}' + NULLIF(v.{quote(n)}, {NO_DAY})"
        for n in DEADLINE_FIELDS
    )


def unnest_source(ids: np.ndarray, seen: list[str], values: dict[str, np.ndarray]):
    """``unnest(arrays) AS v(id, seen, <deadline columns>)`` and its parameters: the arrays
    as text literals built by numpy, dates as epoch-day integers."""
    quote = connection.ops.quote_name
    names = list(DEADLINE_FIELDS)
    arrays = ", ".join(
        [
            "%s::bigint[]",
            "%s::text[]",
            *("%s::text[]" if n in TEXT_FIELDS else "%s::int[]" for n in names),
        ]
    )
    columns = ", ".join(["id", "seen", *(quote(n) for n in names)])
    parameters = [
        _int_array(np.asarray(ids, dtype=np.int64)),
        _text_array(seen),
        *(_text_array(values[n]) if n in TEXT_FIELDS else _days_array(values[n]) for n in names),
    ]
    return f"unnest({arrays}) AS v({columns})", parameters


def raw_execute(sql: str, parameters: list) -> int:
    """``sql`` on a plain psycopg cursor (Django's binds values into the SQL text
    client-side), on the same connection and transaction: arrays travel as parameters.
    Returns the row count."""
    import psycopg

    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, parameters)
        return cursor.rowcount


def _write_postgresql(ids: np.ndarray, seen: list[str], values: dict[str, np.ndarray]) -> int:
    """One ``UPDATE ... FROM unnest(arrays)`` per batch; returns the rows written.

    ``bulk_update`` writes a ``CASE WHEN id = ...`` per column, which PostgreSQL evaluates
    row by row against every branch (20,000 rows took over a minute); arrays join in one
    pass. A row whose ``updated_at`` moved since it was read was just recomputed by an event's
    own transaction, from newer facts: it is left alone rather than overwritten (no locks).
    """
    quote = connection.ops.quote_name
    table = quote(FOIRequest._meta.db_table)
    updated_at = quote("updated_at")
    source, parameters = unnest_source(ids, seen, values)
    # Identifiers come from the model's metadata, quoted; every value is a parameter.
    sql = (
        f"UPDATE {table} AS t SET {assignments_sql()}, {updated_at} = %s "  # noqa: S608
        f"FROM {source} WHERE t.id = v.id AND t.{updated_at}::text = v.seen"
    )
    return raw_execute(sql, [timezone.now(), *parameters])
