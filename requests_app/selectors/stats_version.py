"""The statistics' cache fingerprint: a handful of index lookups, nothing scanned."""

from __future__ import annotations

from django.db import connection

from requests_app.models import (
    Campaign,
    ExemptionCitation,
    FOIRequest,
    InternalReview,
    ProclaimedHoliday,
    PublicAuthority,
    RequestSummary,
    Response,
)


def stats_data_version() -> str:
    """A fingerprint of everything the statistics read, in one query.

    Every write the statistics can see refreshes a summary row, stamping its indexed
    ``refreshed_at``; a deleted request, authority or campaign, or a renamed one (a label),
    leaves a simple_history row with an ever-growing id; proclaimed holidays move working
    days. Each part is a MAX read from the end of a b-tree (or a count of a small table).
    Anything else (raw SQL) is bounded by the cache timeout.
    """
    histories = [
        model.history.model._meta.db_table  # type: ignore[attr-defined]
        for model in (
            FOIRequest,
            Response,
            ExemptionCitation,
            InternalReview,
            PublicAuthority,
            Campaign,
        )
    ]
    # Only model table names are put into the SQL, quoted; nothing comes from the request.
    quote = connection.ops.quote_name
    summaries = quote(RequestSummary._meta.db_table)
    holidays = quote(ProclaimedHoliday._meta.db_table)
    selects = [f"(SELECT MAX(history_id) FROM {quote(t)})" for t in histories]  # noqa: S608
    selects += [
        f"(SELECT MAX(refreshed_at) FROM {summaries})",  # noqa: S608
        f"(SELECT COUNT(*) FROM {holidays})",  # noqa: S608
        f"(SELECT MAX(id) FROM {holidays})",  # noqa: S608
    ]
    sql = "SELECT " + ", ".join(selects)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        values = cursor.fetchone()
    return ":".join("" if value is None else str(value) for value in values)
