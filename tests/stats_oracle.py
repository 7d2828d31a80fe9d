"""The statistics computed the old way, from the base tables, kept as the oracle the
summary-based selectors (``requests_app.selectors.stats``) are checked against.

Slow at scale (the first-response window over every response), exact at any size.
"""

from __future__ import annotations

import datetime
from typing import Any

import numpy as np
from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Window,
)
from django.db.models.functions import ExtractYear, RowNumber

from requests_app.models import (
    Exemption,
    ExemptionCitation,
    FOIRequest,
    InternalReview,
    Response,
)
from requests_app.models.choices import (
    OutcomeChoices,
    ResponseKindChoices,
    ReviewOutcomeChoices,
    StatusChoices,
)
from requests_app.selectors.review_windows import calendars_by_regime
from requests_app.selectors.stats import (
    RATE_DIGITS,
    GroupBy,
    StatsFilters,
    rate,
    wilson_interval,
)
from requests_app.selectors.stats import (
    label_for as _label,
)


def requests_in_scope(filters: StatsFilters):
    """Public requests only: statistics are published to anyone."""
    queryset = FOIRequest.objects.public()
    lookups = {
        "authority__slug": filters.authority,
        "authority__authority_type": filters.authority_type,
        "authority__nation": filters.nation,
        "regime": filters.regime,
        "campaign__slug": filters.campaign,
        "received_on__gte": filters.received_from,
        "received_on__lte": filters.received_to,
    }
    return queryset.filter(**{k: v for k, v in lookups.items() if v is not None})


def first_substantive_ids(scope):
    """Ids of the earliest substantive response (earliest day, then lowest id) of each
    request in ``scope``: one window query, evaluated once, not once per request."""
    return (
        Response.objects.filter(
            kind=ResponseKindChoices.SUBSTANTIVE, request_id__in=scope.values("pk")
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("request_id"),
                order_by=[F("received_on").asc(), F("id").asc()],
            )
        )
        .filter(rank=1)
        .values("id")
    )


def _with_first_response(scope):
    """Each request LEFT JOINed to its earliest substantive response, as ``first``."""
    return scope.annotate(
        first=FilteredRelation(
            "responses", condition=Q(responses__id__in=Subquery(first_substantive_ids(scope)))
        )
    )


# --------------------------------------------------------------------------------------------
# Exemptions
# --------------------------------------------------------------------------------------------


def exemption_stats(filters: StatsFilters, *, catalogue: bool = False) -> list[dict[str, Any]]:
    """One row per exemption cited in the initial substantive response of a request in
    scope, most cited first. Two queries.

    ``catalogue``: every exemption of the catalogue (of the filtered regime), cited or not,
    in catalogue order, with ``absolute``: a third query."""
    scope = requests_in_scope(filters)
    cited = (
        ExemptionCitation.objects.filter(response_id__in=first_substantive_ids(scope))
        .values(
            "exemption__code",
            "exemption__regime",
            "exemption__section",
            "exemption__title",
            "exemption__id",
        )
        .annotate(requests_citing=Count("response__request_id", distinct=True))
        .order_by("-requests_citing", "exemption__regime", "exemption__id")
    )
    has_substantive = Exists(
        Response.objects.filter(request_id=OuterRef("pk"), kind=ResponseKindChoices.SUBSTANTIVE)
    )
    answered_by_regime = dict(
        scope.filter(has_substantive)
        .order_by()
        .values("regime")
        .annotate(n=Count("id"))
        .values_list("regime", "n")
    )
    rows = []
    for row in cited:
        answered = answered_by_regime.get(row["exemption__regime"], 0)
        citing = row["requests_citing"]
        interval = wilson_interval(citing, answered)
        rows.append(
            {
                "code": row["exemption__code"],
                "regime": row["exemption__regime"],
                "section": row["exemption__section"],
                "title": row["exemption__title"],
                "requests_citing": citing,
                "answered": answered,
                "rate": rate(citing, answered),
                "ci_low": None if interval is None else round(interval[0], RATE_DIGITS),
                "ci_high": None if interval is None else round(interval[1], RATE_DIGITS),
            }
        )
    if catalogue:
        rows = _whole_catalogue(rows, answered_by_regime, filters.regime)
    return rows


def _whole_catalogue(
    cited: list[dict[str, Any]], answered_by_regime: dict[str, int], regime: str | None
) -> list[dict[str, Any]]:
    by_code = {row["code"]: row for row in cited}
    entries = Exemption.objects.order_by("regime", "id")
    if regime:
        entries = entries.filter(regime=regime)
    rows = []
    for entry in entries.only("code", "regime", "section", "title", "absolute"):
        row = by_code.get(entry.code)
        if row is None:
            answered = answered_by_regime.get(entry.regime, 0)
            interval = wilson_interval(0, answered)
            row = {
                "code": entry.code,
                "regime": entry.regime,
                "section": entry.section,
                "title": entry.title,
                "requests_citing": 0,
                "answered": answered,
                "rate": rate(0, answered),
                "ci_low": None if interval is None else round(interval[0], RATE_DIGITS),
                "ci_high": None if interval is None else round(interval[1], RATE_DIGITS),
            }
        rows.append({**row, "absolute": entry.absolute})
    return rows


# --------------------------------------------------------------------------------------------
# Refusals
# --------------------------------------------------------------------------------------------

# (key field, label field or None when the label comes from the choices)
_GROUP_FIELDS: dict[GroupBy, tuple[str, str | None]] = {
    GroupBy.AUTHORITY: ("authority__slug", "authority__name"),
    GroupBy.AUTHORITY_TYPE: ("authority__authority_type", None),
    GroupBy.NATION: ("authority__nation", None),
    GroupBy.REGIME: ("regime", None),
    GroupBy.CAMPAIGN: ("campaign__slug", "campaign__name"),
    GroupBy.YEAR: ("received_on", None),  # the year of receipt
}


def _group_key(group_by: GroupBy, prefix: str = ""):
    """The grouping expression, from FOIRequest (``prefix=""``) or a model pointing at it."""
    field = prefix + _GROUP_FIELDS[group_by][0]
    return ExtractYear(field) if group_by is GroupBy.YEAR else F(field)


OVERTURNED = [ReviewOutcomeChoices.OVERTURNED, ReviewOutcomeChoices.PARTIALLY_OVERTURNED]
PAST_DEADLINE = [StatusChoices.OVERDUE, StatusChoices.VERY_OVERDUE]


def _reviews_by_group(scope, group_by: GroupBy) -> dict[Any, tuple[int, int]]:
    """(reviews, overturned) per group: one grouped query over the reviews of the scope.

    Counted apart because a join would multiply the request rows, and a subquery per
    request costs several times the whole of this query.
    """
    rows = (
        InternalReview.objects.filter(request_id__in=scope.values("pk"))
        .annotate(group_key=_group_key(group_by, "request__"))
        .order_by()
        .values("group_key")
        .annotate(n=Count("id"), overturned=Count("id", filter=Q(outcome__in=OVERTURNED)))
        .values_list("group_key", "n", "overturned")
    )
    return {key: (n, overturned) for key, n, overturned in rows}


def _grouped(scope, group_by: GroupBy):
    label = _GROUP_FIELDS[group_by][1]
    queryset = scope.annotate(group_key=_group_key(group_by))
    names = ["group_key"]
    if label is not None:
        queryset = queryset.annotate(group_label=F(label))
        names.append("group_label")
    return queryset, names


def _medians(scope, group_by: GroupBy) -> dict[Any, float | None]:
    """Median working days to the first substantive response, per group.

    The database groups answered requests by (group, regime, received_on, first response
    day); numpy counts the working days of all those date pairs at once per regime, and the
    median is taken over the pairs weighted by how many requests share them.
    """
    grouped, names = _grouped(_with_first_response(scope), group_by)
    pairs = list(
        grouped.filter(first__isnull=False)
        .order_by()
        .values(names[0], "regime", "received_on", "first__received_on")
        .annotate(n=Count("id"))
        .values_list(names[0], "regime", "received_on", "first__received_on", "n")
    )
    calendars = calendars_by_regime()  # the proclaimed days: one query, always
    if not pairs:
        return {}
    # Group codes 0..g-1 in first-seen order, so each group's pairs are one slice.
    codes: dict[Any, int] = {}
    group = np.array([codes.setdefault(p[0], len(codes)) for p in pairs], dtype=np.int64)
    regimes = np.array([p[1] for p in pairs])
    received = np.array([p[2] for p in pairs], dtype="datetime64[D]")
    answered = np.array([p[3] for p in pairs], dtype="datetime64[D]")
    weights = np.array([p[4] for p in pairs], dtype=np.int64)
    days = np.zeros(len(pairs), dtype=np.int64)
    for regime in np.unique(regimes):
        mask = regimes == regime
        days[mask] = calendars[regime].working_days_between_arrays(received[mask], answered[mask])
    order = np.argsort(group, kind="stable")
    bounds = np.flatnonzero(np.diff(group[order])) + 1
    medians: dict[Any, float | None] = {}
    for key, members in zip(codes, np.split(order, bounds), strict=True):
        medians[key] = float(np.median(np.repeat(days[members], weights[members])))
    return medians


def refusal_stats(
    group_by: str, filters: StatsFilters, today: datetime.date | None = None
) -> list[dict[str, Any]]:
    """One row per group of requests in scope; see the module docstring. Four queries."""
    group_by = GroupBy(group_by)
    scope = requests_in_scope(filters)
    grouped, names = _grouped(_with_first_response(scope.with_status(today)), group_by)
    outcome_counts = {
        outcome: Count("id", filter=Q(first__outcome=outcome)) for outcome in OutcomeChoices.values
    }
    counts = (
        grouped.order_by()
        .values(*names)
        .annotate(
            requests=Count("id"),
            answered=Count("first__id"),
            on_time=Count("id", filter=Q(first__received_on__lte=F("response_due"))),
            past_deadline=Count("id", filter=Q(status__in=PAST_DEADLINE)),
            **outcome_counts,
        )
    )
    counted = list(counts)
    reviews = _reviews_by_group(scope, group_by)
    medians = _medians(scope, group_by)

    rows = []
    for group in counted:
        key = group["group_key"]
        answered = group["answered"]
        refused, ncnd, partial = group["refused"], group["ncnd"], group["partial"]
        rows.append(
            {
                "key": None if key is None else str(key),
                "label": _label(group_by, key, group.get("group_label")),
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
                "median_working_days_to_response": medians.get(key),
                "reviews": reviews.get(key, (0, 0))[0],
                "reviews_overturned": reviews.get(key, (0, 0))[1],
                "past_deadline_unanswered": group["past_deadline"],
            }
        )
    rows.sort(key=lambda row: (row["key"] is None, row["key"] or ""))
    return rows
