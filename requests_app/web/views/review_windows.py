from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from requests_app.selectors.review_windows import review_windows as select_windows
from requests_app.selectors.web_requests import filter_options
from requests_app.web.forms.review_windows import ReviewWindowFilterForm

DEFAULT_WITHIN_DAYS = 10
CSV_COLUMNS = [
    "request_id",
    "title",
    "authority",
    "campaign",
    "organisation",
    "regime",
    "answered_on",
    "review_request_deadline",
    "working_days_left",
    "state",
    "url",
]


@login_required
def review_windows(request: HttpRequest) -> HttpResponse:
    """Every request the user manages (for staff: their organisation's) by review window."""
    today = timezone.localdate()
    campaigns, authorities = filter_options(request.user)
    form = ReviewWindowFilterForm(request.GET or None, authorities=authorities, campaigns=campaigns)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    state = data.get("state") or "open"
    within = data.get("within_days")
    within = DEFAULT_WITHIN_DAYS if within is None else within
    authority = next((a for a in authorities if a.slug == data.get("authority")), None)
    campaign = next((c for c in campaigns if c.slug == data.get("campaign")), None)
    windows = select_windows(
        user=request.user,
        state=state,
        within_days=within,
        today=today,
        authority=authority,
        campaign=campaign,
    )
    if request.GET.get("format") == "csv":
        return _csv(request, windows, state, today)
    query = request.GET.copy()
    query["format"] = "csv"
    context = {
        "form": form,
        "windows": windows,
        "state": state,
        "within": within,
        "csv_query": query.urlencode(),
        "today": today,
        "nav": "review_windows",
    }
    return render(request, "web/review_windows.html", context, status=400 if form.errors else 200)


def _csv(request: HttpRequest, windows, state: str, today) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"review-windows-{state}-{today.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for window in windows:
        r = window.foi_request
        writer.writerow(
            [
                r.pk,
                _safe(r.title),
                _safe(r.authority.name),
                _safe(r.campaign.name if r.campaign else ""),
                _safe(r.organisation.name if r.organisation else ""),
                r.regime,
                r.answered_on.isoformat() if r.answered_on else "",
                window.deadline.isoformat(),
                window.days_left,
                window.state,
                request.build_absolute_uri(reverse("web:request_detail", args=[r.pk])),
            ]
        )
    return response


def _safe(text: str) -> str:
    """Defuse spreadsheet formulas: a cell starting with =, +, - or @ is run by Excel."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
