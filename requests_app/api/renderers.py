"""``?format=csv`` for every list and statistics endpoint, with the JSON's columns.

Nested objects become dotted columns (``deadlines.response_due``), lists are joined with
"; ". Text cells that a spreadsheet would run as a formula are prefixed with an apostrophe
(OWASP "CSV injection"): letters and titles are written by the public.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from requests_app.csv_copy import FORMULA_START


def _flatten(value: Any, prefix: str, row: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), row)
    elif isinstance(value, list | tuple):
        row[prefix] = "; ".join(_cell_text(item) for item in value)
    else:
        row[prefix] = value


def _cell_text(item: Any) -> str:
    if isinstance(item, dict):
        # A citation or deadline step: its most telling value first.
        for key in ("cited_as", "code", "step", "id"):
            if key in item:
                return str(item[key])
    return "" if item is None else str(item)


def safe_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def rows_of(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict) and "results" in data and isinstance(data["results"], list):
        data = data["results"]
    if isinstance(data, dict):
        data = [data]
    rows: list[dict[str, Any]] = []
    for item in data or []:
        row: dict[str, Any] = {}
        _flatten(item, "", row)
        rows.append(row)
    return rows


def serializer_columns(serializer: Any, prefix: str = "") -> list[str]:
    """The columns a serializer's rows flatten to, so an empty result still has its header."""
    if isinstance(serializer, serializers.ListSerializer):
        serializer = serializer.child
    columns: list[str] = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        column = f"{prefix}.{name}" if prefix else name
        if isinstance(field, serializers.Serializer):
            columns.extend(serializer_columns(field, column))
        else:
            columns.append(column)
    return columns


def view_columns(view: Any) -> list[str] | None:
    declared = getattr(view, "csv_columns", None)
    if declared:
        return list(declared)
    if view is not None and hasattr(view, "get_serializer_class"):
        try:
            return serializer_columns(view.get_serializer_class()())
        except (AssertionError, TypeError):
            return None
    return None


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        rows = rows_of(data)
        columns: list[str] = []
        for row in rows:
            columns.extend(key for key in row if key not in columns)
        response = (renderer_context or {}).get("response")
        if response is None or response.status_code < 400:
            declared = view_columns((renderer_context or {}).get("view"))
            if declared and not set(columns) - set(declared):
                columns = declared
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: safe_cell(row.get(key)) for key in columns})
        return buffer.getvalue().encode(self.charset)
