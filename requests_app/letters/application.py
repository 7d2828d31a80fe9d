"""Applied, or only mentioned? Which of a letter's citations the authority actually relies on.

Letters name many sections they do not apply: one considered and set aside ("we are satisfied
that it is not engaged"), one that would apply if the information were held, one applied to an
earlier request, one in the requester's own words quoted back, in a rights footer, an annex of
legislation or a list of examples ("such as section 40"). Each mention is read in its clause
(the sentence, cut at ";", ":" and "but") and given a verdict:

- ``applied``: words that apply it ("exempt under", "we are relying on", "is engaged");
- ``neutral``: no words either way (a heading "Section 24(1) National Security");
- ``set_aside``, ``hypothetical``, ``earlier``, ``generic``, ``rights``, ``quoted``: not applied.

A code is reported when any mention applies it, or when none of its mentions was set aside
(only neutral ones). A hypothetical in a neither-confirm-nor-deny letter ("if held, it would
be exempt under section 35") is how the exemption behind the NCND is stated, so it applies.
Each verdict keeps the span of the words that decided it: a reported code points to them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from requests_app.letters import application_words as w
from requests_app.letters.mentions import Mention
from requests_app.letters.metadata import find_reference
from requests_app.letters.model import Span

APPLIED, NEUTRAL = "applied", "neutral"
SET_ASIDE, HYPOTHETICAL, EARLIER = "set_aside", "hypothetical", "earlier"
GENERIC, RIGHTS, QUOTED, ANNEX = "generic", "rights", "quoted", "annex"
LAW = "law"  # the law in general: applies only where the letter applies nothing else
GATEWAY = "gateway"  # FOIA s39 / FOISA s39(2) sending the request to the EIR / EISR
NCND_GROUND = "ncnd_ground"  # "if held, it would be exempt under ..." in an NCND letter
CONSIDERED = "considered"  # weighed with no conclusion: "we considered sections 22 and 22A"
KEPT = {APPLIED, NEUTRAL, NCND_GROUND}
NOT_APPLIED = {
    SET_ASIDE,
    HYPOTHETICAL,
    EARLIER,
    GENERIC,
    RIGHTS,
    QUOTED,
    ANNEX,
    GATEWAY,
    CONSIDERED,
    LAW,
}


@dataclass(frozen=True)
class Verdict:
    status: str
    evidence: Span  # the words that decided it (the mention itself when nothing else did)
    clause: Span | None = None  # the clause it was read in


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


_MAX_JUDGED = 25
_REACH = 2000


class _Sentences:
    """Sentence bounds found by bisection: full stops, blank lines, and the end of a short
    line (a heading or a list item, which carries no full stop)."""

    def __init__(self, text: str):
        ends = {m.end() for m in w.SENTENCE_BREAK.finditer(text)}
        for line in w.LINE.finditer(text):
            if line.group(0).lstrip().startswith("|"):
                # A table row is a sentence of its own, however long: a figure in one row
                # ("GBP 412,750") says nothing about the section in the next.
                ends.add(line.end())
            elif line.end() - line.start() < w.SHORT_LINE and not line.group(0).rstrip().endswith(
                (",", "(", "and", "or", "the", "of", "under", "section", "regulation")
            ):
                # A wrapped sentence goes on in lower case; a heading or item does not.
                following = text[line.end() + 1 : line.end() + 4].lstrip(" ")
                if not following or not following[0].islower():
                    ends.add(line.end())
        self.ends = sorted(ends)
        self.length = len(text)

    def around(self, position: int) -> Span:
        index = bisect.bisect_right(self.ends, position)
        start = self.ends[index - 1] if index else 0
        end = self.ends[index] if index < len(self.ends) else self.length
        return start, end

    def next_end(self, position: int) -> int:
        index = bisect.bisect_right(self.ends, position)
        return self.ends[index + 1] if index + 1 < len(self.ends) else self.length


def _clause(text: str, sentence: Span, span: Span, others: list[Span]) -> Span:
    """The clause of the sentence holding ``span``; a list of citations stays one clause."""
    start, end = sentence
    other_starts = [s for s, _ in others]
    for brk in w.CLAUSE_BREAK.finditer(text, start, end):
        index = bisect.bisect_right(other_starts, brk.start()) - 1
        if index >= 0 and brk.start() < others[index][1]:
            continue
        if brk.end() <= span[0]:
            start = brk.end()
        elif brk.start() >= span[1]:
            end = brk.start()
            break
    return start, end


def _search(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    return pattern.search(text, start, end) if start < end else None


def _within(regions: list[Span], starts: list[int], position: int) -> Span | None:
    index = bisect.bisect_right(starts, position) - 1
    # Regions may nest (a quoted line inside a quoted thread): look back a little.
    for region in regions[max(0, index - 20) : index + 1]:
        if region[0] <= position < region[1]:
            return region
    return None


def verdicts(
    text: str,
    mentions: list[Mention],
    found_regions: Regions,
    ncnd_letter: bool,
    not_held_letter: bool = False,
    own_reference: str | None = None,
) -> list[Verdict]:
    """A verdict for each mention (same order); ``found_regions`` from ``regions``.
    ``ncnd_letter``, ``not_held_letter``: the letter neither confirms nor denies / says
    something is not held, which is what a hypothetical citation is about."""
    if not mentions:
        return []
    quoted, annexes = found_regions.quoted, found_regions.annexes
    quoted_starts = [r[0] for r in quoted]
    sentences = _Sentences(text)
    if own_reference is None:
        own_reference = find_reference(text)[0]
    spans = sorted(m.span for m in mentions)
    starts = [start for start, _ in spans]
    judged: dict[str, int] = {}
    result: list[Verdict] = []
    for mention in mentions:
        span = mention.span
        region = _within(quoted, quoted_starts, span[0])
        if region is not None:
            result.append(Verdict(QUOTED, region))
            continue
        # A real letter cites a code a handful of times; judging thousands of repeats (a
        # pasted table, a hostile input at the size limit) would only cost time.
        judged[mention.code] = judged.get(mention.code, 0) + 1
        if judged[mention.code] > _MAX_JUDGED:
            result.append(Verdict(NEUTRAL, span))
            continue
        sentence = sentences.around(span[0])
        # Words further away than this do not govern the citation (and keep each step short).
        sentence = (max(sentence[0], span[0] - _REACH), min(sentence[1], span[1] + _REACH))
        low, high = bisect.bisect_left(starts, sentence[0]), bisect.bisect_left(starts, sentence[1])
        clause = _clause(text, sentence, span, spans[low:high])
        verdict = _another_request(text, sentence, span, own_reference) or _judge(
            text, mention.code, span, sentence, clause, sentences, ncnd_letter, not_held_letter
        )
        if verdict.status in (APPLIED, NCND_GROUND):
            verdict = replace(verdict, evidence=_phrase(text, verdict.evidence, span, clause))
        verdict = replace(verdict, clause=clause)
        annex = next((a for a in annexes if a[0] <= span[0] < a[1]), None)
        if annex is not None and verdict.status in (APPLIED, NEUTRAL):
            by_us = _search(w.APPLIED_BY_US, text, *clause)
            verdict = Verdict(APPLIED, by_us.span()) if by_us else Verdict(ANNEX, annex)
        result.append(verdict)
    return result


_PHRASE_REACH = 70


def _phrase(text: str, words: Span, span: Span, clause: Span) -> Span:
    """The words that apply a citation as a phrase a reader can check: from the clause's
    start (or a few words before) through the applying words and the citation, as in "The
    prices are exempt under section 43(2)", not "exempt" alone."""
    start, end = min(words[0], span[0]), max(words[1], span[1])
    if end - start > 3 * _PHRASE_REACH:
        return words  # far apart: the applying words alone
    low = clause[0] if start - clause[0] <= _PHRASE_REACH else text.find(" ", start - 40, start) + 1
    low = max(low, text.rfind("\n\n", 0, start) + 1)
    while low < start and not text[low].isalnum():
        low += 1
    return low, end


def _another_request(
    text: str, sentence: Span, span: Span, own_reference: str | None
) -> Verdict | None:
    """A citation about another request or another law, told by the words around it: another
    reference in its sentence ("your request of July (FOI-0724-0053), which was refused under
    section 12(1)"), or "section 23 of that Act" after another Act is named."""
    for code in w.REFERENCE_CODE.finditer(text, sentence[0], span[0]):
        value = code.group(0)
        if (
            own_reference
            and value != own_reference
            and own_reference not in value
            and not _search(w.THIS_REQUEST, text, code.end(), span[0])
        ):
            return Verdict(EARLIER, code.span())
    if w.OF_THAT_ACT.match(text, span[1]):
        acts = list(w.ACT_NAME.finditer(text, max(0, span[0] - 600), span[0]))
        if acts and not w.INFORMATION_ACT.search(acts[-1].group(0)):
            return Verdict(GENERIC, acts[-1].span())
    return None


def _judge(
    text: str,
    code: str,
    span: Span,
    sentence: Span,
    clause: Span,
    sentences: _Sentences,
    ncnd_letter: bool,
    not_held_letter: bool,
) -> Verdict:
    rights = _search(w.RIGHTS, text, *sentence)
    if rights:
        return Verdict(RIGHTS, rights.span())
    # A paragraph on the requester's rights names provisions without applying them.
    rights = _search(w.RIGHTS, text, *_paragraph(text, span))
    if rights and not _search(w.WITHHOLDS, text, *clause):
        return Verdict(RIGHTS, rights.span())
    # "You suggested ... section 43", also after a label: "Officers' notes: you suggested ...".
    for opening in (sentence[0], clause[0]):
        requester = w.REQUESTER.match(text[opening : span[0]])
        if (
            requester
            and not w.WHICH_IS_EXEMPT.search(text, opening, span[0])
            and not _search(w.APPLIED_BY_US, text, opening, span[0])
        ):
            return Verdict(QUOTED, (opening + requester.start(), opening + requester.end()))
    # The requester as the subject, with no applying words: "You may have seen references to
    # section 22A, which protects ...", "You will know that section 43 exists to ...".
    if w.YOU_SUBJECT.match(text, sentence[0]) and not _search(w.APPLIES_STRONG, text, *clause):
        return Verdict(CONSIDERED, span)
    # Someone else's case for it: "The contractor asked us to withhold the price, saying ...".
    reported = _search(w.REPORTED, text, sentence[0], span[0])
    if reported and not _search(w.APPLIED_BY_US, text, *clause):
        return Verdict(CONSIDERED, reported.span())
    usually = _search(w.USUALLY, text, clause[0], span[0])
    if usually:
        return Verdict(GENERIC, usually.span())
    before = text[max(clause[0], span[0] - 120) : span[0]]
    # "such as regulation 12(4)(a) (not held), 12(4)(b) (...) or regulation 13": the whole
    # list from the clause's "such as" on, however long.
    listed = w.GENERIC_BEFORE.search(text[max(clause[0], span[0] - 400) : span[0]])
    generic = _search(w.GENERIC, text, clause[0], min(sentence[1], span[1] + 12))
    if generic and _search(w.DECIDES, text, generic.end(), span[0]):
        # "Having considered the ICO's guidance on vexatious requests, the Council has
        # concluded that this request is vexatious under section 14(1)": the guidance was
        # read, the section applied.
        generic = None
    if listed or generic:
        return Verdict(GENERIC, span)
    law = _search(w.LAW_IN_GENERAL, text, sentence[0], span[0])
    if law and not _search(w.APPLIED_BY_US, text, *clause):
        return Verdict(LAW, law.span())
    # "your earlier request, which we refused under section 12": the earlier request first.
    earlier = _search(w.EARLIER, text, sentence[0], span[0])
    # "... and we expect to rely on section 24 there; we will write to you" is still the other.
    # "This request is the same as the one ..., which we answered under section 21": only
    # words after the earlier request bring the citation back to this one.
    if earlier and not _search(w.THIS_REQUEST, text, earlier.end(), clause[1]):
        return Verdict(EARLIER, earlier.span())
    if w.SET_ASIDE_BEFORE.search(before):
        return Verdict(SET_ASIDE, span)
    aside = _set_aside(text, clause[0], clause[1]) or _set_aside_after(text, clause, sentence)
    if aside:
        return aside
    # "We considered whether section 43 applied." / "It does not."
    # Weighing the exemption, not "reveal whether the information exists".
    whether = re.search(
        r"(?<!confirm\s)(?<!deny\s)(?<!reveal\s)(?<!say\s)(?<!state\s)(?<!confirming\s)"
        r"(?<!denying\s)(?<!revealing\s)(?<!disclosing\s)\bwhether\b(?!\s+or\s+not\b)"
        r"(?!\s+(?:or\s+not\s+)?(?:\w+\s+){0,3}?(?:holds?|held|exists?|existed|is\s+held)\b)",
        text[clause[0] : span[0]],
        re.IGNORECASE,
    )
    # "neither confirm nor deny whether we hold it" is no weighing of the exemption.
    if whether and not _search(w.CONFIRM_OR_DENY, text, *clause):
        weighed = (clause[0] + whether.start(), clause[0] + whether.end())
        return _conclusion(text, span, sentences) or Verdict(CONSIDERED, weighed)
    here = w.APPLIED_HERE.search(text, max(clause[0], span[0] - 80), span[0])
    if here:
        return Verdict(APPLIED, here.span())
    # EIR 12(4)(a) / EISR 10(4)(a) are about not holding: "if it does not hold" applies them.
    conditional = code not in w.NOT_HELD_EXCEPTIONS
    # A reason given after the citation ("..., as they could be used to ...") states the
    # harm; a condition or a "may" there does not make the citation hypothetical.
    reason = _search(w.REASON, text, span[1], clause[1])
    main_end = reason.start() if reason else sentence[1]
    condition = _search(w.CONDITION, text, sentence[0], main_end) if conditional else None
    maybe = _search(w.MAYBE, text, clause[0], min(clause[1], main_end)) if conditional else None
    if maybe and _search(w.EXTENSION, text, *_paragraph(text, span)):
        # "section 43 may apply ... we need more time to consider the public interest": the
        # exemption the authority says is engaged while it extends for the test.
        maybe = None
    condition = condition or maybe
    if condition:
        return Verdict(NCND_GROUND if ncnd_letter else HYPOTHETICAL, condition.span())
    would = _search(w.WOULD, text, clause[0], clause[1]) if conditional else None
    if (
        would
        and (not_held_letter or _search(w.IF_AFTER, text, would.end(), clause[1]))
        and not _search(w.APPLIED_BY_US, text, *clause)
    ):
        # "Any such footage would be exempt under section 30": said of what is not held.
        return Verdict(HYPOTHETICAL, would.span())
    applies = _search(w.APPLIES, text, *clause)
    if applies:
        return Verdict(APPLIED, applies.span())
    # "Section 31 was also considered ..., but ... it has not been relied upon."
    considered = _search(w.CONSIDERED, text, *clause)
    if not considered and text[clause[0] - 1 : clause[0]] == ":":
        # "Exemption looked at: section 31(1)(a)." The label governs what follows it.
        considered = _search(w.CONSIDERED, text, sentence[0], clause[0])
    if considered and not _search(w.PUBLIC_INTEREST, text, *clause):
        return _conclusion(text, span, sentences, clause[1]) or Verdict(
            CONSIDERED, considered.span()
        )
    return Verdict(NEUTRAL, span)


def _conclusion(
    text: str, span: Span, sentences: _Sentences, start: int | None = None
) -> Verdict | None:
    """What the words after "we considered section 43" concluded: "It does not apply." sets
    it aside; "... the figures are withheld." (citing nothing else) applies it."""
    end = sentences.next_end(span[1])
    start = span[1] if start is None else start
    aside = _set_aside(text, start, end, w.IT_DOES_NOT)
    if aside:
        return aside
    withholds = _search(w.WITHHOLDS, text, start, end)
    if withholds and not _search(w.ANY_CITATION, text, start, end):
        return Verdict(APPLIED, withholds.span())
    return None


def _paragraph(text: str, span: Span) -> Span:
    low, high = max(0, span[0] - _REACH), min(len(text), span[1] + _REACH)
    end = text.find("\n\n", span[1], high)
    return text.rfind("\n\n", low, span[0]) + 1 or low, high if end == -1 else end


# The next clause speaks of the citation: "Section 23(5) is often cited in such cases; it has
# not been relied on for this request."
_IT_AFTER = re.compile(
    r"[;,:\s-]*(?:(?:but|however|and)\b,?\s*)?(?:it|this|that|which)"
    r"(?:\s+(?:exemption|exception|section|regulation|provision))?\s+(?:has|have|had|was|is"
    r"|were|did|does|do|will|would|could)\b",
    re.IGNORECASE,
)
_REFERS_BACK = re.compile(
    r"\b(?:(?:that|this|the)\s+(?:exemption|exception|provision)|(?:on|upon|apply|use|cite|invoke"
    r"|consider)\s+(?:it|them))\b",
    re.IGNORECASE,
)
_OTHER_CITATION = re.compile(r"\b(?:sections?|regulations?|s\.|regs?\.)\s*\d", re.IGNORECASE)


def _set_aside_after(text: str, clause: Span, sentence: Span) -> Verdict | None:
    if clause[1] >= sentence[1]:
        return None
    if _OTHER_CITATION.search(text, clause[1], sentence[1]):
        return None  # "Section 43 applies; it is not necessary to consider section 41."
    if _IT_AFTER.match(text, clause[1]):
        return _set_aside(text, clause[1], sentence[1])
    # "Section 36 might have been argued, but we have not needed to rely on it", "..., so that
    # exception does not arise": a later clause that sets aside what it refers back to.
    back = _REFERS_BACK.search(text, clause[1], sentence[1])
    if back is None:
        return None
    return _set_aside(text, clause[1], sentence[1])


def _set_aside(
    text: str, start: int, end: int, also: re.Pattern[str] | None = None
) -> Verdict | None:
    for pattern in (w.SET_ASIDE, also) if also else (w.SET_ASIDE,):
        for aside in pattern.finditer(text, start, end) if start < end else ():
            # Within the clause: a heading "Public interest test" after it is about nothing here.
            context = text[max(start, aside.start() - 30) : min(end, aside.end() + 40)]
            # "We do not consider it appropriate to release the model, which is exempt ...":
            # the negation is about releasing it, not about the exemption.
            if not w.SET_ASIDE_NOT_ABOUT_IT.search(context) and not w.ABOUT_RELEASE.match(
                text, aside.end()
            ):
                return Verdict(SET_ASIDE, aside.span())
    return None


def applied_codes(
    mentions: list[Mention], found: list[Verdict], ncnd_letter: bool = False
) -> dict[str, Span]:
    """The codes the letter applies, each with the words that apply it. A code named only in
    a statement of the law ("regulation 12(6) allows an authority to respond in this way where
    ... regulation 12(5)(a)") is the ground of a letter that neither confirms nor denies and
    names no other."""
    by_code: dict[str, list[Verdict]] = {}
    for mention, verdict in zip(mentions, found, strict=True):
        by_code.setdefault(mention.code, []).append(verdict)
    result: dict[str, Span] = {}
    for code, group in by_code.items():
        if all(v.status in (LAW, NEUTRAL) for v in group) and any(v.status == LAW for v in group):
            continue  # decided below, once the rest is known
        applied = next((v for v in group if v.status in (APPLIED, NCND_GROUND)), None)
        if applied is not None:
            result[code] = applied.evidence
        elif not any(v.status in NOT_APPLIED for v in group):
            result[code] = group[0].evidence
    if ncnd_letter and not result:
        for code, group in by_code.items():
            law = [v for v in group if v.status == LAW]
            if law and all(v.status in (LAW, NEUTRAL) for v in group):
                result[code] = law[0].evidence
    return result
