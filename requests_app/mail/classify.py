"""A reply, a bounce or an automatic reply? Bounces and automatic replies are shown on the
request but never taken for the authority's response.

Many FOI mailboxes acknowledge a request with an automatic message (``Auto-Submitted``,
Outlook's "Automatic reply:"): one that reads as an acknowledgement of the request is kept
as a reply, so the acknowledgement can be recorded; an out-of-office message never is.
"""

from __future__ import annotations

import re

from requests_app.mail.parse import ParsedEmail

REPLY, BOUNCE, AUTO_REPLY = "reply", "bounce", "auto_reply"

_DAEMONS = {"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"}
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(?:undeliver(?:able|ed)|delivery (?:status notification|has failed|failure)"
    r"|mail delivery failed|returned mail|failure notice|non-delivery)",
    re.I,
)
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:automatic reply|auto(?:matic)?[- ]?(?:reply|response)|autoreply|out of (?:the )?office"
    r"|away from (?:the |my )?office|abwesenheit|r[ée]ponse automatique)",
    re.I,
)
_OUT_OF_OFFICE = re.compile(
    r"\b(?:out of (?:the )?office|annual leave|on leave|away from (?:the |my )?(?:office|desk)"
    r"|on holiday|limited access to (?:my )?e-?mail|return(?:ing)? to (?:the )?office"
    r"|back in the office|until (?:I|my) return)\b",
    re.I,
)
_ACKNOWLEDGEMENT = re.compile(
    r"\backnowledg\w*|\b(?:we|I) (?:have |has )?(?:now )?received your (?:request|e-?mail|letter)"
    r"|\byour (?:request|e-?mail|letter)[^.\n]{0,60}\b(?:has|have) been "
    r"(?:received|logged|registered)"
    r"|\b(?:logged|registered) (?:your|the) request",
    re.I,
)


def classify(parsed: ParsedEmail) -> str:
    if _is_bounce(parsed):
        return BOUNCE
    if not _is_automatic(parsed):
        return REPLY
    text = f"{parsed.subject}\n{parsed.body_text[:5000]}"
    if _OUT_OF_OFFICE.search(text):
        return AUTO_REPLY
    return REPLY if _ACKNOWLEDGEMENT.search(text) else AUTO_REPLY


def _is_bounce(parsed: ParsedEmail) -> bool:
    if parsed.content_type == "multipart/report" and parsed.report_type == "delivery-status":
        return True
    local = parsed.sender.split("@", 1)[0]
    if local in _DAEMONS:
        return True
    return "x-failed-recipients" in parsed.headers and bool(_BOUNCE_SUBJECT.search(parsed.subject))


def _is_automatic(parsed: ParsedEmail) -> bool:
    headers = parsed.headers
    auto_submitted = headers.get("auto-submitted", "").split(";", 1)[0].strip().lower()
    if auto_submitted and auto_submitted != "no":
        return True
    if "x-autoreply" in headers or "x-autorespond" in headers:
        return True
    if headers.get("precedence", "").strip().lower() in {"auto_reply", "bulk", "junk", "list"}:
        return True
    return bool(_AUTO_SUBJECT.search(parsed.subject))
