"""Stretches of a letter where the authority is not deciding: the requester's words quoted
back, a quoted email thread, annexes of legislation (see ``application``)."""

from __future__ import annotations

import re
from typing import NamedTuple

from requests_app.letters import application_words as w
from requests_app.letters.model import Span


class Regions(NamedTuple):
    quoted: list[Span]  # the requester's words, a quoted thread
    annexes: list[Span]  # where a citation applies nothing unless the authority says so
    law_annexes: list[Span]  # annexes of legislation: nothing in them is decided


def regions(text: str, body_end: int) -> Regions:
    """Stretches where the authority is not deciding: the requester's words quoted back or a
    quoted email thread (``quoted``), and annexes of legislation (``annexes``)."""
    quoted: list[Span] = []
    # A reply email opens with its own "From: / Sent:" header: only a header after the
    # letter's salutation starts the quoted thread.
    salutation = w.SALUTATION.search(text)
    thread = w.QUOTED_THREAD.search(text, salutation.end() if salutation else w.NO_SALUTATION)
    if thread:
        quoted.append((thread.start(), len(text)))
    quoted += [m.span() for m in w.QUOTE_LINE.finditer(text)]
    quoted += [m.span() for m in w.DOUBLE_QUOTED.finditer(text, 0, body_end)]
    quoted += [m.span() for m in w.SINGLE_QUOTED.finditer(text, 0, body_end)]
    for label in w.REQUEST_LABEL.finditer(text, 0, body_end):
        first = text[label.start() : label.end()].lstrip(" >*|-")[:1]
        if first.islower():
            # "... relevant to\nyour request, by virtue of the following exemptions:" is a
            # wrapped sentence of the authority's, not a label heading the requester's words.
            continue
        line_end = text.find("\n", label.end())
        line_end = len(text) if line_end == -1 else line_end
        # "Request: ..." quotes on its own paragraph; a label alone on its line heads the next.
        inline = bool(text[label.end() : line_end].strip())
        paragraph_end = w.PARAGRAPH_END.search(text, line_end if inline else line_end + 1)
        quoted.append((label.start(), paragraph_end.start() if paragraph_end else body_end))
    law_annexes = []
    for heading in w.ANNEX_HEADING.finditer(text, 0, body_end):
        # "Annex A - The exemptions in the Act" heads a list; "Annex B is attached." does not.
        if not heading.group(0).strip().endswith("."):
            law_annexes.append((heading.start(), body_end))
    # "Appendix A" alone may hold the figures given: citations in it apply nothing unless
    # the authority says so there, but its other words still count.
    annexes = law_annexes + [
        (heading.start(), body_end) for heading in w.PLAIN_ANNEX.finditer(text, 0, body_end)
    ]
    return Regions(sorted(quoted), sorted(annexes), law_annexes)


def mask(text: str, spans: list[Span]) -> str:
    """``text`` with ``spans`` blanked out (newlines kept), offsets unchanged: what the
    authority itself says, for the phrases that decide the outcome."""
    if not spans:
        return text
    pieces, position = [], 0
    for start, end in sorted(spans):
        start = max(start, position)
        if start >= end:
            continue
        pieces.append(text[position:start])
        pieces.append(re.sub(r"[^\n]", " ", text[start:end]))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
