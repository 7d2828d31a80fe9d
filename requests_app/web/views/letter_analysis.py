"""Pre-fill the record-response form from the letter analyser, for the user to confirm."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest

from requests_app.models import FOIRequest


def _get(obj: Any, name: str, default=None):
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _as_date_text(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value or "")


def analyse_into_initial(
    request: HttpRequest, foi_request: FOIRequest, form
) -> tuple[list[dict], dict, str]:
    """(citation rows, response form values, a note for the user).

    What the user already typed wins over what the analyser suggests, except the outcome and
    exemptions, which are what they asked the analyser for.
    """
    prefix = form.prefix
    typed = {
        "received_on": request.POST.get(f"{prefix}-received_on", ""),
        "outcome": request.POST.get(f"{prefix}-outcome", ""),
        "letter_text": request.POST.get(f"{prefix}-letter_text", ""),
    }
    text = typed["letter_text"]
    upload = request.FILES.get(f"{prefix}-attachment")
    try:
        from requests_app import letters
    except ImportError:
        return [], typed, "The letter analyser is not available on this server yet."

    if upload is not None and not text.strip():
        extract = getattr(letters, "extract_text", None)
        if extract is None:
            return [], typed, "Paste the letter's text to analyse it."
        try:
            text = extract(upload)
        except ValueError as error:
            return [], typed, f"We could not read that file: {error}"
        typed["letter_text"] = text
    if not text.strip():
        return [], typed, "Paste the letter's text (or upload it) before analysing it."

    result = letters.analyse_letter(text, foi_request.regime)
    rows = []
    for found in _get(result, "exemptions", []) or []:
        code = _get(found, "code", "")
        if not code.startswith(f"{foi_request.regime}-"):
            continue
        rows.append(
            {
                "exemption": code,
                "subsection": _get(found, "subsection", "") or "",
                "cited_as": (_get(found, "cited_as", "") or "")[:255],
                "public_interest_test": bool(_get(found, "public_interest_test", False)),
                "ncnd": bool(_get(found, "ncnd", False)),
            }
        )
    outcome = _get(result, "outcome", "") or typed["outcome"]
    values = {
        **typed,
        "outcome": outcome,
        "received_on": typed["received_on"] or _as_date_text(_get(result, "date")),
    }
    found_what = f"{len(rows)} exemption{'s' if len(rows) != 1 else ''}"
    note = (
        f"We read the letter and filled in the form: outcome "
        f"“{outcome or 'unknown'}”, {found_what}. Check everything, then save."
    )
    return rows, values, note
