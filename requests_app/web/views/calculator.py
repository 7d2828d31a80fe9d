from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from requests_app.law.deadlines import SCHOOL, compute_chain
from requests_app.law.regimes import REGIME_LABELS, Regime
from requests_app.services.calendars import calendar_for_regime
from requests_app.web.forms.calculator import DeadlineCalculatorForm
from requests_app.web.presenters import WORKING_DAY_DEADLINES, deadline_rows


def deadlines(request: HttpRequest) -> HttpResponse:
    """The public calculator: a GET form, so a result can be bookmarked and shared."""
    form = DeadlineCalculatorForm(request.GET if "received" in request.GET else None)
    context: dict = {"form": form, "nav": "deadlines"}
    status = 200
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        calendar = calendar_for_regime(data["regime"])
        chain = compute_chain(
            regime=data["regime"],
            received_on=data["received"],
            calendar=calendar,
            authority_type=SCHOOL if data["school"] else "",
            responded_on=data["responded"],
            review_requested_on=data["review_requested"],
            review_decided_on=data["review_decided"],
        )
        dates = chain.dates()
        if data["review_requested"]:
            # The review was asked for: its deadline is history, not a step still to take.
            dates.pop("review_request_deadline")
        rows = deadline_rows(dates, chain.basis, calendar, timezone.localdate())
        # Only working-day counts skip holidays; a holiday after the last of them (on the way
        # to a calendar-month or calendar-day limit) changed nothing.
        last = max(
            (row.date for row in rows if row.key in WORKING_DAY_DEADLINES),
            default=data["received"],
        )
        context.update(
            {
                "rows": rows,
                "skipped": calendar.holidays_between(data["received"], last),
                "regime_label": REGIME_LABELS[Regime(data["regime"])],
                "received": data["received"],
            }
        )
    elif form.is_bound:
        status = 400
    return render(request, "web/deadlines.html", context, status=status)
