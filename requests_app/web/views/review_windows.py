from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
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
    wants_csv = request.GET.get("format") == "csv"
    if form.is_bound and not form.is_valid():
        # A mistyped filter must not quietly become another one: a spreadsheet of "open"
        # windows saved as the "closing" list would be acted on as if it were.
        if wants_csv:
            return _csv_errors(form)
        return render(
            request,
            "web/review_windows.html",
            _context(request, form, today, [], "", None),
            status=400,
        )
    data = form.cleaned_data if form.is_bound else {}
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
    if wants_csv:
        return _csv(request, windows, state, today)
    return render(
        request, "web/review_windows.html", _context(request, form, today, windows, state, within)
    )


def _context(request: HttpRequest, form, today, windows, state: str, within) -> dict:
    query = request.GET.copy()
    query["format"] = "csv"
    return {
        "form": form,
        "windows": windows,
        "state": state,
        "within": within,
        "csv_query": query.urlencode(),
        "today": today,
        "nav": "review_windows",
    }


def _csv_errors(form) -> HttpResponse:
    lines = [f"{field}: {message}" for field, errors in form.errors.items() for message in errors]
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


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
