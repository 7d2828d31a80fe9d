"""Recomputing the deadlines of a whole table at once, for ``manage.py recompute_deadlines``.

A deadline write changes indexed columns, so PostgreSQL cannot make it a HOT update: every
row written gets a new entry in *every* index of the request table. When a large share of
the rows changes (corrected rules, rows loaded around the services, a restored backup), it is
far cheaper to build those indexes once than to insert a million entries into each. So, on
PostgreSQL, the batches only stage their changed rows in a temporary table (no WAL, no
index); then, if at least ``rewrite_at`` rows changed, one transaction locks the request
table (ACCESS EXCLUSIVE: readers and writers wait until it commits), drops its secondary
indexes, applies the staged rows in one ``UPDATE ... FROM``, and builds the indexes again.
Fewer changes are applied in batches with the indexes in place, each in its own short
transaction, as ``deadlines_recompute_bulk`` does. The batches are read and computed on
``READERS`` threads, each with its own connection, while this thread stages what they hand
it (outside a transaction only: another connection cannot see uncommitted rows). Elsewhere
(SQLite) it is that function.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import numpy as np
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from requests_app.models import FOIRequest
from requests_app.services.deadlines import DEADLINE_FIELDS
from requests_app.services.deadlines_bulk import batches_recompute, deadlines_recompute_bulk
from requests_app.services.deadlines_bulk_write import (
    NO_DAY,
    TEXT_FIELDS,
    assignments_sql,
    cancel_moot_reminders,
    int_columns,
    raw_execute,
    unnest_source,
)
from requests_app.services.table_indexes import secondary_indexes_dropped

STAGING = "deadline_changes"  # a temporary table: this session's only
# Waiting longer than this for the table lock (a long report holding a share lock) falls
# back to the batched write, rather than queueing every reader behind the rewrite.
LOCK_TIMEOUT = "5s"
# Threads reading and computing the batches (outside a transaction) while this one stages
# them: a batch is about half waiting on PostgreSQL, so two keep two cores busy.
READERS = 2


def deadlines_recompute_table(
    queryset,
    progress: Callable[[int], object] | None = None,
    *,
    batch_size: int = 10_000,
    rewrite_at: int | None = None,
    today: datetime.date | None = None,
) -> tuple[int, bool]:
    """``deadlines_recompute_bulk(queryset, summaries=False)`` staged: returns (rows
    written, whether the indexes were rebuilt). ``rewrite_at``: the number of changed rows
    from which they are written in one locked rewrite (None: never). The statistics'
    summary is left to the caller (the command rebuilds it)."""
    if connection.vendor != "postgresql":
        changed = deadlines_recompute_bulk(
            queryset, progress, batch_size=batch_size, today=today, summaries=False
        )
        return changed, False
    quote = connection.ops.quote_name
    # bpchar: the COPY text pads strings with spaces to one width, which bpchar drops when
    # compared or assigned as text (no value written here ends with a space: see _copy_text).
    dates = ", ".join(
        f"{quote(n)} {'bpchar' if n in TEXT_FIELDS else 'int'}" for n in DEADLINE_FIELDS
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        cursor.execute(f"CREATE TEMP TABLE {STAGING} (id bigint, seen bpchar, {dates})")
    try:
        staged = batches_recompute(
            queryset, _stage, progress, batch_size=batch_size, today=today, readers=READERS
        )
        if not staged:
            return 0, False
        if rewrite_at is not None and staged >= rewrite_at:
            written = _rewrite()
            if written is not None:
                return written, True
        return _apply_in_batches(batch_size), False
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")


def _stage(changes) -> int:
    import psycopg

    ids, seen, values = changes
    text = _copy_text(ids, seen, values)
    if text is None:
        source, parameters = unnest_source(ids, seen, values)
        return raw_execute(f"INSERT INTO {STAGING} SELECT * FROM {source}", parameters)  # noqa: S608
    # COPY parses its text several times faster than INSERT ... unnest(arrays) does arrays.
    connection.ensure_connection()
    with (
        psycopg.Cursor(connection.connection) as cursor,
        cursor.copy(f"COPY {STAGING} FROM STDIN") as copy,
    ):
        copy.write(text)
    return len(ids)


def _copy_text(ids: np.ndarray, seen: list[str], values: dict) -> bytes | None:
    """The changed rows as COPY text, built by numpy as one byte matrix of fixed-width
    columns (a row at a time in Python cost seconds at a million rows): integers
    zero-padded, no date as ``NO_DAY``, strings padded with spaces. None if a string is not
    plain ASCII, holds a tab, newline or backslash, or ends with a space (then the arrays)."""
    n = len(ids)
    columns = [int_columns(np.asarray(ids, dtype=np.int64))]
    for name in ("seen", *DEADLINE_FIELDS):
        if name == "seen" or name in TEXT_FIELDS:
            column = _text_column(seen if name == "seen" else values[name])
            if column is None:
                return None
        else:
            days = values[name]
            column = int_columns(np.where(np.isnat(days), NO_DAY, days.view(np.int64)))
        columns.append(column)
    tab = np.full((n, 1), ord("\t"), dtype=np.uint8)
    parts = []
    for column in columns:
        parts += [column, tab]
    parts[-1] = np.full((n, 1), ord("\n"), dtype=np.uint8)
    return np.hstack(parts).tobytes()


def _text_column(strings) -> np.ndarray | None:
    try:
        fixed = np.array(list(strings), dtype="S")
    except UnicodeEncodeError:
        return None
    width = max(fixed.dtype.itemsize, 1)
    matrix = fixed.view(np.uint8).reshape(len(fixed), width).copy()
    if np.isin(matrix, np.frombuffer(b"\t\n\r\\", dtype=np.uint8)).any():
        return None
    lengths = np.count_nonzero(matrix, axis=1)
    ends = matrix[np.arange(len(fixed)), np.maximum(lengths - 1, 0)]
    if ((lengths > 0) & (ends == ord(" "))).any():
        return None
    matrix[matrix == 0] = ord(" ")
    return matrix


def _update_sql(where: str) -> str:
    quote = connection.ops.quote_name
    table = quote(FOIRequest._meta.db_table)
    updated_at = quote("updated_at")
    # A row whose updated_at moved since it was read was recomputed meanwhile by an event's
    # own transaction, from newer facts: left alone (as deadlines_bulk_write does).
    return (
        f"UPDATE {table} AS t SET {assignments_sql()}, {updated_at} = %s "  # noqa: S608
        f"FROM {STAGING} v WHERE t.id = v.id AND t.{updated_at}::text = v.seen::text AND {where}"
    )


def _staged_ids() -> np.ndarray:
    with connection.cursor() as cursor:
        # One string parsed by numpy, not a million rows made Python integers.
        cursor.execute(f"SELECT string_agg(id::text, ',' ORDER BY id) FROM {STAGING}")  # noqa: S608
        ids = cursor.fetchone()[0]
    return np.fromstring(ids or "", dtype=np.int64, sep=",")


def _rewrite() -> int | None:
    """The staged rows in one transaction around which the request table's secondary
    indexes are dropped and built again; None if the table lock was not granted in time."""
    import psycopg

    table = connection.ops.quote_name(FOIRequest._meta.db_table)
    ids = _staged_ids()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
            # The columns are derived: a crash before the WAL reaches the disk loses a
            # rewrite the next run repeats. The index builds sort in memory.
            cursor.execute(
                "SET LOCAL lock_timeout = 0; SET LOCAL synchronous_commit = off; "
                "SET LOCAL maintenance_work_mem = '256MB'; SET LOCAL work_mem = '64MB'"
            )
            with secondary_indexes_dropped(cursor, FOIRequest._meta.db_table):
                written = raw_execute(_update_sql("TRUE"), [timezone.now()])
            cursor.execute(f"ANALYZE {table}")
            cancel_moot_reminders(ids)
    except OperationalError as error:
        if isinstance(error.__cause__, psycopg.errors.LockNotAvailable):
            return None
        raise
    return written


def _apply_in_batches(batch_size: int) -> int:
    """The staged rows, ``batch_size`` at a time by id, each batch in its own transaction
    with the indexes in place (and its moot reminders cancelled in it)."""
    ids = _staged_ids()
    written = 0
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            written += raw_execute(
                _update_sql("v.id BETWEEN %s AND %s"),
                [timezone.now(), int(chunk[0]), int(chunk[-1])],
            )
            cancel_moot_reminders(chunk)
    return written
