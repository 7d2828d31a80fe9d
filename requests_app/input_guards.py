"""Input no view should ever see: NUL characters, and JSON nested deeper than any real body.

PostgreSQL cannot store or compare a string holding NUL (U+0000): psycopg raises before the
query is sent, so a ``%00`` in any slug, filter or posted field used to become a 500. Rather
than guard forty fields, ``RejectNulMiddleware`` refuses it once for the whole site: in the
path (404: no page has such an address), the query string or a posted form (400 naming the
parameter). The API's parsers (``requests_app/api/parsers.py``) apply ``json_problem`` and
``nul_field`` to the bodies DRF parses itself (JSON, and forms sent with PUT or PATCH).
File contents are not checked: a PDF is full of NUL bytes. A multipart body with content but
no part in it (``multipart_without_parts``) is refused the same way: Django reads it as an
empty form, which a PATCH would accept as "change nothing".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    QueryDict,
)
from django.http.multipartparser import MultiPartParserError
from django.utils.http import parse_header_parameters

NUL = "\x00"
NUL_REASON = "must not contain NUL characters (%00)"
# No body of this API nests past a handful of levels; 32 leaves room and stays far from
# Python's recursion limit in anything that walks the data afterwards.
MAX_JSON_DEPTH = 32
NO_PARTS = "malformed form data (no parts in a non-empty multipart body)"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def shown(name: str) -> str:
    return name.replace(NUL, "\\u0000")


def nul_field(items: Iterable[tuple[str, str]]) -> str | None:
    """The first parameter name whose name or value holds a NUL, as it can be shown."""
    for key, value in items:
        if NUL in key or (isinstance(value, str) and NUL in value):
            return shown(key)
    return None


def json_problem(data: object) -> tuple[str, str] | None:
    """(field path, reason) for the first NUL or over-deep nesting in parsed JSON, else None.

    Walks with its own stack, so a deep document cannot exhaust Python's.
    """
    stack: list[tuple[object, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            if NUL in value:
                return path or "non_field_errors", NUL_REASON
            continue
        if not isinstance(value, dict | list):
            continue
        if depth >= MAX_JSON_DEPTH:
            return "non_field_errors", f"JSON nested more than {MAX_JSON_DEPTH} levels deep"
        if isinstance(value, dict):
            for key, item in value.items():
                name = f"{path}.{key}" if path else key
                if NUL in key:
                    return shown(name), "field names " + NUL_REASON
                stack.append((item, name, depth + 1))
        else:
            stack.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value))
    return None


def multipart_without_parts(content_type: str, content_length: object, data, files) -> bool:
    """A multipart body with something in it yet not one part (garbage, or a part with no
    headers): Django parses it as an empty form, which a PUT or PATCH would then accept.
    The truly empty form is the closing ``--boundary--`` and a line break."""
    if data or files:
        return False
    _, params = parse_header_parameters(content_type)
    try:
        length = int(str(content_length))
    except ValueError:
        return False
    return length > len(params.get("boundary", "")) + 8


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_api = request.path_info.startswith("/api/")
        if NUL in request.path_info:
            if is_api:
                return JsonResponse({"detail": "Not found."}, status=404)
            return HttpResponse("Not found: no address contains NUL (%00).", status=404)
        field = nul_field(_pairs(request.GET))
        if field is None and request.method == "POST" and request.content_type in FORM_TYPES:
            try:
                field = nul_field(_pairs(request.POST)) or nul_field(
                    (name, upload.name or "")
                    for name, uploads in request.FILES.lists()
                    for upload in uploads
                )
            except MultiPartParserError as exc:
                return _bad_request(is_api, "non_field_errors", f"malformed form data ({exc})")
            if request.content_type == "multipart/form-data" and multipart_without_parts(
                request.META.get("CONTENT_TYPE", ""),
                request.META.get("CONTENT_LENGTH", ""),
                request.POST,
                request.FILES,
            ):
                return _bad_request(is_api, "non_field_errors", NO_PARTS)
        if field is not None:
            return _bad_request(is_api, field, NUL_REASON)
        return self.get_response(request)


def _pairs(query: QueryDict) -> Iterable[tuple[str, str]]:
    return ((key, value) for key, values in query.lists() for value in values)


def _bad_request(is_api: bool, field: str, reason: str) -> HttpResponse:
    if is_api:
        return JsonResponse({field: [reason]}, status=400)
    return HttpResponseBadRequest(f"Bad request: {field} {reason}.", content_type="text/plain")
