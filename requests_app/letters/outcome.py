"""What each question and the whole letter decided: answered (granted), partial, refused,
not held or neither confirm nor deny."""

from __future__ import annotations

import re
from collections.abc import Iterable

from requests_app.letters import phrases
from requests_app.letters.citation_rules import NOT_HELD_CODES, is_ncnd_subsection
from requests_app.letters.model import QuestionFinding, Span
from requests_app.letters.positions import MentionIndex
from requests_app.letters.questions import Block

ANSWERED, PARTIAL, REFUSED, NOT_HELD, NCND = "answered", "partial", "refused", "not_held", "ncnd"

GRANTED = "granted"

_FIGURE = r"(?<![\w,.£/])(?!(?:19|20)\d\d\b)£?\d[\d,.]*"

# An answer: a figure that is not a year, or a plain yes / no / none.
_SUBSTANTIVE_ANSWER = re.compile(_FIGURE + r"|\b(?:yes|no|none|nil|zero)\b", re.IGNORECASE)

# "167 incidents were recorded", "the ranks were: 5 constables": a figure given as a fact.
_FIGURE_STATEMENT = re.compile(
    _FIGURE + r"\s+(?:[\w-]+\s+){0,4}?(?:were|was)\b|\b(?:were|was|totalled|numbered)\b:?\s+"
    r"(?:\w+\s+){0,2}?" + _FIGURE,
    re.IGNORECASE,
)


_WORD = re.compile(r"[A-Za-z]{2,}")
_REPLY_WORDS = 40


def _classify(
    text: str,
    start: int,
    end: int,
    index: MentionIndex,
    answer: bool = False,
    scottish: bool = False,
) -> tuple[str | None, Span | None]:
    """What one stretch of the letter decided, and the words that say so.

    ``answer``: the stretch is the reply to one question, so a plain statement with a figure
    in it ("37 cases were referred") is an answer even without "please find".
    """
    inside = index.between(start, end)
    disclosed = next(phrases.disclosed(text, start, end), None)
    not_held = next(phrases.not_held(text, start, end), None) or next(
        (m.span for m in inside if m.code in NOT_HELD_CODES), None
    )
    ncnd_phrase = next(phrases.ncnd(text, start, end, scottish), None)
    ncnd_codes = [m for m in inside if is_ncnd_subsection(m) or m.span in index.ncnd_grounds]
    withholding = [
        m
        for m in inside
        if m.code not in NOT_HELD_CODES
        and not is_ncnd_subsection(m)
        and m.span not in index.ncnd_grounds
    ]
    ncnd = ncnd_phrase or (ncnd_codes[0].span if ncnd_codes else None)
    if ncnd and ncnd_phrase and withholding:
        # "We neither confirm nor deny ... under section 40(5)": the codes cited next to the
        # phrase are the NCND grounds, not a refusal to disclose.
        withholding = [m for m in withholding if abs(m.span[0] - ncnd_phrase[0]) > 400]
        # Further away, a code explained ("Section 37(1)(b) exempts information relating
        # to honours") is still the NCND's ground: only a sentence that withholds something
        # makes it a refusal as well.
        withholding = [m for m in withholding if _withholds_in_sentence(text, m.span, start, end)]
    withheld = withholding[0].span if withholding else None
    if withheld is None and not not_held and not ncnd:
        withheld = next(phrases.withheld(text, start, end), None)
    if not disclosed and withheld:
        pattern = _FIGURE_STATEMENT if answer else _LINE_FIGURE
        figure = pattern.search(text, start, withheld[0])
        disclosed = figure.span() if figure else None
    # What is not held is no refusal: given and not held is answered (the labels' convention,
    # tests/letters/corpus/README_h1.md); given and withheld is partial.
    if disclosed and (withheld or ncnd):
        return PARTIAL, withheld or ncnd
    if disclosed:
        return ANSWERED, disclosed
    if withheld:
        return REFUSED, withheld
    if ncnd:
        return NCND, ncnd
    if not_held:
        return NOT_HELD, not_held
    if answer:
        label = phrases.ANSWER_LABEL.search(text, start, end)
        figure = _SUBSTANTIVE_ANSWER.search(text, start, end)
        if label or figure:
            return ANSWERED, label.span() if label else (start, end)
    return None, None


def _withholds_in_sentence(text: str, span: Span, start: int, end: int) -> bool:
    low = max(text.rfind(".", start, span[0]), text.rfind("\n\n", start, span[0]), start)
    high = text.find(".", span[1], end)
    return next(phrases.withheld(text, low, high if high != -1 else end), None) is not None


# "Seizures: 347 e-scooters were seized in 2023.": a figure stated as fact opening a line.
_LINE_FIGURE = re.compile(
    r"^[ ]*(?:[A-Z][^:\n]{0,80}:[ ]*"
    r"|(?:in\s+)?(?:answer|response|reply)\s+to\s+[^,\n]{1,30},[ ]*)?"
    r"(?=(?:£\s?)?\d)(?:" + _FIGURE_STATEMENT.pattern + ")",
    re.IGNORECASE | re.MULTILINE,
)


def _combine(statuses: Iterable[str | None]) -> str | None:
    found = {s for s in statuses if s}
    if not found:
        return None
    positive = found & {ANSWERED, PARTIAL}
    negative = found & {REFUSED, NCND, PARTIAL}
    if PARTIAL in found or (positive and negative):
        return PARTIAL
    if positive:
        return ANSWERED
    for status in (REFUSED, NCND, NOT_HELD):
        if status in found:
            return status
    return None


# "(a) 48,310 tonnes.", "Q2: 14": a numbered or lettered line that is a figure alone (and
# perhaps its unit) answers; a restated question is never a bare figure.
_FIGURE_ONLY = re.compile(
    r"^[ ]*(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})[).:]|Q\d{1,2}[.:)]?)[ ]*(?:£|GBP[ ]?)?"
    r"(?!(?:19|20)\d\d\b)\d[\d,.]*(?:[ ]?[a-z%]+){0,2}[ ]*\.?[ ]*$",
    re.IGNORECASE | re.MULTILINE,
)


def question_findings(
    text: str, blocks: list[Block], index: MentionIndex, scottish: bool
) -> list[QuestionFinding]:
    by_number: dict[int, list[tuple[Block, str | None, Span | None]]] = {}
    for block in blocks:
        status, evidence = _classify(
            text, block.body_start, block.end, index, answer=True, scottish=scottish
        )
        if status is None:
            # "(1) The schedule is attached.", a line wrapped onto the next: the numbered line
            # is the answer itself. Only explicit words count here, as a restated question
            # also carries figures.
            status, evidence = _classify(text, block.start, block.end, index, scottish=scottish)
            if status is None:
                # "1. There were 212 recorded assaults in 2023.": the numbered line is the
                # answer, as a restated question does not state a figure as fact.
                figure = _FIGURE_STATEMENT.search(
                    text, block.start, block.end
                ) or _FIGURE_ONLY.search(text, block.start, block.end)
                if figure:
                    status, evidence = ANSWERED, figure.span()
            colon = text.find(":", block.start, block.end)
            if status is None and colon != -1:
                # "1. The date the review was commissioned: 14 September 2023."
                status, evidence = _classify(
                    text, colon + 1, block.end, index, answer=True, scottish=scottish
                )
        for number in block.numbers:
            by_number.setdefault(number, []).append((block, status, evidence))
    findings = []
    for number in sorted(by_number):
        entries = by_number[number]
        status = _combine(s for _, s, _ in entries)
        evidence = next((e for _, s, e in entries if s == status and e), None)
        if evidence is None:
            evidence = next((e for _, s, e in entries if e), None)
        codes = sorted(
            {m.code for block, _, _ in entries for m in index.between(block.body_start, block.end)}
        )
        first = entries[0][0]
        findings.append(QuestionFinding(number, status, (first.start, first.end), evidence, codes))
    return findings


def letter_outcome(
    text: str,
    blocks: list[Block],
    questions: list[QuestionFinding],
    index: MentionIndex,
    body_end: int,
    scottish: bool,
) -> tuple[str | None, Span | None]:
    if any(q.status for q in questions):
        # The text outside every question (an opening "please find attached", a closing note
        # on redactions) counts as one more answer.
        statuses: list[tuple[str | None, Span | None]] = [(q.status, q.evidence) for q in questions]
        position = 0
        for block in sorted(blocks, key=lambda b: b.start):
            if block.start > position:
                statuses.append(_classify(text, position, block.start, index, False, scottish))
            position = max(position, block.end)
        if position < body_end:
            statuses.append(_classify(text, position, body_end, index, False, scottish))
    else:
        statuses = [_classify(text, 0, body_end, index, False, scottish)]
    combined = _combine(s for s, _ in statuses)
    if combined is None:
        # Nothing refused, withheld or not held, and a figure stated as fact: an answer.
        figure = _FIGURE_STATEMENT.search(text, 0, body_end)
        if figure:
            return GRANTED, figure.span()
        # A reply that neither withholds, refuses, nor says "not held" has answered, in words
        # no rule knows; the user confirms. Too little text to be a reply says nothing.
        if len(_WORD.findall(text, 0, body_end)) >= _REPLY_WORDS:
            return GRANTED, None
        return None, None
    evidence = next((e for s, e in statuses if s == combined and e), None)
    if evidence is None:
        evidence = next((e for s, e in statuses if e), None)
    return (GRANTED if combined == ANSWERED else combined), evidence
