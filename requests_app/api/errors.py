"""Every error the API returns is a 400 (or 401/403/404/429) naming the field and the reason.

The services raise ``django.core.exceptions.ValidationError({"field": "reason"})``; DRF would
let that escape as a 500. Here it becomes the same body a serializer error has:
``{"field": ["reason"]}``. A view can rename a service's field to the API's name with a
``service_field_names`` mapping (the response service says ``citations``, the API
``exemptions``).
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD = "non_field_errors"


def validation_detail(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): list(messages)
            for field, messages in error.message_dict.items()
        }
    return {NON_FIELD: list(error.messages)}


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = validation_detail(exc)
        renames = getattr(context.get("view"), "service_field_names", {})
        detail = {renames.get(field, field): messages for field, messages in detail.items()}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, ObjectDoesNotExist):
        # A write that waited on a concurrent delete (services.events.lock_request).
        exc = exceptions.NotFound()
    elif isinstance(exc, ProtectedError):
        exc = exceptions.ValidationError(
            {NON_FIELD: ["it is still referred to by other records and cannot be deleted"]}
        )
    response = drf_exception_handler(exc, context)
    request = context.get("request")
    if response is not None and request is not None:
        # Errors are JSON whatever was asked for: a CSV download that fails gets a body a
        # client can read (and the schema documents), not a one-column spreadsheet.
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = "application/json"
    return response


def _api_path(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    """handler404: a URL under /api/ that matches no route (``requests/abc/`` where an id
    belongs) answers JSON like every other API 404, not the site's HTML page."""
    if _api_path(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    """handler400: Django's own 400s (a bad Host, a malformed request) in JSON under /api/."""
    if _api_path(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)
