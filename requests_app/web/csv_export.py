"""CSV downloads of the web lists: one shape for every page (header row, defused cells)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, HttpResponseBadRequest


def safe(value) -> str:
    """Defuse spreadsheet formulas: a cell starting with =, +, - or @ is run by Excel."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe(cell) for cell in row])
    return response


def csv_form_errors(form) -> HttpResponse:
    """A bad filter on a download is a 400 naming the field, not a file of other rows."""
    lines = [f"{field}: {message}" for field, errors in form.errors.items() for message in errors]
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
