"""``?format=csv`` of a large list, streamed: every matching row in bounded memory.

``CSVRenderer`` (``renderers.py``) renders what the serializer built, so for the request
listing it would hold every row as a dict, then the whole file, before sending a byte (5.6 GB
for 900k rows). A view that declares ``csv_sources`` (each CSV column: the ``values()``
path it reads) is streamed instead: one query over a server-side cursor
(``.iterator(chunk_size)``), plain tuples, no serializer and no query per row. The cells are
the renderer's own, mostly written by the database (dates as YYYY-MM-DD, booleans as
true/false, a text starting like a formula prefixed with an apostrophe, as
``renderers.safe_cell`` does), date-times in the current time zone as the JSON writes them;
the same header in the same order. 900k rows: 114 MB peak, see docs/benchmarks.md.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from django.db import connections
from django.db.models import BooleanField, Case, CharField, F, TextField, Value, When
from django.db.models.functions import Cast
from django.http import StreamingHttpResponse
from django.utils import timezone
from rest_framework import serializers

from requests_app.csv_copy import IsoDateTime, copy_lines, plain_text, safe_text

CHUNK_ROWS = 2000  # rows per fetch from the cursor, and per chunk written to the client


class _Line:
    """csv.writer wants a file; this one hands each formatted line back."""

    def write(self, value: str) -> str:
        return value


def leaf_fields(serializer: serializers.Serializer, prefix: str = "") -> dict[str, Any]:
    """Each CSV column of ``serializer`` (dotted for nested ones) with its field."""
    fields: dict[str, Any] = {}
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        column = f"{prefix}.{name}" if prefix else name
        if isinstance(field, serializers.Serializer):
            fields.update(leaf_fields(field, column))
        else:
            fields[column] = field
    return fields


def _datetime_text(field: Any) -> Callable[[Any], Any]:
    """DRF's ``DateTimeField.to_representation`` (ISO 8601 in the current time zone, UTC
    as "Z") without its per-call settings lookups: two columns of every row."""
    zone = timezone.get_current_timezone()

    def text(value):
        if value is None:
            return None
        written = value.astimezone(zone).isoformat()
        return written[:-6] + "Z" if written.endswith("+00:00") else written

    return text


def _cell(query, source: str, field: Any, in_sql: bool) -> tuple[Any, Callable[[Any], Any] | None]:
    """The SQL expression giving ``source``'s cell as the renderer writes it, and what is
    left to do in Python: nothing when ``in_sql`` (PostgreSQL's COPY writes the file),
    else the date-times' time zone. Dates, booleans and the formula guard are always done
    by the database."""
    if isinstance(field, serializers.DateTimeField):
        if in_sql:
            return IsoDateTime(source, timezone.get_current_timezone_name()), None
        return F(source), _datetime_text(field)
    if isinstance(field, serializers.DateField):
        return Cast(source, CharField()), None  # ISO, YYYY-MM-DD, on both databases
    model_field = query.resolve_ref(source, allow_joins=True).output_field
    if isinstance(model_field, BooleanField):
        return Case(
            When(**{source: True}, then=Value("true")),
            default=Value("false"),
            output_field=CharField(),
        ), None
    if isinstance(field, serializers.ChoiceField):
        return plain_text(source), None  # one of the app's own values: nothing to defuse
    if isinstance(model_field, CharField | TextField):
        return safe_text(source), None
    return F(source), None


def csv_lines(header: list[str], rows: Iterable[tuple], converters: list) -> Iterator[bytes]:
    writer = csv.writer(_Line(), lineterminator="\r\n")  # None is written as ""
    yield writer.writerow(header).encode()
    convert = [(i, fn) for i, fn in enumerate(converters) if fn is not None]
    lines: list[str] = []
    for row in rows:
        if convert:
            cells = list(row)
            for i, fn in convert:
                cells[i] = fn(cells[i])
            row = tuple(cells)
        lines.append(writer.writerow(row))
        if len(lines) >= CHUNK_ROWS:
            yield "".join(lines).encode()
            lines = []
    if lines:
        yield "".join(lines).encode()


def streamed_csv(
    queryset, serializer: serializers.Serializer, sources: Mapping[str, str]
) -> StreamingHttpResponse:
    """The serializer's columns for every row of ``queryset``, read as ``values_list`` of
    ``sources`` (column -> lookup path; every column must have one)."""
    fields = leaf_fields(serializer)
    header = list(fields)
    missing = set(header) - set(sources)
    if missing:
        raise ValueError(f"no CSV source for {sorted(missing)}")
    probe = queryset.query.clone()
    in_sql = connections[queryset.db].vendor == "postgresql"
    cells = [_cell(probe, sources[column], fields[column], in_sql) for column in header]
    names = [f"csv_cell_{i}" for i in range(len(cells))]
    values = queryset.annotate(
        **{name: cell for name, (cell, _) in zip(names, cells, strict=True)}
    ).values_list(*names)
    if in_sql:
        lines = copy_lines(values, header)
    else:
        rows = values.iterator(chunk_size=CHUNK_ROWS)
        lines = csv_lines(header, rows, [fn for _, fn in cells])
    return StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
