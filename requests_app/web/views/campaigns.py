"""``/campaigns/``: the list, and each campaign's page, the campaigner's desk."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from requests_app.paging import NarrowPaginator
from requests_app.selectors import campaigns as select
from requests_app.services.calendars import calendar_for_regime, proclaimed_days
from requests_app.services.campaign_actions import BULK_ACTIONS, campaign_requests_bulk_apply
from requests_app.services.page_figures import page_figures_serve
from requests_app.services.validation import day_month_year
from requests_app.web.csv_export import csv_form_errors, csv_response
from requests_app.web.forms.base import add_service_errors
from requests_app.web.forms.campaigns import BulkActionForm, CampaignListFilterForm, DeskFilterForm
from requests_app.web.presenters import (
    STATUS_LABELS,
    cited,
    exemption_label,
    next_deadline_label,
)

PAGE_SIZE = 50
DESK_CSV_HEADER = [
    "request_id",
    "authority",
    "nation",
    "regime",
    "sent_on",
    "received_on",
    "status",
    "outcome",
    "answered_on",
    "exemptions",
    "response_due",
    "next_deadline",
    "next_deadline_is",
    "working_days_left",
    "url",
]


def campaign_list(request: HttpRequest) -> HttpResponseBase:
    form = CampaignListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    queryset = select.campaign_list(
        request.user,
        today=timezone.localdate(),
        q=data.get("q", "").strip(),
        mine=bool(data.get("mine")),
    )
    if request.GET.get("format") == "csv":
        if form.errors:
            return csv_form_errors(form)
        return csv_response(
            f"campaigns-{timezone.localdate().isoformat()}.csv",
            ["slug", "name", "organisation", "requests", "answered", "past_deadline", "url"],
            (
                [
                    c.slug,
                    c.name,
                    c.organisation.name if c.organisation else "",
                    c.requests,
                    c.answered,
                    c.past_deadline,
                    request.build_absolute_uri(reverse("web:campaign", args=[c.slug])),
                ]
                for c in queryset
            ),
        )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    csv_query = query.copy()
    csv_query["format"] = "csv"
    context = {
        "form": form,
        "csv_query": csv_query.urlencode(),
        "page": page,
        "filtered": bool(data.get("q") or data.get("mine")),
        "query": query.urlencode(),
        "nav": "campaigns",
    }
    return render(request, "web/campaign_list.html", context, status=400 if form.errors else 200)


def _desk_row(foi_request, calendars: dict, extra, today) -> dict[str, Any]:
    r = cast(Any, foi_request)
    r.status_label = STATUS_LABELS[r.status]
    row: dict[str, Any] = {
        "request": r,
        "citations": cited(r),
        "deadline_label": next_deadline_label(r),
        "days_left": None,
        "days_late": None,
    }
    if r.regime not in calendars:
        calendars[r.regime] = calendar_for_regime(r.regime, extra=extra)
    calendar = calendars[r.regime]
    if r.next_deadline:
        row["days_left"] = calendar.days_left(today, r.next_deadline)
    if r.status in select.PAST_DEADLINE and r.response_due:
        row["days_late"] = -calendar.days_left(today, r.response_due)
    return row


def campaign(request: HttpRequest, slug: str) -> HttpResponseBase:
    found = select.campaign_for_page(request.user, slug)
    if found is None:
        raise Http404("No such campaign")
    return _desk(request, found, request.GET)


def _desk(request: HttpRequest, found, params, bulk_form=None) -> HttpResponseBase:
    """The desk for ``params`` (the filters, sort, page); with a bound ``bulk_form`` that
    failed, the same page again as a 400 with its errors and the rows still ticked."""
    today = timezone.localdate()
    exemptions = select.campaign_exemption_counts(request.user, found)
    figures_as_of = None
    if exemptions is None:
        # A reader who sees only its public requests: the page's figures as last computed
        # (services/page_figures.py), dated.
        figures_as_of = page_figures_serve(f"campaign:{found.pk}", today)
        exemptions = figures_as_of.figures or []
    form = DeskFilterForm(params or None, exemptions=exemptions)
    wants_csv = params.get("format") == "csv"
    invalid = form.is_bound and not form.is_valid()
    if invalid and wants_csv:
        return csv_form_errors(form)
    filters = form.filters()
    queryset = select.campaign_desk(request.user, found, today=today, filters=filters)
    extra = proclaimed_days()
    calendars: dict = {}
    if wants_csv:
        return _desk_csv(request, found, queryset, calendars, extra, today)
    page = NarrowPaginator(queryset, PAGE_SIZE).get_page(params.get("page"))
    rows = [_desk_row(r, calendars, extra, today) for r in page]
    managed = bool(cast(Any, found).managed)
    query = params.copy()
    query.pop("page", None)
    csv_query = query.copy()
    csv_query["format"] = "csv"
    summary = select.campaign_summary(request.user, found, today=today)
    if managed and bulk_form is None:
        bulk_form = BulkActionForm(request_ids=[])
    ticked = set(bulk_form.data.getlist("requests")) if bulk_form and bulk_form.is_bound else set()
    context = {
        "campaign": found,
        "managed": managed,
        "form": form,
        "bulk_form": bulk_form,
        "ticked": ticked,
        "page": page,
        "rows": rows,
        "summary": summary,
        "figures_as_of": figures_as_of,
        "on_time_pct": _pct(summary["on_time"], summary["answered"]),
        "exemptions": [
            {
                **row,
                "label": exemption_label(
                    row["exemption__regime"],
                    row["exemption__section"],
                    row["exemption__title"],
                    with_act=True,
                ),
            }
            for row in exemptions
        ],
        "filtered": any(v for k, v in vars(filters).items() if k != "sort"),
        "sort_headers": _sort_headers(query, filters.sort),
        "query": query.urlencode(),
        "csv_query": csv_query.urlencode(),
        "nav": "campaigns",
    }
    failed = invalid or (bulk_form is not None and bulk_form.is_bound)
    return render(request, "web/campaign.html", context, status=400 if failed else 200)


SORTABLE = ("authority", "status", "outcome", "next_deadline")


def _sort_headers(query, current: str) -> dict[str, dict[str, str]]:
    """Each sortable column's link (the other direction when it is the current sort) and
    its ``aria-sort``, so the headers sort the table as well as the "Sort by" menu."""
    headers = {}
    for key in SORTABLE:
        params = query.copy()
        ascending = current == key
        params["sort"] = f"-{key}" if ascending else key
        state = "ascending" if ascending else "descending" if current == f"-{key}" else ""
        headers[key] = {"url": "?" + params.urlencode(), "aria_sort": state}
    return headers


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "–"


def _desk_csv(request, found, queryset, calendars, extra, today) -> HttpResponseBase:
    def rows():
        for foi_request in queryset.iterator(chunk_size=1000):
            row = _desk_row(foi_request, calendars, extra, today)
            r = row["request"]
            yield [
                r.pk,
                r.authority.name,
                r.authority.nation,
                r.regime,
                r.sent_on.isoformat(),
                r.received_on.isoformat(),
                r.status,
                r.initial_outcome,
                r.answered_on.isoformat() if r.answered_on else "",
                " ".join(c.exemption.code for c in row["citations"]),
                r.response_due.isoformat() if r.response_due else "",
                r.next_deadline.isoformat() if r.next_deadline else "",
                row["deadline_label"],
                "" if row["days_left"] is None else row["days_left"],
                request.build_absolute_uri(reverse("web:request_detail", args=[r.pk])),
            ]

    return csv_response(f"{found.slug}-{today.isoformat()}.csv", DESK_CSV_HEADER, rows())


@login_required
@require_POST
def campaign_bulk(request: HttpRequest, slug: str) -> HttpResponseBase:
    """Apply one step to the ticked rows of the desk, then back to the desk as it was."""
    found = select.campaign_for_page(request.user, slug)
    if found is None or not cast(Any, found).managed:
        raise Http404("No such campaign")
    ids = [int(v) for v in request.POST.getlist("requests") if v.isdigit()]
    chosen = select.requests_to_act_on(request.user, found, ids)
    form = BulkActionForm(request.POST, request_ids=[r.pk for r in chosen])
    params = QueryDict(request.POST.get("return_query", ""), mutable=True)
    if form.is_valid():
        data = form.cleaned_data
        try:
            done = campaign_requests_bulk_apply(
                campaign=found, foi_requests=chosen, action=data["action"], on=data["on"]
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases={"requests": "__all__", "on": "on"})
        else:
            label = BULK_ACTIONS[data["action"]][0]
            messages.success(
                request,
                f"{label} for {done} request{'s' if done != 1 else ''} "
                f"({day_month_year(data['on'])}).",
            )
            back = reverse("web:campaign", args=[found.slug])
            return redirect(f"{back}?{params.urlencode()}" if params else back)
    return _desk(request, found, params, bulk_form=form)
