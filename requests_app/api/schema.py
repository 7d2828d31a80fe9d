"""OpenAPI generation: the schema tells the truth about what the API answers.

- Every serializer field carries an example: drf-spectacular takes descriptions from
  ``help_text`` but has no per-field example, so a serializer lists them in
  ``Meta.examples`` (``{"field": value}``) and ``AutoSchema`` adds them.
- Operations anyone may call without signing in say so (``{}`` among their security
  requirements), decided by asking the view's own permission classes about an anonymous
  client, so a new view is marked right without a schema edit.
- ``document_errors`` (a postprocessing hook) documents the errors every operation can
  answer: 400 (bad input, naming the field), 401 (a bad token), 403, 404 and 429 (throttled),
  with their bodies, and gunicorn's 414 for a request line past its limit.

``make schemathesis`` checks all of it against a live server (README "API schema").
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import SAFE_METHODS

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong."}},
    "required": ["detail"],
}
ERRORS = {
    "ValidationError": {
        "type": "object",
        "description": 'Each field at fault with its reasons: `{"sent_on": ["cannot be in the '
        'future"]}`; `non_field_errors` for the whole; nested for lists and objects.',
        "additionalProperties": {},
    },
    "ErrorDetail": DETAIL,
}
ERROR_RESPONSES = {
    "400": ("Bad input: each field at fault, with the reason.", "ValidationError"),
    "401": ("The token or session given is not valid.", "ErrorDetail"),
    "403": ("Signed in (or not) without the right to do this.", "ErrorDetail"),
    "404": ("No such object, or not one you may see (a private request is a 404).", "ErrorDetail"),
    "429": ("Too many calls: throttled; wait `Retry-After` seconds.", "ErrorDetail"),
}
URI_TOO_LONG = "URI too long: the request line is over gunicorn's 4,094-byte limit (HTML body)."


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

    def get_auth(self):
        auths = super().get_auth()
        if {} not in auths and self.method in SAFE_METHODS and self._anonymous_may_call():
            auths.append({})
        return auths

    def _anonymous_may_call(self) -> bool:
        # Stands in for a DRF Request: permission classes read only .method, .user, .auth.
        anonymous: Any = SimpleNamespace(method=self.method, user=AnonymousUser(), auth=None)
        try:
            permissions = self.view.get_permissions()
            return all(p.has_permission(anonymous, self.view) for p in permissions)
        except Exception:  # a permission needing more of the request: not provably open
            return False


def document_errors(result, generator, request, public):
    """Postprocessing hook: the error answers of every operation, with their bodies."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.update(ERRORS)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, (description, component) in ERROR_RESPONSES.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{component}"}
                            }
                        },
                    },
                )
            # gunicorn's own answer, before Django: a request line (method, path and query)
            # over its 4,094-byte limit. Its body is gunicorn's HTML page.
            responses.setdefault("414", {"description": URI_TOO_LONG})
    return result
