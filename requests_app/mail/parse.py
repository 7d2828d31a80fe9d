"""One raw RFC 822 message to a ``ParsedEmail``; never raises, whatever the bytes are.

Headers are read through the lenient ``compat32`` parser and decoded one by one (a broken
encoded-word or address list costs that header, not the message); the body and attachments
through ``policy.default``, with a fallback for unknown charsets. Every limit below keeps a
hostile message (thousands of parts, nesting, megabytes of text) to bounded work.
"""

from __future__ import annotations

import datetime
import email
import email.header
import email.utils
import hashlib
import logging
import mimetypes
import re
import unicodedata
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage as StdlibMessage
from email.message import Message

from requests_app.mail.html import html_to_text

logger = logging.getLogger(__name__)

MAX_MESSAGE_ID = 500
MAX_PARTS = 200  # leaves walked
MAX_DEPTH = 10  # nested multiparts
MAX_ATTACHMENTS = 50
MAX_BODY_CHARS = 1_000_000
MAX_REFERENCES = 50
DERIVED_DOMAIN = "derived.invalid"
# Headers a mail server adds on the way in: the same message fetched by IMAP or piped by the
# MTA differs only in these, so a derived Message-ID ignores them.
TRACE_HEADERS = {
    "received", "return-path", "delivered-to", "x-original-to", "envelope-to",
    "x-envelope-to", "x-delivered-to", "dkim-signature", "arc-seal",
    "arc-message-signature", "arc-authentication-results", "authentication-results",
    "received-spf", "x-spam-status", "x-spam-score", "x-spam-flag", "x-spam-level",
}  # fmt: skip
ENVELOPE_HEADERS = ("delivered-to", "x-original-to", "envelope-to", "x-envelope-to")
CLASSIFYING_HEADERS = (
    "auto-submitted", "x-autoreply", "x-autorespond", "precedence", "x-auto-response-suppress",
    "x-failed-recipients",
)  # fmt: skip


@dataclass
class ParsedAttachment:
    filename: str
    content_type: str
    content: bytes


@dataclass
class ParsedEmail:
    message_id: str
    message_id_derived: bool = False
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    sender: str = ""
    sender_name: str = ""
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    envelope_recipients: list[str] = field(default_factory=list)
    subject: str = ""
    date: datetime.datetime | None = None
    body_text: str = ""
    body_html: str = ""  # as received: sanitise before display
    attachments: list[ParsedAttachment] = field(default_factory=list)
    content_type: str = "text/plain"
    report_type: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # CLASSIFYING_HEADERS, lowercased
    # Message-IDs found in a delivery report's copy of the original message.
    original_message_ids: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def recipients(self) -> list[str]:
        return list(dict.fromkeys(self.to + self.cc))


def parse_email(raw: bytes) -> ParsedEmail:
    parsed = ParsedEmail(message_id="")
    try:
        headers_msg = email.message_from_bytes(raw)  # compat32: lenient, strings as received
    except Exception as exc:  # the stdlib parser is lenient; this is belt and braces
        parsed.problems.append(f"unparseable message ({exc.__class__.__name__})")
        parsed.message_id, parsed.message_id_derived = derived_message_id(raw), True
        return parsed
    _read_headers(headers_msg, parsed)
    if not parsed.message_id:
        parsed.message_id, parsed.message_id_derived = derived_message_id(raw), True
    try:
        body_msg = email.message_from_bytes(raw, policy=policy.default)
        _read_body(body_msg, parsed)  # type: ignore[arg-type]
    except Exception as exc:
        parsed.problems.append(f"body unreadable ({exc.__class__.__name__})")
    return parsed


# --- Headers ---------------------------------------------------------------------------------


def header_text(msg: Message, name: str) -> str:
    """The header decoded (RFC 2047 words, stray 8-bit bytes as UTF-8), or "" if unreadable."""
    value = msg.get(name)
    if value is None:
        return ""
    return decode_header_value(value)


def decode_header_value(value) -> str:
    try:
        text = str(email.header.make_header(email.header.decode_header(str(value))))
    except Exception:
        text = str(value)
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    # No control characters (CR/LF smuggled into a subject, NUL): they would break a display.
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return re.sub(r"\s+", " ", text).strip()


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    found = []
    for value in values:
        try:
            pairs = email.utils.getaddresses([value])
        except Exception:
            pairs = []
        if not any(address for _, address in pairs):
            # Not an address list the parser accepts: pick out anything shaped like one.
            pairs = [("", a) for a in re.findall(r"[^\s<>,;\"']+@[^\s<>,;\"']+", value)]
        for name, address in pairs:
            address = address.strip().strip("<>").lower()
            if "@" in address and len(address) <= 320 and " " not in address:
                found.append((name.strip()[:255], address))
    return found


def _all_values(msg: Message, name: str) -> list[str]:
    return [decode_header_value(v) for v in (msg.get_all(name) or [])][:50]


MSG_ID = re.compile(r"<([^<>\s]{1,998})>")


def clean_message_id(value: str) -> str:
    """``<abc@host>`` to ``abc@host``; "" when there is nothing usable."""
    match = MSG_ID.search(value or "")
    candidate = match.group(1) if match else (value or "").strip().split(" ")[0]
    candidate = candidate.strip("<>")
    if not candidate or len(candidate) > MAX_MESSAGE_ID or not candidate.isprintable():
        return ""
    if not candidate.isascii():
        return ""
    return candidate


def derived_message_id(raw: bytes) -> str:
    """A stable id for a message that has none: the hash of its bytes without trace headers."""
    head, separator, body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
    kept, skipping = [], False
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t"):
            if not skipping:
                kept.append(line)
            continue
        name = line.split(b":", 1)[0].strip().lower().decode("ascii", "replace")
        skipping = name in TRACE_HEADERS
        if not skipping:
            kept.append(line)
    digest = hashlib.sha256(b"\n".join(kept) + separator + body).hexdigest()
    return f"{digest}@{DERIVED_DOMAIN}"


def _read_headers(msg: Message, parsed: ParsedEmail) -> None:
    parsed.message_id = clean_message_id(header_text(msg, "Message-ID"))
    parsed.in_reply_to = clean_message_id(header_text(msg, "In-Reply-To"))
    references = [m for m in MSG_ID.findall(header_text(msg, "References"))]
    parsed.references = [r for r in references if clean_message_id(f"<{r}>")][-MAX_REFERENCES:]
    senders = _addresses(_all_values(msg, "From")) or _addresses(_all_values(msg, "Sender"))
    if senders:
        parsed.sender_name, parsed.sender = senders[0]
    parsed.to = list(dict.fromkeys(a for _, a in _addresses(_all_values(msg, "To"))))
    parsed.cc = list(dict.fromkeys(a for _, a in _addresses(_all_values(msg, "Cc"))))
    envelope = []
    for name in ENVELOPE_HEADERS:
        envelope += [a for _, a in _addresses(_all_values(msg, name))]
    parsed.envelope_recipients = list(dict.fromkeys(envelope))
    parsed.subject = header_text(msg, "Subject")[:2000]
    parsed.date = _date(header_text(msg, "Date"))
    parsed.headers = {
        name: header_text(msg, name)[:200] for name in CLASSIFYING_HEADERS if msg.get(name)
    }
    try:
        parsed.content_type = msg.get_content_type()
        parsed.report_type = (msg.get_param("report-type") or "").__str__().lower()[:50]
    except Exception:
        parsed.problems.append("unreadable Content-Type")


def _date(value: str) -> datetime.datetime | None:
    if not value:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:  # "-0000": the time is UTC, the sender's zone unknown
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


# --- Body and attachments --------------------------------------------------------------------


def _read_body(msg: StdlibMessage, parsed: ParsedEmail) -> None:
    plain = _safe_body(msg, ("plain",))
    html = _safe_body(msg, ("html",))
    chosen = {id(part) for part in (plain, html) if part is not None}
    texts = [_text_of(plain, parsed)] if plain is not None else []
    if html is not None:
        parsed.body_html = _text_of(html, parsed)
    leaves: list[tuple[StdlibMessage, bool]] = []
    _leaves(msg, leaves, depth=0, in_report=parsed.content_type == "multipart/report")
    for number, (part, in_report) in enumerate(leaves, start=1):
        if id(part) in chosen:
            continue
        _take_part(part, number, in_report, texts, parsed)
    if not texts and parsed.body_html:
        texts = [html_to_text(parsed.body_html)]
    body = "\n\n".join(t for t in texts if t.strip())
    if len(body) > MAX_BODY_CHARS:
        parsed.problems.append(f"body cut at {MAX_BODY_CHARS:,} characters")
        body = body[:MAX_BODY_CHARS]
    parsed.body_text = body.replace("\x00", "")
    parsed.body_html = parsed.body_html.replace("\x00", "")[:MAX_BODY_CHARS]


def _safe_body(msg: StdlibMessage, preference: tuple[str, ...]) -> StdlibMessage | None:
    try:
        return msg.get_body(preferencelist=preference)  # type: ignore[return-value]
    except Exception:
        return None


def _leaves(part: StdlibMessage, out: list, depth: int, in_report: bool) -> None:
    if len(out) >= MAX_PARTS or depth > MAX_DEPTH:
        return
    content_type = part.get_content_type()
    if content_type.startswith("message/") and content_type != "message/delivery-status":
        out.append((part, in_report))  # a message inside: kept whole, not walked into
        return
    if part.is_multipart():
        payload = part.get_payload()
        for child in payload if isinstance(payload, list) else []:
            if isinstance(child, Message):
                inner = in_report or content_type == "multipart/report"
                _leaves(child, out, depth + 1, inner)  # type: ignore[arg-type]
        return
    out.append((part, in_report))


def _text_of(part: StdlibMessage, parsed: ParsedEmail) -> str:
    try:
        content = part.get_content()
    except Exception:  # unknown charset, broken transfer encoding: decode by hand below
        content = None
    if isinstance(content, str):
        return content
    data = _payload_bytes(part)
    charset = (part.get_content_charset() or "utf-8").lower()
    for encoding in (charset, "utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    parsed.problems.append("text in an unknown encoding")
    return data.decode("latin-1")


def _payload_bytes(part: StdlibMessage) -> bytes:
    if part.get_content_type().startswith("message/"):
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            try:
                return inner[0].as_bytes(policy=policy.compat32)
            except Exception:  # a message too broken to serialise: its raw payload below
                logger.debug("embedded message not serialisable", exc_info=True)
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if isinstance(data, bytes):
        return data
    payload = part.get_payload()
    return payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""


def _filename(part: StdlibMessage) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    name = decode_header_value(name).replace("\\", "/").rsplit("/", 1)[-1]
    return name.strip(". ")[:255]


def _take_part(
    part: StdlibMessage, number: int, in_report: bool, texts: list[str], parsed: ParsedEmail
) -> None:
    content_type = part.get_content_type()
    filename = _filename(part)
    try:
        disposition = part.get_content_disposition() or ""
    except Exception:
        disposition = ""
    if in_report and content_type in ("message/rfc822", "text/rfc822-headers"):
        _original_ids(_payload_bytes(part), parsed)
    if not filename and disposition != "attachment":
        if content_type == "text/plain":
            texts.append(_text_of(part, parsed))  # a body split around attachments
            return
        if content_type == "text/html":
            return  # another rendering of a body already kept
    if len(parsed.attachments) >= MAX_ATTACHMENTS:
        parsed.problems.append(f"more than {MAX_ATTACHMENTS} attachments: the rest not stored")
        return
    if not filename:
        extension = {
            "message/rfc822": ".eml",
            "text/rfc822-headers": ".txt",
            "message/delivery-status": ".txt",
        }.get(content_type) or (mimetypes.guess_extension(content_type) or ".bin")
        filename = f"part-{number}{extension}"
    parsed.attachments.append(
        ParsedAttachment(
            filename=filename, content_type=content_type[:255], content=_payload_bytes(part)
        )
    )


def _original_ids(data: bytes, parsed: ParsedEmail) -> None:
    try:
        original = email.message_from_bytes(data)
    except Exception:
        return
    message_id = clean_message_id(header_text(original, "Message-ID"))
    if message_id:
        parsed.original_message_ids.append(message_id)
