"""What each public page shows in figures, computed outside the page request.

A page's figures are one JSON value under a key (``models/page_figures.py``):

- ``overview``: the home page's totals and the eight exemptions cited most often;
- ``authority:<slug>``: its refusal row (``refusal_stats`` by authority) and its exemptions;
- ``exemption:<code>``: its row among its law's exemptions, who cites it, and by year;
- ``exemptions:<regime>`` (``""`` for every law): the catalogue with its figures;
- ``campaign:<id>``: the exemptions its public requests cite (what anyone but its managers
  sees).

``page_figures_compute`` is what a refresh runs (``services/page_figures.py``); pages only
read (``page_figures_read``). The statistics parts go through the fingerprint cache too, so
a refresh also warms the statistics API's entries for the same figures.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from requests_app.models import Campaign, Exemption, PageFigures, PublicAuthority, RequestSummary
from requests_app.selectors import web_stats
from requests_app.selectors.campaigns import public_exemption_counts
from requests_app.selectors.stats import StatsFilters, exemption_stats, stats_data_version
from requests_app.selectors.stats_cache import cached, exemption_stats_cached, refusal_stats_cached
from requests_app.selectors.web_requests import public_totals


@dataclass(frozen=True)
class Figures:
    """A page's figures as last computed: ``figures`` None when never computed yet."""

    key: str
    figures: Any
    computed_at: datetime.datetime | None
    fresh: bool  # computed from the data as it is now, for today
    version: str  # the data fingerprint now
    refreshing: bool = False  # a refresh was queued and is not known to be lost


def page_figures_read(key: str, today: datetime.date) -> Figures:
    """Two queries: the data fingerprint and the page's row."""
    version = stats_data_version()
    row = PageFigures.objects.filter(key=key).first()
    if row is None:
        return Figures(key, None, None, fresh=False, version=version)
    lapsed = timezone.now() - datetime.timedelta(seconds=settings.PAGE_FIGURES_CLAIM_SECONDS)
    refreshing = row.claimed_at is not None and row.claimed_at >= lapsed
    fresh = row.figures is not None and (row.data_version, row.computed_for) == (version, today)
    return Figures(key, row.figures, row.computed_at, fresh, version, refreshing)


def data_is_small() -> bool:
    """Whether computing figures inside a page request is cheap enough: one query reading at
    most PAGE_FIGURES_INLINE_MAX_REQUESTS + 1 summary rows (a few ms at any size).

    Below that many requests every page's figures cost tens of milliseconds, and a small
    site shows exact figures at once rather than old ones or none."""
    limit = settings.PAGE_FIGURES_INLINE_MAX_REQUESTS
    return RequestSummary.objects.order_by().values("pk")[: limit + 1].count() <= limit


def page_figures_compute(key: str, today: datetime.date, version: str) -> Any:
    """The page's figures from the data as it is now; None when its object is gone."""
    kind, _, arg = key.partition(":")
    builder = BUILDERS.get(kind)
    if builder is None:
        raise ValueError(f"Unknown page figures: {key!r}")
    return builder(arg, today, version)


def _overview(_arg: str, today: datetime.date, version: str) -> dict[str, Any]:
    totals = cached("overview", today.isoformat(), lambda: public_totals(today), version=version)
    return {
        "totals": totals["rows"],
        "exemptions": exemption_stats_cached(StatsFilters(), version=version)[:8],
    }


def _authority(slug: str, today: datetime.date, version: str) -> dict[str, Any] | None:
    filters = StatsFilters(authority=slug)
    refusals = refusal_stats_cached("authority", filters, today, version=version)
    if not refusals and not PublicAuthority.objects.filter(slug=slug).exists():
        return None
    return {
        "summary": refusals[0] if refusals else None,
        "exemptions": exemption_stats_cached(filters, version=version),
    }


def _exemption(code: str, _today: datetime.date, version: str) -> dict[str, Any] | None:
    found = Exemption.objects.filter(code=code).first()
    if found is None:
        return None
    rows = exemption_stats_cached(StatsFilters(regime=found.regime), version=version)
    return {
        "stats": next((r for r in rows if r["code"] == found.code), None),
        "citers": web_stats.exemption_citers(found, version=version),
        "by_year": web_stats.exemption_by_year(found, version=version),
    }


def _catalogue(regime: str, _today: datetime.date, version: str) -> list[dict[str, Any]]:
    filters = StatsFilters(regime=regime or None)
    return cached(
        "exemptions-catalogue",
        filters.as_key(),
        lambda: exemption_stats(filters, catalogue=True),
        version=version,
    )["rows"]


def _campaign(pk: str, _today: datetime.date, version: str) -> list[dict[str, Any]] | None:
    counts = public_exemption_counts(int(pk), version=version)
    if not counts and not Campaign.objects.filter(pk=int(pk)).exists():
        return None
    return counts


BUILDERS: dict[str, Callable[[str, datetime.date, str], Any]] = {
    "overview": _overview,
    "authority": _authority,
    "exemption": _exemption,
    "exemptions": _catalogue,
    "campaign": _campaign,
}
