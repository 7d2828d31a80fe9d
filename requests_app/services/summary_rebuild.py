"""Rebuilding the statistics' summary tables from the base tables (``summaries_rebuild``:
``manage.py recompute_deadlines``, migration 0017, rows loaded around the services, a
restored backup).

On PostgreSQL one read-only statement computes every request's rows afresh and compares
them with the kept ones (two hash full joins; the fresh rows a materialised CTE, in memory),
returning the requests whose rows differ, appeared or went. After a deadline recomputation
that is usually none, and writing a million unchanged rows back into indexed tables cost
most of a minute: only those requests' rows are rewritten (the kept sums of their
authorities with them). When more than one request in ``FULL_SHARE`` differs (an empty
summary, a restore), both tables are emptied and filled again with their secondary indexes
dropped and built once afterwards. The same rows either way, bar ``refreshed_at``: only the
rows written get the new time, so the statistics' cache fingerprint moves exactly when a
figure can have changed.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from requests_app.models import FOIRequest, RequestExemptionSummary, RequestSummary
from requests_app.services.summaries import (
    EXEMPTION_COLUMNS,
    SUMMARY_COLUMNS,
    _insert_exemptions,
    _insert_summaries,
    exemptions_select,
    request_summaries_refresh,
    summaries_select,
)
from requests_app.services.summary_rollups import authority_rollups_refresh
from requests_app.services.table_indexes import planned_rows, secondary_indexes_dropped

# A rebuild finding more than one request in FULL_SHARE changed (and more than FEW: the
# per-request refresh of a few thousand is quick) empties and refills both tables.
FULL_SHARE = 4
FEW = 2000


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def summaries_rebuild(*, full: bool = False) -> int:
    """Both tables (and the per-authority sums) equal to a from-scratch computation.
    ``full``: empty and refill them whatever differs (the tests' oracle, which must not
    depend on the comparison). Returns how many requests' rows were written."""
    if connection.vendor != "postgresql":
        return _rebuild_by_deleting()
    with transaction.atomic(), connection.cursor() as cursor:
        # The first answers' DISTINCT ON, the fresh rows and the comparisons' hash joins:
        # in memory. JIT-compiling these plans cost seconds and saved none.
        cursor.execute(
            "SET LOCAL work_mem = '512MB'; SET LOCAL synchronous_commit = off; "
            "SET LOCAL jit = off; SET LOCAL maintenance_work_mem = '256MB'"
        )
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_table(RequestSummary)})")  # noqa: S608
        if not full and cursor.fetchone()[0]:
            limit = max(FEW, planned_rows(cursor, _table(FOIRequest)) // FULL_SHARE)
            changed = _changed_requests(cursor, limit=limit)
            if len(changed) <= limit:
                # The rows, and the sums of the authorities they leave or join.
                request_summaries_refresh(changed)
                return len(changed)
        written = _refill(cursor)
        authority_rollups_refresh(None)
        cursor.execute(f"ANALYZE {_table(RequestSummary)}")
        cursor.execute(f"ANALYZE {_table(RequestExemptionSummary)}")
    return written


def _changed_requests(cursor, *, limit: int) -> list[int]:
    """Up to ``limit + 1`` requests whose summary row or set of exemption rows differs
    from a fresh computation (or exists on one side only)."""
    summary, exemptions = _table(RequestSummary), _table(RequestExemptionSummary)
    fresh_sql, fresh_params = summaries_select(None, timezone.now())
    fresh_exemptions_sql, fresh_exemptions_params = exemptions_select(None, source="fresh")
    compared = [c for c in SUMMARY_COLUMNS if c != "refreshed_at"]

    def row(alias: str, columns) -> str:
        return ", ".join(f"{alias}.{c}" for c in columns)

    cursor.execute(
        f"WITH fresh ({', '.join(SUMMARY_COLUMNS)}) AS MATERIALIZED ({fresh_sql}), "  # noqa: S608
        f"fresh_exemptions ({', '.join(EXEMPTION_COLUMNS)}) AS ({fresh_exemptions_sql}) "
        f"SELECT COALESCE(n.request_id, s.request_id) "
        f"FROM fresh n FULL JOIN {summary} s ON s.request_id = n.request_id "
        f"WHERE n.request_id IS NULL OR s.request_id IS NULL "
        f"OR ({row('n', compared)}) IS DISTINCT FROM ({row('s', compared)}) "
        f"UNION SELECT COALESCE(n.request_id, e.request_id) "
        f"FROM fresh_exemptions n FULL JOIN {exemptions} e "
        f"ON e.request_id = n.request_id AND e.exemption_id = n.exemption_id "
        f"WHERE n.request_id IS NULL OR e.request_id IS NULL "
        f"OR ({row('n', EXEMPTION_COLUMNS)}) IS DISTINCT FROM ({row('e', EXEMPTION_COLUMNS)}) "
        f"LIMIT %s",
        [*fresh_params, *fresh_exemptions_params, limit + 1],
    )
    return [r[0] for r in cursor.fetchall()]


def _refill(cursor) -> int:
    """Both tables emptied and filled again, their secondary indexes built once afterwards
    instead of an entry per row inserted."""
    summary, exemptions = _table(RequestSummary), _table(RequestExemptionSummary)
    # TRUNCATE leaves no dead rows, but PostgreSQL refuses it inside a transaction that
    # already wrote rows referencing the table (pending foreign key checks: the tests).
    if len(connection.atomic_blocks) > 1:
        cursor.execute(f"DELETE FROM {exemptions}")  # noqa: S608
        cursor.execute(f"DELETE FROM {summary}")  # noqa: S608
    else:
        cursor.execute(f"TRUNCATE {exemptions}, {summary}")
    with (
        secondary_indexes_dropped(cursor, RequestSummary._meta.db_table),
        secondary_indexes_dropped(cursor, RequestExemptionSummary._meta.db_table),
    ):
        written = _insert_summaries(None, timezone.now())
        _insert_exemptions(None)
    return written


def _rebuild_by_deleting() -> int:  # every request's rows written
    """SQLite: both tables deleted and inserted again in one transaction."""
    now = timezone.now()
    with transaction.atomic():
        RequestExemptionSummary.objects.all().delete()
        RequestSummary.objects.all().delete()
        _insert_summaries(None, now)
        _insert_exemptions(None)
        authority_rollups_refresh(None)
    return RequestSummary.objects.count()
