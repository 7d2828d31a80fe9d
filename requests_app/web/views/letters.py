"""Drafted letters: the internal review request and the complaint to the regulator, to edit,
copy or download as text before sending."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from requests_app.drafting import NotApplicable
from requests_app.law.regimes import Regime
from requests_app.selectors.letter_drafts import DRAFTERS, TITLES, letter_draft
from requests_app.selectors.web_requests import request_for_page

REGULATOR_NAMES = {
    "ico": "the Information Commissioner's Office",
    "sic": "the Scottish Information Commissioner",
}


def letter_page(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Anyone who can see the request may read its drafts (as in the API); ``?format=txt``
    downloads the draft as a text file."""
    today = timezone.localdate()
    foi_request = request_for_page(request.user, pk, today)
    if foi_request is None or kind not in DRAFTERS:
        raise Http404("No such request or letter")
    try:
        text, reason = letter_draft(foi_request, kind, today), ""
    except NotApplicable as error:
        text, reason = "", str(error)
    if request.GET.get("format") == "txt" and text:
        filename = f"{kind}-{foi_request.pk}.txt"
        return HttpResponse(
            text,
            content_type="text/plain; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    regulator = Regime(foi_request.regime).regulator.value
    context = {
        "foi_request": foi_request,
        "kind": kind,
        "title": TITLES[kind],
        "text": text,
        "reason": reason,
        "regulator_name": REGULATOR_NAMES[regulator],
        "filename": f"{kind}-{foi_request.pk}.txt",
    }
    return render(request, "web/letter_draft.html", context, status=200 if text else 409)
