"""``/exemptions/``: the statutory catalogue, each exemption with how often it is cited."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from requests_app.models.choices import RegimeChoices
from requests_app.selectors.stats import StatsFilters, exemption_stats
from requests_app.selectors.stats_cache import cached
from requests_app.services.page_figures import page_figures_serve
from requests_app.web.csv_export import csv_form_errors, csv_response
from requests_app.web.forms.base import Form
from requests_app.web.views.stats import _exemption_rows

CSV_HEADER = [
    "code",
    "regime",
    "section",
    "title",
    "absolute",
    "requests_citing",
    "answered",
    "rate",
    "ci_low",
    "ci_high",
    "url",
]


class ExemptionFilterForm(Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        help_text="A section or words of the title: “24”, “12(5)(e)”, “commercial”.",
    )
    regime = forms.ChoiceField(
        label="Law", required=False, choices=[("", "Every law"), *RegimeChoices.choices]
    )
    cited = forms.BooleanField(label="Only those cited", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"


def _matches(row: dict, words: list[str]) -> bool:
    text = f"{row['code']} {row['section']} s{row['section']} {row['title']}".casefold()
    return all(word in text for word in words)


def exemptions_list(request: HttpRequest) -> HttpResponseBase:
    form = ExemptionFilterForm(request.GET or None)
    wants_csv = request.GET.get("format") == "csv"
    invalid = form.is_bound and not form.is_valid()
    if invalid and wants_csv:
        return csv_form_errors(form)
    data = form.cleaned_data if form.is_bound and not invalid else {}
    # Public requests only. The page shows its figures as last computed
    # (services/page_figures.py), one row per law chosen; the CSV download is exact, from
    # the statistics cache as the API (computed on a miss: three queries).
    regime = data.get("regime") or ""
    found = None
    if wants_csv:
        filters = StatsFilters(regime=regime or None)
        rows = cached(
            "exemptions-catalogue",
            filters.as_key(),
            lambda: exemption_stats(filters, catalogue=True),
        )["rows"]
    else:
        found = page_figures_serve(f"exemptions:{regime}")
        rows = found.figures or []
    words = (data.get("q") or "").casefold().split()
    rows = [
        r
        for r in rows
        if (not words or _matches(r, words)) and (not data.get("cited") or r["requests_citing"])
    ]
    if wants_csv:
        return csv_response(
            f"exemptions-{timezone.localdate().isoformat()}.csv",
            CSV_HEADER,
            (
                [
                    *(r[c] for c in CSV_HEADER[:4]),
                    "yes" if r["absolute"] else "no",
                    *(r[c] for c in CSV_HEADER[5:10]),
                    request.build_absolute_uri(reverse("web:exemption", args=[r["code"]])),
                ]
                for r in rows
            ),
        )
    csv_query = request.GET.copy()
    csv_query["format"] = "csv"
    context = {
        "form": form,
        "rows": _exemption_rows(rows),
        "filtered": bool(data and any(data.values())),
        "figures_as_of": found,
        "csv_query": csv_query.urlencode(),
        "nav": "exemptions",
    }
    return render(request, "web/exemptions_list.html", context, status=400 if invalid else 200)
