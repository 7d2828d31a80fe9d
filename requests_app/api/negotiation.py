"""Content negotiation that reads ``?format=`` as strictly as the schema documents it."""

from __future__ import annotations

from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation


class StrictContentNegotiation(DefaultContentNegotiation):
    """DRF answers an unknown ``?format=`` with a 404 but treats an empty one as absent; the
    schema's enum (json, csv) allows neither, so both are the same 404."""

    def select_renderer(self, request, renderers, format_suffix=None):
        param = self.settings.URL_FORMAT_OVERRIDE
        if param and request.query_params.get(param, None) == "":
            raise NotFound(f"{param} must name a format, e.g. json or csv.")
        return super().select_renderer(request, renderers, format_suffix)
