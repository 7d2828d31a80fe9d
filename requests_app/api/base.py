"""What every list endpoint shares: JSON, the browsable API and CSV; CSV unpaginated."""

from __future__ import annotations

from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

from requests_app.api.renderers import CSVRenderer

RENDERERS = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]


def wants_csv(request) -> bool:
    renderer = getattr(request, "accepted_renderer", None)
    return renderer is not None and renderer.format == "csv"


class CSVExportMixin:
    """``?format=csv`` returns every matching row, not one page: a researcher's download."""

    renderer_classes = RENDERERS

    def paginate_queryset(self, queryset):
        if wants_csv(self.request):  # type: ignore[attr-defined]
            return None
        return super().paginate_queryset(queryset)  # type: ignore[misc]
