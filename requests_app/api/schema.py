"""OpenAPI generation: every serializer field carries an example.

drf-spectacular takes descriptions from ``help_text`` but has no per-field example, so a
serializer lists them in ``Meta.examples`` (``{"field": value}``) and this schema class adds
them to the generated properties.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        parent = getattr(field, "parent", None)
        if parent is not None and hasattr(parent, "child"):  # a ListSerializer's child
            parent = parent.parent
        meta = getattr(parent, "Meta", None)
        examples = getattr(meta, "examples", {}) or {}
        if field.field_name in examples and isinstance(schema, dict) and "example" not in schema:
            schema["example"] = examples[field.field_name]
        return schema
