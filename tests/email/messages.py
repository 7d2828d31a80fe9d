"""Real RFC 822 messages for the email tests, built with the standard library."""

from __future__ import annotations

import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from tests.letters.pdf import paragraph_pdf

CORPUS = Path(__file__).resolve().parents[1] / "letters" / "corpus"


COVER_NOTE = (
    "Dear requester,\n\nPlease find attached our response to your request.\n\n"
    "Information Governance"
)


def coventry_letter() -> str:
    return (CORPUS / "01_coventry_s24.txt").read_text()


def coventry_pdf() -> bytes:
    """The Coventry refusal (s24, questions 1-2 refused, 3 not held) as a two-page PDF laid
    out as a word processor writes it: paragraphs only by the gaps between them."""
    return paragraph_pdf(coventry_letter())


def reply(
    *,
    to: str,
    body: str = COVER_NOTE,
    subject: str = "RE: Freedom of Information request - Prevent referrals",
    sender: str = "Coventry Information Governance <infogov@coventry.gov.uk>",
    message_id: str | None = "<reply-20220713-1@coventry.gov.uk>",
    in_reply_to: str | None = None,
    references: str | None = None,
    attachments: list[tuple[str, str, bytes]] = (),  # type: ignore[assignment]
    html: str | None = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.datetime(2022, 7, 13, 15, 2, tzinfo=datetime.UTC))
    if message_id:
        message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for filename, content_type, data in attachments:
        maintype, subtype = content_type.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def coventry_reply(to: str, **kwargs) -> bytes:
    """The authority's reply: a cover note, the refusal letter attached as a PDF."""
    return reply(
        to=to,
        attachments=[("FOI429836404 response.pdf", "application/pdf", coventry_pdf())],
        **kwargs,
    )


def delivery_report(*, to: str, original_message_id: str) -> bytes:
    """A mail server's bounce (RFC 3464) carrying the headers of the message it returns."""
    boundary = "report-boundary"
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\r\n"
        f"To: {to}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <bounce-1@mx.example.net>\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"\r\n'
        "\r\n"
        f"--{boundary}\r\n"
        "Content-Type: text/plain\r\n\r\n"
        "I'm sorry to have to inform you that your message could not be delivered.\r\n"
        "<foi@nowhere.example.gov.uk>: host not found\r\n"
        f"--{boundary}\r\n"
        "Content-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.net\r\n\r\n"
        "Final-Recipient: rfc822; foi@nowhere.example.gov.uk\r\n"
        "Action: failed\r\nStatus: 5.1.2\r\n"
        f"--{boundary}\r\n"
        "Content-Type: text/rfc822-headers\r\n\r\n"
        "From: requests@foi.localhost\r\n"
        "To: foi@nowhere.example.gov.uk\r\n"
        "Subject: Freedom of Information request\r\n"
        f"Message-ID: <{original_message_id}>\r\n"
        f"--{boundary}--\r\n"
    ).encode()
