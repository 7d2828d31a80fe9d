"""What an incoming message says: its attachments' text and the letter analyser's reading.

The same caps and parsers as an uploaded letter (``requests_app.letters``): documents over
``MAX_DOCUMENT_BYTES`` are kept but not read, text stops at ``MAX_LETTER_CHARS``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from requests_app.letters import (
    MAX_DOCUMENT_BYTES,
    MAX_LETTER_CHARS,
    UnreadableDocument,
    analyse_letter,
    extract_text,
)
from requests_app.mail.quoting import new_text

logger = logging.getLogger(__name__)

MAX_DOCUMENTS_READ = 10  # per message: each PDF can cost a second
DOCUMENT_TYPES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
}
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".txt")


def is_document(filename: str, content_type: str, data: bytes) -> bool:
    if content_type in DOCUMENT_TYPES or filename.lower().endswith(DOCUMENT_SUFFIXES):
        return True
    # Mail clients label attachments application/octet-stream: trust the bytes.
    return content_type == "application/octet-stream" and data.startswith((b"%PDF-", b"PK\x03\x04"))


def attachment_text(filename: str, content_type: str, data: bytes) -> tuple[str, str]:
    """(text, why there is none). Unreadable documents are not an error of the message."""
    if not is_document(filename, content_type, data):
        return "", ""
    if len(data) > MAX_DOCUMENT_BYTES:
        return "", f"larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB: not read"
    try:
        text = extract_text(filename or "attachment", data)
    except UnreadableDocument as error:
        return "", str(error)[:255]
    if not text.strip():
        return "", "no text could be read (a scanned image?)"
    return text, ""


def attachment_texts(attachments: Sequence[tuple[str, str, bytes]]) -> list[tuple[str, str]]:
    """``attachment_text`` of each (filename, content_type, content), at most
    ``MAX_DOCUMENTS_READ`` documents read."""
    results, read = [], 0
    for filename, content_type, data in attachments:
        if is_document(filename, content_type, data) and read >= MAX_DOCUMENTS_READ:
            results.append(("", f"more than {MAX_DOCUMENTS_READ} documents: not read"))
            continue
        read += is_document(filename, content_type, data)
        results.append(attachment_text(filename, content_type, data))
    return results


def letter_text(body_text: str, documents: Sequence[str]) -> str:
    """What the analyser reads: the reply's own words (no quoted request), then each
    attached document's text; at most ``MAX_LETTER_CHARS``."""
    parts = [new_text(body_text).strip(), *(text.strip() for text in documents)]
    return "\n\n".join(part for part in parts if part)[:MAX_LETTER_CHARS]


def analyse_message(text: str, regime: str | None) -> dict[str, Any] | None:
    """``LetterAnalysis.to_dict()`` plus the ``text`` its spans point into (the shape of
    ``POST /api/v1/letters/analyse/``); None when there is nothing to read."""
    if not text.strip():
        return None
    try:
        analysis = analyse_letter(text, regime or None)
    except Exception:  # the analyser's bug must not lose the message: file it unanalysed
        logger.exception("letter analyser failed on an incoming message")
        return None
    return {**analysis.to_dict(), "text": text}
