"""Authorities' emails as their mail servers deliver them, for the IMAP tests and bench."""

from __future__ import annotations

import datetime
from email.message import EmailMessage as MimeMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from tests.letters.pdf import paragraph_pdf

COVENTRY_LETTER = Path(__file__).resolve().parents[1] / "letters" / "corpus" / "01_coventry_s24.txt"


def letter_pdf(text: str) -> bytes:
    """The letter as a PDF laid out as a word processor writes it: its paragraphs are only
    the gaps between them, which text extraction turns back into blank lines."""
    return paragraph_pdf(text.replace("\u2013", "-"))


def reply(
    *,
    to: str,
    subject: str,
    body: str,
    sender: str = "Information Governance <infogov@coventry.gov.uk>",
    in_reply_to: str = "",
    pdf: bytes | None = None,
    when: datetime.datetime | None = None,
) -> tuple[bytes, str]:
    """An authority's email as its mail server would deliver it; (raw bytes, Message-ID)."""
    message = MimeMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(when or datetime.datetime.now(datetime.UTC))
    message_id = make_msgid(domain="coventry.gov.uk")
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = f"<{in_reply_to}>"
        message["References"] = f"<{in_reply_to}>"
    message.set_content(body)
    if pdf is not None:
        message.add_attachment(
            pdf, maintype="application", subtype="pdf", filename="FOI429836404 response.pdf"
        )
    return message.as_bytes(), message_id.strip("<>")
