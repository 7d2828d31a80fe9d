"""CSV downloads of the web lists: one shape for every page (header row, defused cells),
streamed as the rows are read (``queryset.iterator``), so a download of every public request
never holds the whole file in memory."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence

from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse

from requests_app.csv_copy import FORMULA_START, copy_lines

CHUNK_ROWS = 1000


def safe(value) -> str:
    """Defuse spreadsheet formulas: a cell starting with =, +, - or @ is run by Excel."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


class _Line:
    """csv.writer wants a file; this one hands each formatted line back."""

    def write(self, value: str) -> str:
        return value


def _lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield writer.writerow(header).encode()
    lines: list[str] = []
    for row in rows:
        lines.append(writer.writerow([safe(cell) for cell in row]))
        if len(lines) >= CHUNK_ROWS:
            yield "".join(lines).encode()
            lines = []
    if lines:
        yield "".join(lines).encode()


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_copy_response(filename: str, header: Sequence[str], cells) -> StreamingHttpResponse:
    """``csv_response`` for a ``values_list`` of finished cells, written by PostgreSQL's COPY
    (``requests_app.csv_copy``)."""
    response = StreamingHttpResponse(
        copy_lines(cells, header), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_form_errors(form) -> HttpResponse:
    """A bad filter on a download is a 400 naming the field, not a file of other rows."""
    lines = [f"{field}: {message}" for field, errors in form.errors.items() for message in errors]
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
