"""What every list endpoint shares: JSON, the browsable API and CSV; CSV unpaginated."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rest_framework.exceptions import NotFound
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer

from requests_app.api.csv_stream import streamed_csv
from requests_app.api.keyset import cursor_param
from requests_app.api.pagination import page_param
from requests_app.api.renderers import CSVRenderer

RENDERERS: Sequence[type[BaseRenderer]] = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]


def wants_csv(request) -> bool:
    renderer = getattr(request, "accepted_renderer", None)
    return renderer is not None and renderer.format == "csv"


class CSVExportMixin:
    """``?format=csv`` returns every matching row, not one page: a researcher's download."""

    renderer_classes: Sequence[type[BaseRenderer]] = RENDERERS
    # Column -> values() path: the list is then streamed (csv_stream.py), for lists that can
    # be too big to build in memory. Without it the renderer writes the serializer's rows.
    csv_sources: Mapping[str, str] | None = None

    def list(self, request, *args, **kwargs):
        if self.csv_sources and wants_csv(request):
            queryset = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
            queryset = self.csv_queryset(queryset)
            self.paginate_queryset(queryset)  # only to refuse a page that could never exist
            serializer = self.get_serializer()  # type: ignore[attr-defined]
            return streamed_csv(queryset, serializer, self.csv_sources)
        return super().list(request, *args, **kwargs)  # type: ignore[misc]

    def csv_queryset(self, queryset):
        """Annotate what a streamed column computes (``csv_sources`` names it)."""
        return queryset

    def paginate_queryset(self, queryset):
        if wants_csv(self.request):  # type: ignore[attr-defined]
            # Unpaginated, but a page that could never exist is still the 404 it is in JSON.
            page = page_param(self.request)  # type: ignore[attr-defined]
            if page is not None and not (page.isascii() and page.isdigit() and int(page) >= 1):
                raise NotFound("Invalid page.")
            cursor_param(self.request)  # type: ignore[attr-defined]  # a bad one is a 400 too
            return None
        return super().paginate_queryset(queryset)  # type: ignore[misc]
