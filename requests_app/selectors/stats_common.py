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
(``services.summaries``). Query budget, whatever the data size: refusals = 1 query (by
authority on PostgreSQL 2: the sort memory is raised first), exemptions = 2 (the grouped
citations, answered per regime).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from django.db import connection

from requests_app.models.choices import AuthorityTypeChoices, NationChoices, RegimeChoices

Z_95 = 1.96
RATE_DIGITS = 4

STATS_DEFINITIONS = __doc__ or ""  # published in the API schema


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


def quoted(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


_CHOICE_LABELS: dict[GroupBy, dict[str, str]] = {
    GroupBy.AUTHORITY_TYPE: dict(AuthorityTypeChoices.choices),
    GroupBy.NATION: dict(NationChoices.choices),
    GroupBy.REGIME: dict(RegimeChoices.choices),
}


def label_for(group_by: GroupBy, key: Any, label: Any) -> str:
    """A group's human-readable name: its own (authority, campaign) or its choice label."""
    if key is None:
        return "No campaign" if group_by is GroupBy.CAMPAIGN else "Unknown"
    if label is not None:
        return str(label)
    return _CHOICE_LABELS.get(group_by, {}).get(key, str(key))
