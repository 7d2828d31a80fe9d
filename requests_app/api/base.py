"""What every list endpoint shares: JSON, the browsable API and CSV; CSV unpaginated."""

from __future__ import annotations

from collections.abc import Sequence

from rest_framework.exceptions import NotFound
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer

from requests_app.api.pagination import page_param
from requests_app.api.renderers import CSVRenderer

RENDERERS: Sequence[type[BaseRenderer]] = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]


def wants_csv(request) -> bool:
    renderer = getattr(request, "accepted_renderer", None)
    return renderer is not None and renderer.format == "csv"


class CSVExportMixin:
    """``?format=csv`` returns every matching row, not one page: a researcher's download."""

    renderer_classes: Sequence[type[BaseRenderer]] = RENDERERS

    def paginate_queryset(self, queryset):
        if wants_csv(self.request):  # type: ignore[attr-defined]
            # Unpaginated, but a page that could never exist is still the 404 it is in JSON.
            page = page_param(self.request)  # type: ignore[attr-defined]
            if page is not None and not (page.isascii() and page.isdigit() and int(page) >= 1):
                raise NotFound("Invalid page.")
            return None
        return super().paginate_queryset(queryset)  # type: ignore[misc]
