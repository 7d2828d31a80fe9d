"""The statistics the API and the pages publish: exemption rates here, refusal figures in
``stats_refusals``; definitions and filters in ``stats_common`` (re-exported here, the
module every caller imports)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Count

from requests_app.models import Exemption, RequestExemptionSummary, RequestSummary
from requests_app.selectors.stats_common import (  # noqa: F401 (re-exported)
    RATE_DIGITS,
    STATS_DEFINITIONS,
    Z_95,
    GroupBy,
    StatsFilters,
    label_for,
    quoted,
    rate,
    summaries_in_scope,
    wilson_interval,
)
from requests_app.selectors.stats_refusals import (  # noqa: F401 (re-exported)
    REFUSAL_COLUMNS,
    refusal_stats,
)
from requests_app.selectors.stats_version import stats_data_version  # noqa: F401 (re-exported)

# --------------------------------------------------------------------------------------------
# Exemptions
# --------------------------------------------------------------------------------------------

EXEMPTION_COLUMNS = [
    "code",
    "regime",
    "section",
    "title",
    "requests_citing",
    "answered",
    "rate",
    "ci_low",
    "ci_high",
]


def _exemption_row(code, regime, section, title, citing: int, answered: int) -> dict[str, Any]:
    interval = wilson_interval(citing, answered)
    return {
        "code": code,
        "regime": regime,
        "section": section,
        "title": title,
        "requests_citing": citing,
        "answered": answered,
        "rate": rate(citing, answered),
        "ci_low": None if interval is None else round(interval[0], RATE_DIGITS),
        "ci_high": None if interval is None else round(interval[1], RATE_DIGITS),
    }


def answered_by_regime(filters: StatsFilters) -> dict[str, int]:
    return dict(
        summaries_in_scope(RequestSummary, filters)
        .filter(first_response_on__isnull=False)
        .order_by()
        .values("regime")
        .annotate(n=Count("pk"))
        .values_list("regime", "n")
    )


def exemption_stats(filters: StatsFilters, *, catalogue: bool = False) -> list[dict[str, Any]]:
    """One row per exemption cited in the initial substantive response of a request in
    scope, most cited first. Two queries.

    ``catalogue``: every exemption of the catalogue (of the filtered regime), cited or not,
    in catalogue order, with ``absolute``: a third query."""
    # A request cites an exemption at most once in its initial response (one summary row
    # per pair), so a plain count is the count of distinct requests. Grouped by the id
    # alone, then joined to the catalogue's few rows.
    grouped = (
        summaries_in_scope(RequestExemptionSummary, filters)
        .order_by()
        .values("exemption_id")
        .annotate(n=Count("pk"))
    )
    inner, params = grouped.query.sql_with_params()
    sql = (
        f"SELECT e.code, e.regime, e.section, e.title, g.n FROM ({inner}) g "  # noqa: S608
        f"JOIN {quoted(Exemption)} e ON e.id = g.exemption_id "
        f"ORDER BY g.n DESC, e.regime, e.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cited = cursor.fetchall()
    answered = answered_by_regime(filters)
    rows = [
        _exemption_row(code, regime, section, title, n, answered.get(regime, 0))
        for code, regime, section, title, n in cited
    ]
    if catalogue:
        rows = _whole_catalogue(rows, answered, filters.regime)
    return rows


def _whole_catalogue(
    cited: list[dict[str, Any]], answered: dict[str, int], regime: str | None
) -> list[dict[str, Any]]:
    by_code = {row["code"]: row for row in cited}
    entries = Exemption.objects.order_by("regime", "id")
    if regime:
        entries = entries.filter(regime=regime)
    rows = []
    for entry in entries.only("code", "regime", "section", "title", "absolute"):
        row = by_code.get(entry.code) or _exemption_row(
            entry.code, entry.regime, entry.section, entry.title, 0, answered.get(entry.regime, 0)
        )
        rows.append({**row, "absolute": entry.absolute})
    return rows
