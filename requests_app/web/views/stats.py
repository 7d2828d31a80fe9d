"""Public statistics pages: an authority, an exemption (a campaign's are on its desk,
``views/campaigns.py``)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from requests_app.models import Exemption, PublicAuthority
from requests_app.models.choices import OutcomeChoices
from requests_app.selectors import web_stats
from requests_app.selectors.stats import StatsFilters, stats_data_version
from requests_app.selectors.stats_cache import exemption_stats_cached, refusal_stats_cached
from requests_app.web.charts import interval_chart
from requests_app.web.presenters import exemption_label, with_status_labels

OUTCOME_KEYS = [value for value, _ in OutcomeChoices.choices]
OUTCOME_LABELS = dict(OutcomeChoices.choices)


def _pct(value) -> str:
    return "–" if value is None else f"{float(value):.0%}"


def _exemption_rows(rows: list[dict]) -> list[dict]:
    return [
        {
            **row,
            "label": exemption_label(row["regime"], row["section"], row["title"], with_act=True),
            "rate_pct": _pct(row.get("rate")),
            "interval": f"{_pct(row.get('ci_low'))}–{_pct(row.get('ci_high'))}",
        }
        for row in rows
    ]


def top_exemptions(limit: int = 8, *, version: str | None = None) -> list[dict]:
    return _exemption_rows(exemption_stats_cached(StatsFilters(), version=version)[:limit])


def _outcome_mix(row: dict | None) -> list[dict]:
    if not row:
        return []
    answered = row.get("answered") or 0
    return [
        {
            "key": key,
            "label": OUTCOME_LABELS[key],
            "count": row.get(key, 0),
            "share": _pct(row.get(key, 0) / answered) if answered else "–",
        }
        for key in OUTCOME_KEYS
    ]


def authority(request: HttpRequest, slug: str) -> HttpResponse:
    today = timezone.localdate()
    body = (
        PublicAuthority.objects.usable_by(request.user)
        .select_related("replaced_by")
        .filter(slug=slug)
        .first()
    )
    if body is None:
        raise Http404("No such authority")
    # The figures come from the statistics cache (one fingerprint query while the data is
    # unchanged); only the list of requests depends on who is looking.
    version = stats_data_version()
    filters = StatsFilters(authority=slug)
    refusals = refusal_stats_cached("authority", filters, today, version=version)
    summary = refusals[0] if refusals else None
    exemptions = _exemption_rows(exemption_stats_cached(filters, version=version))
    context = {
        "authority": body,
        "summary": summary,
        "outcomes": _outcome_mix(summary),
        "on_time": _pct(summary.get("on_time_rate")) if summary else "–",
        "withheld": _pct(summary.get("withheld_rate")) if summary else "–",
        "exemptions": exemptions,
        "chart": interval_chart(exemptions[:15]),
        "requests": with_status_labels(web_stats.authority_requests(request.user, body, today)),
    }
    return render(request, "web/authority.html", context)


def exemption(request: HttpRequest, code: str) -> HttpResponse:
    found = Exemption.objects.filter(code=code).first()
    if found is None:
        raise Http404("No such exemption")
    version = stats_data_version()
    rows = _exemption_rows(
        exemption_stats_cached(StatsFilters(regime=found.regime), version=version)
    )
    own = next((r for r in rows if r["code"] == found.code), None)
    by_year = web_stats.exemption_by_year(found, version=version)
    context = {
        "exemption": found,
        "label": exemption_label(found.regime, found.section, found.title, with_act=True),
        "stats": own,
        "citers": web_stats.exemption_citers(found, version=version),
        "by_year": by_year,
        "year_max": max((y["requests"] for y in by_year), default=0),
    }
    return render(request, "web/exemption.html", context)
