"""Read an authority's letter and suggest the outcome, the exemptions cited and the particulars.

Deterministic rules (see ``docs/letter-analyser.md``): the text is normalised without moving
any character, the regime inferred, citations found by a small grammar (``mentions``), the
letter cut into per-question blocks (``questions``) and each block classified from the
phrases that say what was decided (``phrases``). The user confirms every suggestion.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from requests_app.law.exemptions import BY_CODE, ExemptionKind
from requests_app.law.regimes import Regime
from requests_app.letters import metadata, phrases
from requests_app.letters.mentions import Mention, find_mentions
from requests_app.letters.model import (
    ExemptionFinding,
    LetterAnalysis,
    NotHeldFinding,
    QuestionFinding,
    Span,
)
from requests_app.letters.normalise import normalise
from requests_app.letters.questions import Block, closing_start, find_blocks
from requests_app.letters.regime import infer_regime

MAX_LETTER_CHARS = 100_000

ANSWERED, PARTIAL, REFUSED, NOT_HELD, NCND = "answered", "partial", "refused", "not_held", "ncnd"
GRANTED = "granted"

# Citations that say "not held" rather than withhold anything.
_NOT_HELD_CODES = {"eir-r12-4-a", "eisr-r10-4-a", "foisa-s17"}
# The subsections that exempt from the duty to confirm or deny (FOIA Part II).
_NCND_SUBSECTIONS = {
    "22": "2",
    "22A": "2",
    "23": "5",
    "24": "2",
    "26": "3",
    "27": "4",
    "28": "3",
    "29": "2",
    "30": "3",
    "31": "3",
    "32": "3",
    "33": "3",
    "34": "2",
    "35": "3",
    "36": "3",
    "37": "2",
    "38": "2",
    "40": "5",
    "41": "2",
    "42": "2",
    "43": "3",
    "44": "2",
}
# Environmental information is exempt under FOIA s39 / FOISA s39(2) precisely so that it is
# dealt with under the EIR / EISR: in an environmental letter it is the gateway, not a refusal.
_GATEWAYS = {Regime.EIR: "foia-s39", Regime.EISR: "foisa-s39"}
_PARAGRAPH_BREAK = re.compile(r"\n[ ]*\n")
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


def analyse_letter(text: str, regime: str | None = None) -> LetterAnalysis:
    """Suggest what ``text`` (a response letter) decided. ``regime`` is inferred when None.

    Raises ``ValueError`` for an unknown regime or a text longer than ``MAX_LETTER_CHARS``.
    """
    if len(text) > MAX_LETTER_CHARS:
        raise ValueError(f"a letter is at most {MAX_LETTER_CHARS} characters")
    clean = normalise(text)
    spans: dict[str, Span] = {}
    if regime:
        chosen = Regime(regime.lower())
        inferred = False
    else:
        chosen, regime_span = infer_regime(clean)
        inferred = True
        if regime_span:
            spans["regime"] = regime_span

    body_end = closing_start(clean)
    mentions = [
        m
        for m in find_mentions(clean, chosen.is_scottish)
        if m.span[0] < body_end and m.code != _GATEWAYS.get(chosen)
    ]
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(clean)]
    mentions = [m for m in mentions if not _disapplied(clean, m, sentence_ends)]
    mentions += _procedural_by_words(clean, body_end, chosen, {m.code for m in mentions})
    index = _MentionIndex(mentions)
    blocks = find_blocks(clean)

    exemptions = _exemptions(clean, index, body_end, blocks, chosen.is_scottish)
    not_held = _not_held(clean, index, body_end, blocks)
    questions = _questions(clean, blocks, index, chosen.is_scottish)
    outcome, outcome_span = _outcome(clean, blocks, questions, index, body_end, chosen.is_scottish)
    if outcome_span:
        spans["outcome"] = outcome_span

    reference, reference_span = metadata.find_reference(clean)
    letter_date, date_span = metadata.find_date(clean)
    review_window, window_span = metadata.find_review_window(clean)
    regulator, regulator_span = metadata.find_regulator(clean)
    for name, span in (
        ("reference", reference_span),
        ("date", date_span),
        ("review_window", window_span),
        ("regulator", regulator_span),
    ):
        if span:
            spans[name] = span
    return LetterAnalysis(
        regime=chosen.value,
        regime_inferred=inferred,
        outcome=outcome,
        exemptions=exemptions,
        not_held=not_held,
        questions=questions,
        reference=text[reference_span[0] : reference_span[1]] if reference_span else reference,
        date=letter_date,
        review_window=review_window,
        regulator=regulator,
        spans=spans,
    )


_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n[ ]*\n")
_NOT_APPLIED_BEFORE = re.compile(
    r"\bnot\s+(?:to\s+)?(?:apply|applied|applying|rely|relied|relying|engag\w+|us\w+|cit\w+)\b"
    r"(?:\s+on)?\s*(?:\w+\s+){0,3}$|\bwhether\s+(?:\w+\s+){0,4}$"
    r"|\b(?:do|does|did)\s+not\s+(?:consider|believe|think|accept)\s+(?:that\s+)?(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_NOT_APPLIED_AFTER = re.compile(
    r"\b(?:does|do|did|would)\s+not(?:\s+apply)?\b|\b(?:is|was|were)\s+not\s+engaged\b"
    r"|\bno\s+longer\s+appl",
    re.IGNORECASE,
)


def _disapplied(text: str, mention: Mention, sentence_ends: list[int]) -> bool:
    """ "We considered whether section 43(2) applied ... and concluded that it does not."

    A citation the letter weighs and then sets aside is not an exemption cited.
    ``sentence_ends``: the sorted offsets where sentences end.
    """
    index = bisect.bisect_right(sentence_ends, mention.span[0])
    start = max(sentence_ends[index - 1] if index else 0, mention.span[0] - 200)
    match = _NOT_APPLIED_BEFORE.search(text, start, mention.span[0])
    if match is None:
        return False
    if not match.group(0).lower().startswith("whether"):
        return True
    # "whether": only set aside when the next words say it does not apply.
    after = bisect.bisect_right(sentence_ends, mention.span[1])
    following = sentence_ends[after : after + 2]
    stop = min(following[-1] if following else len(text), mention.span[1] + 400)
    return bool(_NOT_APPLIED_AFTER.search(text, mention.span[1], stop))


def _procedural_by_words(
    text: str, body_end: int, regime: Regime, cited: set[str]
) -> list[Mention]:
    """Cost limit, vexatious and repeated requests refused in words without the number."""
    act = Regime.FOISA if regime.is_scottish else Regime.FOIA
    environmental = regime in (Regime.EIR, Regime.EISR)
    unreasonable = "eisr-r10-4-b" if regime is Regime.EISR else "eir-r12-4-b"
    rules = [
        (phrases.COST_LIMIT, unreasonable if environmental else f"{act.value}-s12"),
        (phrases.VEXATIOUS, unreasonable if environmental else f"{act.value}-s14"),
        (phrases.REPEATED, unreasonable if environmental else f"{act.value}-s14"),
    ]
    if environmental:
        rules.append((phrases.MANIFESTLY_UNREASONABLE, unreasonable))
    found: list[Mention] = []
    for pattern, code in rules:
        if code in cited or code in {m.code for m in found}:
            continue
        for start, end in phrases.find(pattern, text, 0, body_end):
            before = text[max(0, start - 50) : start]
            if re.search(r"\b(?:not|no|nor)\b[^.;:\n]*$|n't\b[^.;:\n]*$", before, re.I):
                continue
            entry = BY_CODE[code]
            found.append(
                Mention(code, entry.regime, "", " ".join(text[start:end].split()), (start, end))
            )
            break
    return found


def _has_public_interest_test(code: str) -> bool:
    """Absolute exemptions and procedural grounds have none; nor, in practice, personal data
    under the EIR/EISR (reg 13(2A)(a) / 11(2)), which is decided on data protection law."""
    entry = BY_CODE[code]
    return (
        not entry.absolute
        and entry.kind is not ExemptionKind.PROCEDURAL
        and code not in {"eir-r13", "eisr-r11"}
    )


# Qualified exemptions whose named subsections are absolute (shared/foi-law.md "Refusals").
_ABSOLUTE_SUBSECTIONS = {
    "foia-s37": ("37(1)(a)", "37(1)(aa)", "37(1)(ab)"),
    "foia-s40": ("40(1)",),
    "foisa-s36": ("36(2)",),
}
_ABSOLUTE_SAID = re.compile(r"(?<!not\s)(?<!not\san\s)\babsolute\b", re.IGNORECASE)
_NEXT_CITATION = re.compile(r"\b(?:sections?|regulations?|s\.?\s?\d)", re.IGNORECASE)


def _absolute_as_cited(
    text: str, group: list[Mention], subsections: list[str], sentence_ends: list[int]
) -> bool:
    """Cited only at absolute subsections, or called absolute right after it is cited
    ("Section 36(2) is an absolute exemption")."""
    absolute = _ABSOLUTE_SUBSECTIONS.get(group[0].code, ())
    if absolute and subsections and all(s.lower().startswith(absolute) for s in subsections):
        return True
    for mention in group:
        index = bisect.bisect_right(sentence_ends, mention.span[1])
        end = sentence_ends[index] if index < len(sentence_ends) else len(text)
        end = min(end, mention.span[1] + 80)
        following = _NEXT_CITATION.search(text, mention.span[1], end)
        if _ABSOLUTE_SAID.search(text, mention.span[1], following.start() if following else end):
            return True
    return False


class _Paragraphs:
    """The letter's paragraphs, found by position in O(log n)."""

    def __init__(self, text: str):
        self.spans: list[Span] = []
        start = 0
        for brk in _PARAGRAPH_BREAK.finditer(text):
            self.spans.append((start, brk.start()))
            start = brk.end()
        self.spans.append((start, len(text)))
        self.starts = [span[0] for span in self.spans]

    def index(self, position: int) -> int:
        return max(0, bisect.bisect_right(self.starts, position) - 1)

    def context(self, position: int) -> tuple[int, ...]:
        """A paragraph, plus the next one when it is a heading ("Section 24(1) ...")."""
        index = self.index(position)
        start, end = self.spans[index]
        if end - start < 120 and index + 1 < len(self.spans):
            return index, index + 1
        return (index,)


class _MentionIndex:
    """Mentions in order of position, with the ones inside a stretch found by bisection."""

    def __init__(self, mentions: list[Mention]):
        self.mentions = sorted(mentions, key=lambda m: m.span)
        self.starts = [m.span[0] for m in self.mentions]

    def between(self, start: int, end: int) -> list[Mention]:
        low = bisect.bisect_left(self.starts, start)
        high = bisect.bisect_left(self.starts, end)
        return self.mentions[low:high]


def _block_at(blocks: list[Block], block_starts: list[int], position: int) -> Block | None:
    index = bisect.bisect_right(block_starts, position) - 1
    if index >= 0 and blocks[index].start <= position < blocks[index].end:
        return blocks[index]
    return None


def _is_ncnd_subsection(mention: Mention) -> bool:
    entry = BY_CODE[mention.code]
    if entry.regime not in (Regime.FOIA,) or not mention.subsection:
        return False
    subsection = _NCND_SUBSECTIONS.get(entry.section)
    return bool(
        subsection
        and re.match(
            re.escape(entry.section) + r"\(" + subsection + r"[AB]?\)",
            mention.subsection,
            re.IGNORECASE,
        )
    )


def _exemptions(
    text: str, index: _MentionIndex, body_end: int, blocks: list[Block], scottish: bool
) -> list[ExemptionFinding]:
    mentions = index.mentions
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    paragraphs = _Paragraphs(text)
    ncnd_paragraphs = {
        paragraphs.index(start) for start, _ in phrases.ncnd(text, 0, body_end, scottish)
    }
    by_code: dict[str, list[Mention]] = {}
    context_codes: dict[int, set[str]] = {}  # paragraph -> codes whose context includes it
    located_codes: dict[int, set[str]] = {}  # paragraph -> codes mentioned in it
    for mention in mentions:
        by_code.setdefault(mention.code, []).append(mention)
        located_codes.setdefault(paragraphs.index(mention.span[0]), set()).add(mention.code)
        for paragraph in paragraphs.context(mention.span[0]):
            context_codes.setdefault(paragraph, set()).add(mention.code)

    pit_codes: set[str] = set()
    codes_before: set[str] = set()
    last_testable: Mention | None = None
    seen = 0
    for pit_start, pit_end in phrases.public_interest(text, 0, body_end):
        while seen < len(mentions) and mentions[seen].span[0] < pit_start:
            codes_before.add(mentions[seen].code)
            if _has_public_interest_test(mentions[seen].code):
                last_testable = mentions[seen]
            seen += 1
        here = paragraphs.context(pit_start)
        same = set(context_codes.get(here[0], set()))
        for paragraph in here:
            same |= located_codes.get(paragraph, set())
        low = max(0, pit_start - 300)
        full_stop = text.rfind(".", low, pit_start)
        sentence_start = full_stop if full_stop != -1 else low
        sentence_end = text.find(".", pit_end, pit_end + 300)
        sentence = text[sentence_start : sentence_end if sentence_end != -1 else pit_end + 300]
        if phrases.ALL_OF_THEM.search(sentence):
            # "We have considered the public interest for both exceptions"
            pit_codes |= codes_before | same
        elif same:
            pit_codes |= same
        elif mentions:
            # The nearest citation before it that can have a test (the one after, at the top).
            nearest = last_testable or (mentions[0] if not seen else None)
            if nearest is not None:
                pit_codes.add(nearest.code)

    block_starts = [b.start for b in blocks]
    findings = []
    for code, group in by_code.items():
        # The first mention, unless it leaves out the subsection a later one names.
        representative = next((m for m in group if m.subsection), group[0])
        if group[0].subsection:
            representative = group[0]
        subsections: list[str] = []
        for m in group:
            if m.subsection and not any(s.startswith(m.subsection) for s in subsections):
                subsections = [s for s in subsections if not m.subsection.startswith(s)]
                subsections.append(m.subsection)
        ncnd = any(_is_ncnd_subsection(m) for m in group) or any(
            paragraph in ncnd_paragraphs
            for m in group
            for paragraph in paragraphs.context(m.span[0])
        )
        pit = (
            code in pit_codes
            and _has_public_interest_test(code)
            and not _absolute_as_cited(text, group, subsections, sentence_ends)
        )
        if code in _NOT_HELD_CODES:
            pit, ncnd = False, False
        numbers: set[int] = set()
        for m in group:
            block = _block_at(blocks, block_starts, m.span[0])
            if block is not None and m.span[0] >= block.body_start:
                numbers.update(block.numbers)
        findings.append(
            ExemptionFinding(
                code=code,
                cited_as=representative.cited_as,
                subsection=", ".join(subsections)[:40],
                public_interest_test=pit,
                ncnd=ncnd,
                span=representative.span,
                mentions=[m.span for m in group],
                questions=sorted(numbers),
            )
        )
    return findings


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


def _not_held(
    text: str, index: _MentionIndex, body_end: int, blocks: list[Block]
) -> list[NotHeldFinding]:
    spans = list(phrases.not_held(text, 0, body_end))
    spans += [m.span for m in index.mentions if m.code in _NOT_HELD_CODES]
    spans.sort()
    block_starts = [b.start for b in blocks]
    findings: list[NotHeldFinding] = []
    last_block: Block | None = None
    for start, end in spans:
        block = _block_at(blocks, block_starts, start)
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


_FIGURE = r"(?<![\w,.£/])(?!(?:19|20)\d\d\b)£?\d[\d,.]*"
# An answer: a figure that is not a year, or a plain yes / no / none.
_SUBSTANTIVE_ANSWER = re.compile(_FIGURE + r"|\b(?:yes|no|none|nil|zero)\b", re.IGNORECASE)
# "167 incidents were recorded", "the ranks were: 5 constables": a figure given as a fact.
_FIGURE_STATEMENT = re.compile(
    _FIGURE + r"\s+(?:[\w-]+\s+){0,4}?(?:were|was)\b|\b(?:were|was|totalled|numbered)\b:?\s+"
    r"(?:\w+\s+){0,2}?" + _FIGURE,
    re.IGNORECASE,
)


def _classify(
    text: str,
    start: int,
    end: int,
    index: _MentionIndex,
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
        (m.span for m in inside if m.code in _NOT_HELD_CODES), None
    )
    ncnd_phrase = next(phrases.ncnd(text, start, end, scottish), None)
    ncnd_codes = [m for m in inside if _is_ncnd_subsection(m)]
    withholding = [
        m for m in inside if m.code not in _NOT_HELD_CODES and not _is_ncnd_subsection(m)
    ]
    ncnd = ncnd_phrase or (ncnd_codes[0].span if ncnd_codes else None)
    if ncnd and ncnd_phrase and withholding:
        # "We neither confirm nor deny ... under section 40(5)": the codes cited next to the
        # phrase are the NCND grounds, not a refusal to disclose.
        withholding = [m for m in withholding if abs(m.span[0] - ncnd_phrase[0]) > 400]
    withheld = withholding[0].span if withholding else None
    if withheld is None and not not_held and not ncnd:
        withheld = next(phrases.withheld(text, start, end), None)
    if answer and not disclosed and withheld:
        figure = _FIGURE_STATEMENT.search(text, start, withheld[0])
        disclosed = figure.span() if figure else None
    if disclosed and (withheld or ncnd or not_held):
        return PARTIAL, withheld or ncnd or not_held
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
        if label or (figure and len(text[start:end].split()) >= 2):
            return ANSWERED, label.span() if label else (start, end)
    return None, None


def _combine(statuses: Iterable[str | None]) -> str | None:
    found = {s for s in statuses if s}
    if not found:
        return None
    positive = found & {ANSWERED, PARTIAL}
    negative = found & {REFUSED, NOT_HELD, NCND, PARTIAL}
    if PARTIAL in found or (positive and negative):
        return PARTIAL
    if positive:
        return ANSWERED
    for status in (REFUSED, NCND, NOT_HELD):
        if status in found:
            return status
    return None


def _questions(
    text: str, blocks: list[Block], index: _MentionIndex, scottish: bool
) -> list[QuestionFinding]:
    by_number: dict[int, list[tuple[Block, str | None, Span | None]]] = {}
    for block in blocks:
        status, evidence = _classify(
            text, block.body_start, block.end, index, answer=True, scottish=scottish
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


def _outcome(
    text: str,
    blocks: list[Block],
    questions: list[QuestionFinding],
    index: _MentionIndex,
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
        return (GRANTED, figure.span()) if figure else (None, None)
    evidence = next((e for s, e in statuses if s == combined and e), None)
    if evidence is None:
        evidence = next((e for s, e in statuses if e), None)
    return (GRANTED if combined == ANSWERED else combined), evidence
