"""``refusal_stats``: one row per group of public requests, from ``RequestSummary``.

Two plans, one answer (the equivalence tests run both against the base-table oracle):

- few groups (regime, nation, authority type, year, campaign): a *histogram*. One hash
  aggregation per (group, working days) — a few hundred rows per group, no sort of the
  scope — then a window over that small result for the running count, from which the median
  is read: the lower middle value is the first whose running count reaches half the answered
  (2 * cum >= n), the upper middle the first past it (2 * cum > n).
- authority (25,000 groups, so as many histogram rows as requests): the counts by one
  hash aggregation, the median by numbering the answered rows sorted once by (authority,
  working days) and averaging the middle one or two; the sort in memory
  (``STATS_WORK_MEM``), over the rows read in one sweep.

Either way the authority and campaign names are joined after grouping, on the id.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import Collate, ExtractYear, RowNumber

from requests_app.models import (
    AuthorityRefusalSummary,
    Campaign,
    PublicAuthority,
    RequestSummary,
)
from requests_app.models.choices import OutcomeChoices
from requests_app.selectors.stats_common import (
    GroupBy,
    StatsFilters,
    label_for,
    quoted,
    rate,
    summaries_in_scope,
)

REFUSAL_COLUMNS = [
    "key",
    "label",
    "requests",
    "answered",
    "granted",
    "partial",
    "refused",
    "not_held",
    "ncnd",
    "withheld_in_full_rate",
    "withheld_rate",
    "on_time_rate",
    "median_working_days_to_response",
    "reviews",
    "reviews_overturned",
    "past_deadline_unanswered",
]

# The column grouped on; for authority and campaign the label table joined afterwards.
_GROUP_FIELDS: dict[GroupBy, str] = {
    GroupBy.AUTHORITY: "authority_id",
    GroupBy.AUTHORITY_TYPE: "authority_type",
    GroupBy.NATION: "nation",
    GroupBy.REGIME: "regime",
    GroupBy.CAMPAIGN: "campaign_id",
    GroupBy.YEAR: "received_on",  # the year of receipt
}
_LABEL_MODELS = {GroupBy.AUTHORITY: PublicAuthority, GroupBy.CAMPAIGN: Campaign}
_SORTED = {GroupBy.AUTHORITY}  # too many groups for a histogram

# The authority median sorts the rows of the scope: in memory, not in temporary files.
STATS_WORK_MEM = "128MB"

_COUNTS = ["requests", "answered", "on_time", "past_deadline", "review_count", "overturned"]
_COUNTS += list(OutcomeChoices.values)


def _group_key(group_by: GroupBy):
    field = _GROUP_FIELDS[group_by]
    if group_by is GroupBy.YEAR:
        return ExtractYear(field)
    if connection.vendor == "postgresql" and group_by not in _LABEL_MODELS:
        # Byte order is enough to group by; the locale's collation costs a sort 3-5x.
        return Collate(F(field), "C")
    return F(field)


def _aggregates(today: datetime.date) -> dict[str, Any]:
    return {
        "requests": Count("pk"),
        "answered": Count("first_response_on"),
        "on_time": Count("pk", filter=Q(on_time=True)),
        "past_deadline": Count("pk", filter=Q(overdue_from__lt=today)),
        "review_count": Sum("reviews"),
        "overturned": Sum("reviews_overturned"),
        **{o: Count("pk", filter=Q(outcome=o)) for o in OutcomeChoices.values},
    }


def windowed_sql(scope, group_by: GroupBy, today: datetime.date) -> tuple[str, list]:
    """The counts by one hash aggregation; the median from the answered rows sorted once by
    (group, working days), numbered by a window, the middle one or two averaged."""
    counts, count_params = (
        scope.annotate(group_key=_group_key(group_by))
        .order_by()
        .values("group_key")
        .annotate(**_aggregates(today))
        .query.sql_with_params()
    )
    field = _GROUP_FIELDS[group_by]
    numbered, numbered_params = (
        scope.filter(working_days__isnull=False)
        .annotate(
            group_key=_group_key(group_by),
            position=Window(RowNumber(), partition_by=[F(field)], order_by=F("working_days").asc()),
            answered_in_group=Window(Count("pk"), partition_by=[F(field)]),
        )
        .order_by()
        .values("group_key", "working_days", "position", "answered_in_group")
        .query.sql_with_params()
    )
    # The middle positions: (n + 1) / 2 when n is odd, n / 2 and n / 2 + 1 when even.
    sql = (
        f"SELECT c.*, m.median FROM ({counts}) c LEFT JOIN ("  # noqa: S608
        f"SELECT x.group_key, AVG(x.working_days) AS median FROM ({numbered}) x "
        "WHERE 2 * x.position BETWEEN x.answered_in_group AND x.answered_in_group + 2 "
        "GROUP BY x.group_key) m ON m.group_key = c.group_key"
    )
    return sql, [*count_params, *numbered_params]


def _rollup_sql(scope, today: datetime.date) -> tuple[str, list]:
    """Every authority, unfiltered: the sums kept per authority (``AuthorityRefusalSummary``)
    and, counted now because it moves with the date, the requests past their deadline."""
    past, params = (
        scope.filter(overdue_from__lt=today)
        .order_by()
        .values("authority_id")
        .annotate(n=Count("pk"))
        .query.sql_with_params()
    )
    sums = ", ".join(f"r.{name}" for name in _COUNTS if name != "past_deadline")
    sql = (
        f"SELECT r.authority_id AS group_key, {sums}, "  # noqa: S608
        "COALESCE(p.n, 0) AS past_deadline, r.median "
        f"FROM {quoted(AuthorityRefusalSummary)} r LEFT JOIN ({past}) p "
        "ON p.authority_id = r.authority_id"
    )
    return sql, params


def _histogram_sql(scope, group_by: GroupBy, today: datetime.date) -> tuple[str, list]:
    histogram = (
        scope.annotate(group_key=_group_key(group_by), days=F("working_days"))
        .order_by()
        .values("group_key", "days")
        .annotate(**_aggregates(today))
    )
    inner, params = histogram.query.sql_with_params()
    # Unanswered rows (days null) weigh nothing in the running count, wherever they sort.
    weight = "CASE WHEN h.days IS NULL THEN 0 ELSE h.requests END"
    sums = ", ".join(f"SUM(w.{name}) AS {name}" for name in _COUNTS)
    sql = (
        f"SELECT w.group_key, {sums}, "  # noqa: S608
        "(MIN(w.days) FILTER (WHERE w.days IS NOT NULL AND 2 * w.cum >= w.n) "
        "+ MIN(w.days) FILTER (WHERE w.days IS NOT NULL AND 2 * w.cum > w.n)) / 2.0 AS median "
        f"FROM (SELECT h.*, SUM({weight}) OVER (PARTITION BY h.group_key ORDER BY h.days "
        "ROWS UNBOUNDED PRECEDING) AS cum, "
        f"SUM({weight}) OVER (PARTITION BY h.group_key) AS n FROM ({inner}) h) w "
        "GROUP BY w.group_key"
    )
    return sql, params


def refusal_stats(
    group_by: str, filters: StatsFilters, today: datetime.date | None = None
) -> list[dict[str, Any]]:
    """One row per group of requests in scope; see ``stats_common``'s definitions. One
    query (on PostgreSQL, grouped by authority, two: the first raises the sort memory)."""
    from django.utils import timezone

    group_by = GroupBy(group_by)
    today = today or timezone.localdate()
    scope = summaries_in_scope(RequestSummary, filters)
    if group_by is GroupBy.AUTHORITY and filters == StatsFilters():
        sql, params = _rollup_sql(scope, today)
    else:
        build = windowed_sql if group_by in _SORTED else _histogram_sql
        sql, params = build(scope, group_by, today)
    label_model = _LABEL_MODELS.get(group_by)
    if label_model is not None:
        # Grouped on the id, labelled after: a join before would sort and group on text.
        sql = (
            f"SELECT g.*, t.slug AS group_slug, t.name AS group_label "  # noqa: S608
            f"FROM ({sql}) g LEFT JOIN {quoted(label_model)} t ON t.id = g.group_key"
        )
    sorts = group_by in _SORTED and filters != StatsFilters()
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql" and sorts:
            # For this transaction only: sort in memory, and read the table in one sweep
            # rather than through the authority index (a million scattered row fetches,
            # which the planner prices below a sort).
            cursor.execute(
                "SELECT set_config('work_mem', %s, true), "
                "set_config('enable_indexscan', 'off', true), "
                "set_config('enable_bitmapscan', 'off', true)",
                [STATS_WORK_MEM],
            )
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        counted = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    rows = [_row(group_by, group, label_model is not None) for group in counted]
    rows.sort(key=lambda row: (row["key"] is None, row["key"] or ""))
    return rows


def _row(group_by: GroupBy, group: dict[str, Any], labelled: bool) -> dict[str, Any]:
    key = group["group_slug"] if labelled else group["group_key"]
    # Sums of counts come back as numeric on PostgreSQL: whole numbers, as ints.
    n = {name: int(group[name] or 0) for name in _COUNTS}
    answered, refused, ncnd, partial = n["answered"], n["refused"], n["ncnd"], n["partial"]
    return {
        "key": None if key is None else str(key),
        "label": label_for(group_by, key, group.get("group_label")),
        "requests": n["requests"],
        "answered": answered,
        "granted": n["granted"],
        "partial": partial,
        "refused": refused,
        "not_held": n["not_held"],
        "ncnd": ncnd,
        "withheld_in_full_rate": rate(refused + ncnd, answered),
        "withheld_rate": rate(refused + ncnd + partial, answered),
        "on_time_rate": rate(n["on_time"], answered),
        "median_working_days_to_response": (
            None if group["median"] is None else float(group["median"])
        ),
        "reviews": n["review_count"],
        "reviews_overturned": n["overturned"],
        "past_deadline_unanswered": n["past_deadline"],
    }
