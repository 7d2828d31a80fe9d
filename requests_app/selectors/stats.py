"""Refusal and exemption statistics over PUBLIC requests, read from the request summary.

Definitions (also published in the API schema, ``STATS_DEFINITIONS``):

- *In scope*: public requests matching the filters. Private requests are never counted.
- *Answered*: in scope with at least one substantive response. The *initial outcome* is the
  outcome of the earliest substantive response (earliest ``received_on``, then lowest id).
  Both come from the responses themselves, not from the request's stored columns.
- ``withheld_in_full_rate`` = (refused + ncnd) / answered; ``withheld_rate`` =
  (refused + ncnd + partial) / answered; ``on_time_rate`` = answered requests whose first
  substantive response came on or before ``response_due`` / answered. Null when answered = 0.
- ``median_working_days_to_response``: median over answered requests of the working days
  (the regime's calendar, shared/foi-law.md "Counting") from receipt to the first substantive
  response.
- ``past_deadline_unanswered``: requests in scope with no answer whose response deadline
  has passed, today (status overdue or very overdue; a clock stopped for a clarification or
  a fee does not count). Beside ``on_time_rate``, which only counts answered requests, it
  shows how many never answered at all.
- ``reviews``: internal reviews of requests in scope; ``reviews_overturned``: those decided
  as overturned or partially overturned.
- Exemption ``rate`` = requests whose initial substantive response cites it / answered
  requests in scope under the same regime, with a Wilson score 95% interval (z = 1.96).

Every figure is a grouped aggregate over ``RequestSummary`` (one row per request) or
``RequestExemptionSummary`` (one per exemption an initial response cites), which the
services keep in step with the base tables in the same transaction as each write
(``services.summaries``). Query budget, whatever the data size: refusals = 1 query,
exemptions = 2 (the grouped citations, answered per regime).
"""

from __future__ import annotations

import datetime
import math
import statistics
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Aggregate, Count, F, FloatField, Q, Sum
from django.db.models.functions import ExtractYear

from requests_app.models import Exemption, RequestExemptionSummary, RequestSummary
from requests_app.models.choices import (
    AuthorityTypeChoices,
    NationChoices,
    OutcomeChoices,
    RegimeChoices,
)
from requests_app.selectors.stats_version import stats_data_version  # noqa: F401 (re-exported)

Z_95 = 1.96
RATE_DIGITS = 4

STATS_DEFINITIONS = __doc__ or ""


class GroupBy(StrEnum):
    AUTHORITY = "authority"
    AUTHORITY_TYPE = "authority_type"
    NATION = "nation"
    REGIME = "regime"
    CAMPAIGN = "campaign"
    YEAR = "year"


@dataclass(frozen=True)
class StatsFilters:
    authority: str | None = None  # slug
    authority_type: str | None = None
    nation: str | None = None
    regime: str | None = None
    campaign: str | None = None  # slug
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None

    def as_key(self) -> str:
        return "|".join(f"{k}={'' if v is None else v}" for k, v in sorted(asdict(self).items()))


def summaries_in_scope(model, filters: StatsFilters):
    """The public rows of ``model`` (either summary) matching the filters."""
    lookups = {
        "authority__slug": filters.authority,
        "authority_type": filters.authority_type,
        "nation": filters.nation,
        "regime": filters.regime,
        "campaign__slug": filters.campaign,
        "received_on__gte": filters.received_from,
        "received_on__lte": filters.received_to,
    }
    return model.objects.filter(public=True, **{k: v for k, v in lookups.items() if v is not None})


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float] | None:
    """Wilson score interval for a binomial proportion; None when there are no trials."""
    if trials <= 0:
        return None
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def rate(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else round(numerator / denominator, RATE_DIGITS)


class Median(Aggregate):
    """The median of the non-null values: PostgreSQL's ``percentile_cont(0.5)``; on SQLite
    the ``median`` aggregate registered on each connection (``register_sqlite_median``)."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, function="median", template="%(function)s(%(expressions)s)"
        )


class _SqliteMedian:
    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return float(statistics.median(self.values)) if self.values else None


def register_sqlite_median(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: SQLite has no median aggregate of its own."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("median", 1, _SqliteMedian)


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
    # per pair), so a plain count is the count of distinct requests.
    cited = (
        summaries_in_scope(RequestExemptionSummary, filters)
        .order_by()
        .values("exemption_id")
        .annotate(n=Count("pk"))
        .values(
            "n",
            code=F("exemption__code"),
            exemption_regime=F("exemption__regime"),
            section=F("exemption__section"),
            title=F("exemption__title"),
        )
        .order_by("-n", "exemption__regime", "exemption_id")
    )
    answered = answered_by_regime(filters)
    rows = [
        _exemption_row(
            row["code"],
            row["exemption_regime"],
            row["section"],
            row["title"],
            row["n"],
            answered.get(row["exemption_regime"], 0),
        )
        for row in cited
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


# --------------------------------------------------------------------------------------------
# Refusals
# --------------------------------------------------------------------------------------------

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

# (key field, label field or None when the label comes from the choices)
_GROUP_FIELDS: dict[GroupBy, tuple[str, str | None]] = {
    GroupBy.AUTHORITY: ("authority__slug", "authority__name"),
    GroupBy.AUTHORITY_TYPE: ("authority_type", None),
    GroupBy.NATION: ("nation", None),
    GroupBy.REGIME: ("regime", None),
    GroupBy.CAMPAIGN: ("campaign__slug", "campaign__name"),
    GroupBy.YEAR: ("received_on", None),  # the year of receipt
}

_CHOICE_LABELS: dict[GroupBy, dict[str, str]] = {
    GroupBy.AUTHORITY_TYPE: dict(AuthorityTypeChoices.choices),
    GroupBy.NATION: dict(NationChoices.choices),
    GroupBy.REGIME: dict(RegimeChoices.choices),
}


def _label(group_by: GroupBy, key: Any, label: Any) -> str:
    if key is None:
        return "No campaign" if group_by is GroupBy.CAMPAIGN else "Unknown"
    if label is not None:
        return str(label)
    return _CHOICE_LABELS.get(group_by, {}).get(key, str(key))


def refusal_stats(
    group_by: str, filters: StatsFilters, today: datetime.date | None = None
) -> list[dict[str, Any]]:
    """One row per group of requests in scope; see the module docstring. One query."""
    from django.utils import timezone

    group_by = GroupBy(group_by)
    today = today or timezone.localdate()
    key_field, label_field = _GROUP_FIELDS[group_by]
    key = ExtractYear(key_field) if group_by is GroupBy.YEAR else F(key_field)
    queryset = summaries_in_scope(RequestSummary, filters).annotate(group_key=key)
    names = ["group_key"]
    if label_field is not None:
        queryset = queryset.annotate(group_label=F(label_field))
        names.append("group_label")
    outcome_counts = {
        outcome: Count("pk", filter=Q(outcome=outcome)) for outcome in OutcomeChoices.values
    }
    counted = (
        queryset.order_by()
        .values(*names)
        .annotate(
            requests=Count("pk"),
            answered=Count("first_response_on"),
            on_time=Count("pk", filter=Q(on_time=True)),
            past_deadline=Count("pk", filter=Q(overdue_from__lt=today)),
            review_count=Sum("reviews"),
            overturned=Sum("reviews_overturned"),
            median=Median("working_days"),
            **outcome_counts,
        )
    )
    rows = []
    for group in counted:
        group_key = group["group_key"]
        answered = group["answered"]
        refused, ncnd, partial = group["refused"], group["ncnd"], group["partial"]
        rows.append(
            {
                "key": None if group_key is None else str(group_key),
                "label": _label(group_by, group_key, group.get("group_label")),
                "requests": group["requests"],
                "answered": answered,
                "granted": group["granted"],
                "partial": partial,
                "refused": refused,
                "not_held": group["not_held"],
                "ncnd": ncnd,
                "withheld_in_full_rate": rate(refused + ncnd, answered),
                "withheld_rate": rate(refused + ncnd + partial, answered),
                "on_time_rate": rate(group["on_time"], answered),
                "median_working_days_to_response": (
                    None if group["median"] is None else float(group["median"])
                ),
                "reviews": group["review_count"] or 0,
                "reviews_overturned": group["overturned"] or 0,
                "past_deadline_unanswered": group["past_deadline"],
            }
        )
    rows.sort(key=lambda row: (row["key"] is None, row["key"] or ""))
    return rows
