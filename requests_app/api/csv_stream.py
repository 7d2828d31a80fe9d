"""``?format=csv`` of a large list, streamed: every matching row in bounded memory.

``CSVRenderer`` (``renderers.py``) renders what the serializer built, so for the request
listing it would hold every row as a dict, then the whole file, before sending a byte (5.6 GB
for 900k rows). A view that declares ``csv_sources`` (each CSV column: the ``values()``
path it reads) is streamed instead: one query over a server-side cursor
(``.iterator(chunk_size)``), plain tuples, no serializer and no query per row. The cells are
the renderer's own: the serializer field's representation of dates and times, booleans as
true/false, formulas defused (``renderers.safe_cell``), the same header in the same order.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from django.http import StreamingHttpResponse
from rest_framework import serializers

from requests_app.api.renderers import safe_cell

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


def _converter(field: Any) -> Callable[[Any], Any] | None:
    # Dates and times as the JSON writes them; every other column is read in its final
    # form (slugs, names, choice values), so it is passed through untouched.
    if isinstance(field, serializers.DateTimeField):
        return field.to_representation
    if isinstance(field, serializers.DateField):
        return lambda value: value.isoformat()
    return None


def csv_lines(header: list[str], rows: Iterable[tuple], converters: list) -> Iterator[bytes]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield writer.writerow(header).encode()
    lines: list[str] = []
    for row in rows:
        cells = [
            safe_cell(value if value is None or convert is None else convert(value))
            for value, convert in zip(row, converters, strict=True)
        ]
        lines.append(writer.writerow(cells))
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
    converters = [_converter(fields[column]) for column in header]
    rows = queryset.values_list(*(sources[column] for column in header)).iterator(
        chunk_size=CHUNK_ROWS
    )
    return StreamingHttpResponse(
        csv_lines(header, rows, converters), content_type="text/csv; charset=utf-8"
    )
