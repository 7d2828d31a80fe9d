"""Serving a stored file (an email attachment) so that it can never run in our origin."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

# Shown with their own type; anything else is sent as bytes to save, never rendered.
SAFE_CONTENT_TYPES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
    "image/png",
    "image/jpeg",
    "image/gif",
}


def download_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    content_type = (content_type or "").lower()
    if content_type not in SAFE_CONTENT_TYPES:
        content_type = "application/octet-stream"
    answer = HttpResponse(content, content_type=content_type)
    answer["Content-Disposition"] = content_disposition_header(True, filename or "attachment")
    # Opened from here, a hostile file runs nothing: no scripts, no same-origin access.
    answer["Content-Security-Policy"] = "sandbox; default-src 'none'"
    answer["X-Content-Type-Options"] = "nosniff"
    return answer
