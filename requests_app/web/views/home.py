from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from requests_app.selectors.web_requests import (
    URGENT_STATUSES,
    filter_options,
    my_requests,
    recent_public_requests,
)
from requests_app.services.calendars import calendar_for_regime, proclaimed_days
from requests_app.services.page_figures import page_figures_serve
from requests_app.web.forms.requests import MyRequestsFilterForm
from requests_app.web.presenters import STATUS_LABELS, next_deadline_label, with_status_labels
from requests_app.web.views.stats import _exemption_rows

PAGE_SIZE = 50


def overview(request: HttpRequest) -> HttpResponse:
    """The public figures; the home page of visitors, and still in the menu once signed in."""
    # The figures as last computed (services/page_figures.py: the fingerprint and one row),
    # then the ten newest requests read from the tables.
    today = timezone.localdate()
    found = page_figures_serve("overview", today)
    figures = found.figures or {}
    recent = with_status_labels(recent_public_requests(today))
    context = {
        "figures_as_of": found,
        "totals": figures.get("totals"),
        "exemptions": _exemption_rows(figures.get("exemptions", [])),
        "recent": recent,
        "nav": "home" if not request.user.is_authenticated else "overview",
    }
    return render(request, "web/overview.html", context)


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    if not request.user.is_authenticated:
        return overview(request)

    campaigns, authorities = filter_options(request.user)
    form = MyRequestsFilterForm(request.GET or None, campaigns=campaigns, authorities=authorities)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    queryset = my_requests(
        request.user,
        today=today,
        status=filters.get("status", ""),
        campaign=filters.get("campaign", ""),
        authority=filters.get("authority", ""),
        search=filters.get("q", ""),
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    extra = proclaimed_days()
    rows = []
    for row_request in page:
        foi_request = cast(Any, row_request)  # annotated with status by with_status()
        calendar = calendar_for_regime(foi_request.regime, extra=extra)
        foi_request.status_label = STATUS_LABELS[foi_request.status]
        row = {"request": foi_request, "label": next_deadline_label(foi_request)}
        if foi_request.next_deadline:
            row["days_left"] = calendar.days_left(today, foi_request.next_deadline)
        if foi_request.status in URGENT_STATUSES:
            missed = (
                foi_request.review_response_due
                if foi_request.status == "review_overdue"
                else foi_request.response_due
            )
            if missed:
                row["missed"] = missed
                row["days_late"] = -calendar.days_left(today, missed)
        rows.append(row)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "filtered": bool(filters and any(filters.values())),
        "query": query.urlencode(),
        "today": today,
        "nav": "home",
    }
    return render(request, "web/my_requests.html", context)
