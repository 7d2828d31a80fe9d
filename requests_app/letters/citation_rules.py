"""What each citation says beyond its code: set aside or not, NCND, a public interest test;
and the procedural grounds a letter states in words without a number."""

from __future__ import annotations

import bisect
import re

from requests_app.law.exemptions import BY_CODE, ExemptionKind
from requests_app.law.regimes import Regime
from requests_app.letters import phrases
from requests_app.letters.mentions import Mention
from requests_app.letters.model import ExemptionFinding, Span
from requests_app.letters.positions import (
    SENTENCE_END,
    MentionIndex,
    Paragraphs,
    block_at,
)
from requests_app.letters.questions import Block

# Citations that say "not held" rather than withhold anything.
NOT_HELD_CODES = {"eir-r12-4-a", "eisr-r10-4-a", "foisa-s17"}
# FOISA s17 is the notice that information is not held, not an exemption applied: it says
# "not held" (above) but is not reported. EIR 12(4)(a) / EISR 10(4)(a) are cited exceptions.
NOT_A_CODE = {"foisa-s17"}

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
GATEWAYS = {Regime.EIR: "foia-s39", Regime.EISR: "foisa-s39"}

_ENVIRONMENTAL = re.compile(r"\benvironment(?:al)?\b|\bEIRs?\b|\bEISRs?\b", re.IGNORECASE)


def gateway_regime(text: str, mentions: list[Mention], regime: Regime) -> Regime:
    """FOIA s39 / FOISA s39(2) cited with environmental information in the same paragraph
    moves the request to the EIR / EISR: the letter answers under the regulations."""
    target = {Regime.FOIA: Regime.EIR, Regime.FOISA: Regime.EISR}.get(regime)
    if target is None:
        return regime
    for mention in mentions:
        if mention.code != GATEWAYS[target]:
            continue
        if regime is Regime.FOISA and mention.subsection and mention.subsection != "39(2)":
            continue  # FOISA s39(1) is health and safety
        start = max(0, text.rfind("\n\n", 0, mention.span[0]))
        end = text.find("\n\n", mention.span[1])
        if _ENVIRONMENTAL.search(text, start, len(text) if end == -1 else end):
            return target
    return regime


def procedural_by_words(text: str, body_end: int, regime: Regime, cited: set[str]) -> list[Mention]:
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


def has_public_interest_test(code: str) -> bool:
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


def is_ncnd_subsection(mention: Mention) -> bool:
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


def exemption_findings(
    text: str,
    index: MentionIndex,
    body_end: int,
    blocks: list[Block],
    scottish: bool,
    applied: dict[str, Span],
) -> list[ExemptionFinding]:
    """One finding per code applied; ``applied`` maps each code to the words that apply it."""
    mentions = index.mentions
    sentence_ends = [m.end() for m in SENTENCE_END.finditer(text)]
    paragraphs = Paragraphs(text)
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
            if has_public_interest_test(mentions[seen].code):
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
        if code in NOT_A_CODE:
            continue
        # The first mention, unless it leaves out the subsection a later one names.
        representative = next((m for m in group if m.subsection), group[0])
        if group[0].subsection:
            representative = group[0]
        subsections: list[str] = []
        for m in group:
            if m.subsection and not any(s.startswith(m.subsection) for s in subsections):
                subsections = [s for s in subsections if not m.subsection.startswith(s)]
                subsections.append(m.subsection)
        ncnd = any(is_ncnd_subsection(m) or m.span in index.ncnd_grounds for m in group) or any(
            paragraph in ncnd_paragraphs
            for m in group
            for paragraph in paragraphs.context(m.span[0])
        )
        pit = (
            code in pit_codes
            and has_public_interest_test(code)
            and not _absolute_as_cited(text, group, subsections, sentence_ends)
        )
        if code in NOT_HELD_CODES:
            pit, ncnd = False, False
        numbers: set[int] = set()
        for m in group:
            block = block_at(blocks, block_starts, m.span[0])
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
                evidence=_table_row(text, applied.get(code, representative.span)),
            )
        )
    return findings


_COLUMN_GAP = re.compile(r"\S(?:[ ]{2,}|\t|[ ]*\|[ ]*)\S")


def _table_row(text: str, span: Span) -> Span:
    """A bare number in a table ("43") is shown with its row ("Contractor tender evaluation
    matrix   Withheld   43"): the number alone, or a phrase run on from the row above, says
    nothing to the reader."""
    if span[1] - span[0] > 12 and "\n" not in text[span[0] : span[1]]:
        return span
    start = text.rfind("\n", 0, span[1] - 1) + 1
    end = text.find("\n", span[1] - 1)
    end = len(text) if end == -1 else end
    row = text[start:end]
    if len(row) > 300 or len(_COLUMN_GAP.findall(row)) < 2:
        return span
    left = len(row) - len(row.lstrip(" |\t"))
    right = len(row.rstrip(" |\t"))
    return (start + left, start + right)
