"""Every error the API returns is a 400 (or 401/403/404/429) naming the field and the reason.

The services raise ``django.core.exceptions.ValidationError({"field": "reason"})``; DRF would
let that escape as a 500. Here it becomes the same body a serializer error has:
``{"field": ["reason"]}``. A view can rename a service's field to the API's name with a
``service_field_names`` mapping (the response service says ``citations``, the API
``exemptions``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from rest_framework import exceptions
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
    elif isinstance(exc, ProtectedError):
        exc = exceptions.ValidationError(
            {NON_FIELD: ["it is still referred to by other records and cannot be deleted"]}
        )
    return drf_exception_handler(exc, context)
