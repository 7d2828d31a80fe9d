"""DRF's parsers, refusing what ``requests_app.input_guards`` refuses (see there for why).

A body nested 50,000 levels deep used to exhaust the JSON decoder's recursion (a 500); it is
a 400 now, as is one deeper than ``MAX_JSON_DEPTH`` or holding a NUL in any key or value.
Forms sent with PUT or PATCH, which the middleware does not parse, get the same NUL check,
and the same refusal of a non-empty multipart body with no parts in it.
"""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

from requests_app.input_guards import (
    NO_PARTS,
    NUL_REASON,
    json_problem,
    multipart_without_parts,
    nul_field,
)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
        problem = json_problem(data)
        if problem is not None:
            field, reason = problem
            raise ValidationError({field: [reason]})
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _refuse_nul(data.lists())
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        meta = (parser_context or {})["request"].META
        if multipart_without_parts(
            media_type or "", meta.get("CONTENT_LENGTH", ""), parsed.data, parsed.files
        ):
            raise ParseError(NO_PARTS)
        _refuse_nul(parsed.data.lists())
        _refuse_nul((name, [upload.name or ""]) for name, upload in parsed.files.items())
        return parsed


def _refuse_nul(lists) -> None:
    field = nul_field((key, value) for key, values in lists for value in values)
    if field is not None:
        raise ValidationError({field: [NUL_REASON]})
