"""Text out of an uploaded letter: PDF (pypdf), DOCX (``docx_text``) or plain text.

The only module of the analyser that touches document formats; pypdf is imported when a PDF
arrives. Scanned PDFs have no text layer and give an empty string: the caller says so and
asks for the text to be pasted. No letter yields more than ``max_chars`` characters: a DOCX
stops being read at that point, so a zip bomb costs a fraction of a second.
"""

from __future__ import annotations

import io
import itertools
import unicodedata
from typing import NamedTuple

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
        pages = [_page_text(page) for page in reader.pages]
    except UnreadableDocument:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise UnreadableDocument(f"the PDF could not be read ({exc.__class__.__name__})") from exc
    # Form feeds keep page breaks visible to the analyser as paragraph breaks.
    return "\n\f\n".join(page.strip("\n") for page in pages).strip()


# A gap between two lines more than this many times the usual line spacing is a paragraph
# break. Word and LibreOffice put 6-10 pt after a paragraph: a gap of 1.5-1.8 lines.
PARAGRAPH_GAP = 1.3


class _Line(NamedTuple):
    text: str
    y: float | None  # the baseline of its first visible piece; None for a blank line
    size: float  # that piece's font size on the page


def _page_text(page) -> str:
    """The page's text with a blank line wherever the vertical gap between two lines says a
    paragraph ends.

    A PDF has no paragraphs, only glyphs at positions, and pypdf puts one newline between
    lines; the analyser reads paragraphs, so the breaks are recovered from where each line
    sits. Should the pieces pypdf reports not add up to its own text, its text is kept as is.
    """
    pieces: list[_Line] = []

    def visit(text: str, cm: list[float], tm: list[float], _font, font_size: float) -> None:
        if not text.strip():
            pieces.append(_Line(text, None, 0.0))
            return
        # The text matrix applied to the current transformation matrix: where on the page.
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        size = abs(font_size * (tm[3] * cm[3] + tm[2] * cm[1])) or abs(font_size)
        pieces.append(_Line(text, y, size))

    text = page.extract_text(visitor_text=visit) or ""
    if "".join(piece.text for piece in pieces) != text:
        return text
    return _with_paragraph_breaks(_lines(pieces))


def _lines(pieces: list[_Line]) -> list[_Line]:
    lines: list[_Line] = []
    current = _Line("", None, 0.0)
    for piece in pieces:
        for i, part in enumerate(piece.text.split("\n")):
            if i:
                lines.append(current)
                current = _Line("", None, 0.0)
            current = current._replace(text=current.text + part)
            if current.y is None and part.strip() and piece.y is not None:
                current = current._replace(y=piece.y, size=piece.size)
    lines.append(current)
    return lines


def _with_paragraph_breaks(lines: list[_Line]) -> str:
    placed = [line for line in lines if line.y is not None]
    # The usual line spacing: the smallest step down between lines of text, ignoring steps
    # too small to be a new line (a superscript, a second run on the same baseline).
    steps = [
        above.y - below.y
        for above, below in itertools.pairwise(placed)
        if above.y is not None
        and below.y is not None
        and above.y - below.y > 0.5 * max(above.size, below.size, 1.0)
    ]
    spacing = min(steps, default=0.0)
    out: list[str] = []
    previous: _Line | None = None  # the last line of text, and whether a blank came since
    blank_since = False
    for line in lines:
        if line.y is None:
            blank_since = blank_since or not line.text.strip()
        elif previous is not None and previous.y is not None and spacing and not blank_since:
            step = previous.y - line.y
            # A gap wider than line spacing ends a paragraph; a jump back up the page starts
            # a new block (a column, a text box).
            if step > PARAGRAPH_GAP * spacing or step < -spacing:
                out.append("")
        if line.y is not None:
            previous, blank_since = line, False
        out.append(line.text)
    return "\n".join(out)


def _plain_text(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(f"only {SUPPORTED} files can be read")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
