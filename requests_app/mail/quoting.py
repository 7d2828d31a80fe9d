"""The new words of a reply, without the message it quotes (often our own request, whose
questions and citations the analyser would otherwise read as the authority's)."""

from __future__ import annotations

import re

_CUT_MARKERS = re.compile(
    r"^[ \t]*(?:-{2,}[ \t]*(?:Original Message|Forwarded message)[ \t]*-{2,}"
    r"|On .{4,200}(?:wrote|a écrit):[ \t]*$"
    r"|_{10,}[ \t]*$)",
    re.I | re.M,
)
# Outlook's quoted header block: "From: ..." then "Sent:"/"Date:" within the next lines.
_OUTLOOK_HEADER = re.compile(r"^[ \t]*From:[^\n]*\n(?:[^\n]*\n){0,3}?[ \t]*(?:Sent|Date):", re.M)
_QUOTED_LINE = re.compile(r"^[ \t]*>[^\n]*\n?", re.M)


def new_text(body: str) -> str:
    """``body`` cut before the quoted message; the whole body when nothing would be left."""
    cuts = [m.start() for m in (_CUT_MARKERS.search(body), _OUTLOOK_HEADER.search(body)) if m]
    text = body[: min(cuts)] if cuts else body
    text = _QUOTED_LINE.sub("", text)
    return text if text.strip() else body
