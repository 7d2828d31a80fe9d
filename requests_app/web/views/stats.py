"""Public statistics pages: an authority, an exemption (a campaign's are on its desk,
``views/campaigns.py``)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from requests_app.models import Exemption, PublicAuthority
from requests_app.models.choices import OutcomeChoices
from requests_app.selectors import web_stats
from requests_app.services.page_figures import page_figures_serve
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
    # The figures as last computed (services/page_figures.py); only the list of requests
    # depends on who is looking.
    found = page_figures_serve(f"authority:{body.slug}", today)
    figures = found.figures or {}
    summary = figures.get("summary")
    exemptions = _exemption_rows(figures.get("exemptions", []))
    context = {
        "authority": body,
        "figures_as_of": found,
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
    found_figures = page_figures_serve(f"exemption:{found.code}")
    figures = found_figures.figures or {}
    by_year = figures.get("by_year", [])
    context = {
        "exemption": found,
        "label": exemption_label(found.regime, found.section, found.title, with_act=True),
        "figures_as_of": found_figures,
        "stats": _exemption_rows([figures["stats"]])[0] if figures.get("stats") else None,
        "citers": figures.get("citers", []),
        "by_year": by_year,
        "year_max": max((y["requests"] for y in by_year), default=0),
    }
    return render(request, "web/exemption.html", context)
