"""Request bodies read as the OpenAPI schema says they are, in JSON and in forms alike.

DRF is lenient in two ways the schema does not describe (schemathesis found both):

- JSON: a string field takes a number (``{"slug": 0}`` made an authority called "0"), an
  integer field takes ``"5"``, a boolean ``"true"`` or ``1``. The schema says string, integer,
  boolean: anything else is a 400 naming the field.
- Forms (multipart or urlencoded): a field sent empty is read as null where the field allows
  null (``decided_on=``, ``organisation=``) and as absent where it is optional. The schema
  says "a date", "a slug": sent empty, such a field is a 400 naming it, unless it takes blank
  text. A form cannot say null; JSON ``null`` clears a value. (A relation sent as ``""`` in
  JSON was read as null too.)

Every serializer that reads a request body mixes ``StrictInput`` in first
(tests/api/test_strict_input.py keeps new ones in line). Query-string serializers do not:
every query value is text, and the serializer's own fields parse it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers
from rest_framework.utils import html

NOT_EMPTY = "may not be empty: leave the field out, or send JSON null to clear it."


def _type_error(field: serializers.Field, value: Any) -> str | None:
    """What is wrong with ``value`` for ``field`` in JSON, or None."""
    if value is None:
        return None  # null: the field's own allow_null decides
    if value == "" and isinstance(field, serializers.RelatedField):
        return "may not be empty: send null for none."  # DRF reads "" as null here
    if isinstance(field, serializers.ListField) and isinstance(value, list):
        problems = (_type_error(field.child, item) for item in value)
        return next((problem for problem in problems if problem), None)
    if isinstance(field, serializers.DictField) and isinstance(value, dict):
        problems = (_type_error(field.child, item) for item in value.values())
        return next((problem for problem in problems if problem), None)
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else "Must be a valid boolean."
    if isinstance(field, serializers.IntegerField):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else "A valid integer is required."
    wants_text = isinstance(field, serializers.CharField | serializers.SlugRelatedField) or (
        isinstance(field, serializers.ChoiceField)
        and not isinstance(field, serializers.MultipleChoiceField)
        and all(isinstance(key, str) for key in field.choices)
    )
    if wants_text and not isinstance(value, str):
        return "Not a valid string."
    return None


def _too_long(field: serializers.Field, value: Any) -> str | None:
    """DRF trims whitespace before checking ``max_length``; the schema's ``maxLength`` is of
    the text as sent, so " " + 255 characters is too long for a 255-character field."""
    max_length = getattr(field, "max_length", None)
    if not isinstance(field, serializers.CharField) or not isinstance(value, str):
        return None
    if max_length is not None and len(value) > max_length:
        return f"Ensure this field has no more than {max_length} characters."
    return None


def strict_errors(serializer: serializers.Serializer, data: Any) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if isinstance(data, Mapping):
        for field in serializer._writable_fields:
            name = str(field.field_name)
            problem = _too_long(field, data.get(name)) if name in data else None
            if problem:
                errors[name] = [problem]
    if html.is_html_input(data):
        for field in serializer._writable_fields:
            name = str(field.field_name)
            if name in data and data[name] == "" and not getattr(field, "allow_blank", False):
                errors[name] = [NOT_EMPTY]
    elif isinstance(data, Mapping):
        for field in serializer._writable_fields:
            name = str(field.field_name)
            problem = _type_error(field, data[name]) if name in data else None
            if problem:
                errors[name] = [problem]
    return errors


class StrictInput:
    """Mix in before ``serializers.Serializer`` / ``ModelSerializer``."""

    def to_internal_value(self, data):
        errors = strict_errors(self, data)  # type: ignore[arg-type]
        try:
            value = super().to_internal_value(data)  # type: ignore[misc]
        except serializers.ValidationError as exc:
            if errors and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **errors}) from None
            raise
        if errors:
            raise serializers.ValidationError(errors)
        return value
