"""Text out of an uploaded letter: PDF (pypdf), DOCX (``docx_text``) or plain text.

The only module of the analyser that touches document formats; pypdf is imported when a PDF
arrives. Scanned PDFs have no text layer and give an empty string: the caller says so and
asks for the text to be pasted. No letter yields more than ``max_chars`` characters: a DOCX
stops being read at that point, so a zip bomb costs a fraction of a second.
"""

from __future__ import annotations

import io
import unicodedata

from requests_app.letters.analyser import MAX_LETTER_CHARS
from requests_app.letters.docx_text import DocxUnreadable, docx_text

MAX_PDF_PAGES = 60
# The largest document read for its text (an upload on the web, an email attachment).
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

PDF, DOCX, TEXT = "pdf", "docx", "text"
SUPPORTED = "PDF, DOCX or plain text"


class UnreadableDocument(ValueError):
    """The upload is not a document we can read; the message says why, for the user."""


def document_kind(filename: str, data: bytes) -> str:
    name = (filename or "").lower()
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        if name.endswith(".docx") or name.rsplit(".", 1)[-1] not in {"zip", "xlsx", "pptx"}:
            return DOCX
        raise UnreadableDocument(f"only {SUPPORTED} files can be read")
    if name.endswith((".pdf", ".docx")):
        raise UnreadableDocument("it is not a valid PDF or Word file")
    if name.endswith((".doc", ".odt", ".rtf", ".xlsx", ".xls", ".png", ".jpg", ".jpeg")):
        raise UnreadableDocument(f"only {SUPPORTED} files can be read")
    return TEXT


def extract_text(filename: str, data: bytes, max_chars: int = MAX_LETTER_CHARS) -> str:
    """The text of the document; raises ``UnreadableDocument`` when it cannot be read.

    Every message names the file, so a form or API error says which upload was refused.
    """
    try:
        kind = document_kind(filename, data)
        if kind == DOCX:
            text = docx_text(data, max_chars)
        else:
            text = _pdf_text(data) if kind == PDF else _plain_text(data)
    except (UnreadableDocument, DocxUnreadable) as exc:
        raise UnreadableDocument(f"{shown_name(filename)} cannot be read: {exc}") from None
    if len(text) > max_chars:
        raise UnreadableDocument(
            f"{shown_name(filename)} holds {len(text):,} characters of text; "
            f"the limit is {max_chars:,}"
        )
    return text


def shown_name(filename: str) -> str:
    """The upload's name as it can be shown back: no folders or control characters, short."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name if len(name) <= 80 else name[:77] + "..."
    return f"“{name}”" if name else "the file"


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableDocument("the PDF is password-protected")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise UnreadableDocument(f"the PDF has more than {MAX_PDF_PAGES} pages")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableDocument:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise UnreadableDocument(f"the PDF could not be read ({exc.__class__.__name__})") from exc
    # Form feeds keep page breaks visible to the analyser as paragraph breaks.
    return "\n\f\n".join(page.strip("\n") for page in pages).strip()


def _plain_text(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(f"only {SUPPORTED} files can be read")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
