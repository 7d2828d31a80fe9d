"""Text out of an uploaded letter: PDF (pypdf), DOCX (python-docx) or plain text.

The only module of the analyser that touches document libraries; they are imported when a
file of their kind arrives. Scanned PDFs have no text layer and give an empty string: the
caller says so and asks for the text to be pasted.
"""

from __future__ import annotations

import io
import zipfile

MAX_PDF_PAGES = 60

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
        raise UnreadableDocument(f"the file is named {filename!r} but is not a valid one")
    if name.endswith((".doc", ".odt", ".rtf", ".xlsx", ".xls", ".png", ".jpg", ".jpeg")):
        raise UnreadableDocument(f"only {SUPPORTED} files can be read")
    return TEXT


def extract_text(filename: str, data: bytes) -> str:
    """The text of the document; raises ``UnreadableDocument`` when it cannot be read."""
    kind = document_kind(filename, data)
    if kind == PDF:
        return _pdf_text(data)
    if kind == DOCX:
        return _docx_text(data)
    return _plain_text(data)


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


def _docx_text(data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableDocument("the DOCX file could not be read") from exc
    parts: list[str] = []
    body = document.element.body
    # Paragraphs and tables in document order: a letter's answers are often in a table.
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append(
                "".join(node.text or "" for node in child.iter() if node.tag.endswith("}t"))
            )
        elif tag == "tbl":
            for row in child.iter():
                if not row.tag.endswith("}tr"):
                    continue
                cells = [
                    " ".join(
                        "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                        for p in cell.iter()
                        if p.tag.endswith("}p")
                    ).strip()
                    for cell in row
                    if cell.tag.endswith("}tc")
                ]
                parts.append("| " + " | ".join(cells) + " |")
    return "\n\n".join(part for part in parts).strip()


def _plain_text(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(f"only {SUPPORTED} files can be read")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
