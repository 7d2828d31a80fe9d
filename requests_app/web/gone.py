"""A page's write to a request deleted meanwhile is a 404, as it is in the API."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class GoneMeanwhileMiddleware:
    """The services lock the request's row before writing (``services.events.lock_request``,
    ``foi_request_delete``), so a write that waited for a concurrent delete finds the request,
    or the event it corrects, gone and raises ``DoesNotExist``. The API answers that with a
    404 (``api.errors``); a page would have answered a 500. Writes only: a read that raises
    it is a bug to see, not a race to explain."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if request.method in SAFE_METHODS or not isinstance(exception, ObjectDoesNotExist):
            return None
        match = request.resolver_match
        if match is None or match.namespace != "web":
            return None  # the site's pages only: the API has its own handler, the admin its own
        # Raised, not returned: Django's handler renders it as every other 404 (handler404).
        raise Http404("This request was deleted meanwhile; nothing was saved.")
