"""Figures for the public authority, campaign and exemption pages that the statistics API
does not break down: who cites an exemption and when. Public requests only, as everywhere
in the statistics (docs: private requests never count); one grouped query each, read
through the statistics cache (``stats_cache.cached``) by the refresh of the exemption page's
figures (``selectors/page_figures.py``): a page view never runs them."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, QuerySet
from django.db.models.functions import ExtractYear

from requests_app.models import Exemption, FOIRequest, RequestExemptionSummary
from requests_app.selectors.access import requests_visible_to
from requests_app.selectors.stats_cache import cached


def _initial_citations(exemption: Exemption) -> QuerySet[RequestExemptionSummary]:
    """The public requests whose first substantive response cites the exemption (the
    *initial* outcome, as the statistics define it): rows of the summary the statistics
    read (``models/summaries.py``), one per request and exemption."""
    return RequestExemptionSummary.objects.filter(exemption=exemption, public=True)


def exemption_citers(
    exemption: Exemption, limit: int = 50, *, version: str | None = None
) -> list[dict[str, Any]]:
    """Authorities citing the exemption, most often first: name, slug, requests."""
    return cached(
        "exemption-citers",
        f"{exemption.code}|{limit}",
        lambda: _citers(exemption, limit),
        version=version,
    )["rows"]


def _citers(exemption: Exemption, limit: int) -> list[dict[str, Any]]:
    return [
        dict(row)
        for row in _initial_citations(exemption)
        .values(name=F("authority__name"), slug=F("authority__slug"))
        .annotate(requests=Count("request_id"))
        .order_by("-requests", "name")[:limit]
    ]


def exemption_by_year(exemption: Exemption, *, version: str | None = None) -> list[dict[str, Any]]:
    """Requests citing the exemption per year of receipt: year, requests."""
    return cached(
        "exemption-by-year", exemption.code, lambda: _by_year(exemption), version=version
    )["rows"]


def _by_year(exemption: Exemption) -> list[dict[str, Any]]:
    return [
        dict(row)
        for row in _initial_citations(exemption)
        .annotate(year=ExtractYear("received_on"))
        .values("year")
        .annotate(requests=Count("request_id"))
        .order_by("year")
    ]


def authority_requests(user, authority, today, limit: int = 100) -> list[FOIRequest]:
    return list(
        requests_visible_to(user)
        .with_status(today)
        .filter(authority=authority)
        .select_related("campaign")
        .order_by("-received_on", "-id")[:limit]
    )
