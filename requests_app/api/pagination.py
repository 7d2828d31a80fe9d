"""Page-number pagination that reads ``?page=`` as the schema types it: one integer.

DRF reads ``?page=`` (empty) as page 1 and ``?page=last`` as the last page, and of a
repeated ``page`` takes the last; the schema says "an integer", so schemathesis rightly
called those accepted-but-invalid. Empty or repeated is a 400 naming ``page``; a page that is
not a positive integer, or past the end, stays DRF's 404 "Invalid page.".
"""

from __future__ import annotations

from rest_framework import pagination
from rest_framework.exceptions import ValidationError


def page_param(request) -> str | None:
    """The ``page`` query parameter as sent, or None when absent."""
    values = request.query_params.getlist("page")
    if not values:
        return None
    if len(values) > 1:
        raise ValidationError({"page": ["give one page number"]})
    if values[0] == "":
        raise ValidationError({"page": ["may not be empty"]})
    return values[0]


class PageNumberPagination(pagination.PageNumberPagination):
    last_page_strings = ()  # "last" is not an integer

    def get_page_number(self, request, paginator):
        return page_param(request) or 1
