"""``/requests/``: browse and search public requests (and, signed in, the user's own)."""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Exemption
from requests_app.selectors.access import campaigns_visible_to
from requests_app.selectors.browse import browse_requests
from requests_app.selectors.search import PROBE
from requests_app.web.csv_export import csv_form_errors, csv_response
from requests_app.web.forms.browse import BrowseFilterForm
from requests_app.web.presenters import STATUS_LABELS, cited

PAGE_SIZE = 50


class UncountedPaginator(Paginator):
    """Pages of a search too large to count: ``PROBE`` rows in all, shown as "more than"."""

    @property
    def count(self) -> int:
        return PROBE


CSV_HEADER = [
    "request_id",
    "title",
    "authority",
    "authority_type",
    "nation",
    "campaign",
    "regime",
    "received_on",
    "status",
    "outcome",
    "exemptions",
    "response_due",
    "next_deadline",
    "url",
]


def requests_list(request: HttpRequest) -> HttpResponseBase:
    today = timezone.localdate()
    form = BrowseFilterForm(
        request.GET or None,
        campaigns=campaigns_visible_to(request.user).order_by("name"),
        exemptions=Exemption.objects.order_by("regime", "id"),
    )
    wants_csv = request.GET.get("format") == "csv"
    invalid = form.is_bound and not form.is_valid()
    if invalid and wants_csv:
        return csv_form_errors(form)
    filters = form.filters()
    queryset, large = browse_requests(request.user, today=today, filters=filters)
    if wants_csv:
        return _csv(request, queryset, today)
    # A search matching more than PROBE requests is not counted (counting every match of a
    # common word costs what the page was made fast to avoid): its pages stop at PROBE.
    paginator = UncountedPaginator(queryset, PAGE_SIZE) if large else Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = []
    for foi_request in page:
        row_request = cast(Any, foi_request)
        row_request.status_label = STATUS_LABELS[row_request.status]
        rows.append({"request": row_request, "citations": cited(row_request)})
    query = request.GET.copy()
    query.pop("page", None)
    csv_query = query.copy()
    csv_query["format"] = "csv"
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "filtered": any(vars(filters).values()),
        "more_than": PROBE if large else None,
        "query": query.urlencode(),
        "csv_query": csv_query.urlencode(),
        "nav": "requests",
    }
    return render(request, "web/requests_list.html", context, status=400 if invalid else 200)


def _csv(request: HttpRequest, queryset, today) -> HttpResponseBase:
    def rows():
        for foi_request in queryset.iterator(chunk_size=1000):
            r = cast(Any, foi_request)
            yield [
                r.pk,
                r.title,
                r.authority.name,
                r.authority.authority_type,
                r.authority.nation,
                r.campaign.name if r.campaign else "",
                r.regime,
                r.received_on.isoformat(),
                r.status,
                r.initial_outcome,
                " ".join(c.exemption.code for c in cited(r)),
                r.response_due.isoformat() if r.response_due else "",
                r.next_deadline.isoformat() if r.next_deadline else "",
                request.build_absolute_uri(reverse("web:request_detail", args=[r.pk])),
            ]

    return csv_response(f"requests-{today.isoformat()}.csv", CSV_HEADER, rows())
