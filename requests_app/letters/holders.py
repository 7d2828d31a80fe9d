"""What was not held, and which other body the letter says holds it."""

from __future__ import annotations

import re

from requests_app.letters import phrases
from requests_app.letters.citation_rules import NOT_HELD_CODES
from requests_app.letters.model import NotHeldFinding, Span
from requests_app.letters.positions import MentionIndex, block_at
from requests_app.letters.questions import Block

# A body's name: capitalised words and connectors, possibly wrapped onto the next line.
_NAME = r"[A-Z][\w&'-]*(?:(?:[ ]+|[ ]*\n[ ]*)(?:of|and|for|the|on|in|&|[A-Z][\w&'-]*))*"

_HELD_BY = [
    re.compile(
        r"\b(?:is|are|may\s+be|might\s+be|would\s+be|will\s+be|be|maybe)\s+held\s+by\s+(?:the\s+)?"
        r"(?P<name>" + _NAME + ")"
    ),
    re.compile(
        r"\b(?:[Cc]ontact|[Aa]pproach|direct\s+your\s+(?:request|enquiry)\s+to|redirect\s+your\s+"
        r"(?:request|enquiry)\s+to|write\s+to|refer\s+your\s+(?:request|enquiry)\s+to|submit\s+"
        r"(?:a|your)\s+request\s+to|request\s+(?:this|it)\s+from|responsibility\s+of|responsible"
        r"\s+(?:body|authority|organisation)\s+(?:is|would\s+be))\s+(?:the\s+)?(?P<name>"
        + _NAME
        + ")"
    ),
    re.compile(
        r"(?P<name>" + _NAME + r")(?:,[^,.\n]{0,80})?,?\s+(?:which\s+|who\s+)?(?:may|might|would"
        r"|should|will|is\s+likely\s+to|can)\s+(?:be\s+able\s+to\s+)?(?:hold|help|assist|provide)"
    ),
]

_NOT_A_BODY = {
    "they",
    "this",
    "these",
    "it",
    "we",
    "you",
    "that",
    "those",
    "your",
    "our",
    "us",
    "information commissioner",
    "information commissioner's office",
    "ico",
    "scottish information commissioner",
    "please",
    "further",
    # The authority itself: "no information is held by the Council"
    "council",
    "trust",
    "university",
    "department",
    "authority",
    "force",
    "constabulary",
    "school",
    "academy",
    "agency",
}

_TRAILING_CONNECTORS = re.compile(r"(?:[ ]+(?:of|and|for|the|on|in|&))+$")


def _held_by(text: str, start: int, end: int) -> tuple[str | None, Span | None]:
    candidates: list[tuple[int, str]] = []
    for pattern in _HELD_BY:
        for match in pattern.finditer(text, start, end):
            name = " ".join(_TRAILING_CONNECTORS.sub("", match.group("name")).split())
            if name.lower() in _NOT_A_BODY or len(name.split()) > 12:
                continue
            candidates.append((match.start("name"), name))
            break
    if not candidates:
        return None, None
    position, name = min(candidates)
    raw_end = position
    for word in name.split():  # the span covers the name as written, line breaks included
        raw_end = text.index(word, raw_end) + len(word)
    return name, (position, raw_end)


def not_held_findings(
    text: str, index: MentionIndex, body_end: int, blocks: list[Block]
) -> list[NotHeldFinding]:
    spans = list(phrases.not_held(text, 0, body_end))
    spans += [m.span for m in index.mentions if m.code in NOT_HELD_CODES]
    spans.sort()
    block_starts = [b.start for b in blocks]
    findings: list[NotHeldFinding] = []
    last_block: Block | None = None
    for start, end in spans:
        block = block_at(blocks, block_starts, start)
        if findings and (
            (block is not None and block is last_block)
            or (block is None and last_block is None and start - findings[-1].span[1] < 300)
        ):
            continue
        window_end = min(block.end if block else body_end, end + 600)
        held_by, held_span = _held_by(text, start, window_end)
        findings.append(
            NotHeldFinding(
                text=" ".join(text[start:end].split()),
                span=(start, end),
                questions=list(block.numbers) if block else [],
                held_by=held_by,
                held_by_span=held_span,
            )
        )
        last_block = block
    return findings
