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

from requests_app.letters import application_words as w
from requests_app.letters.clauses import (
    REACH,
    Sentences,
    clause_of,
    paragraph,
    search,
    within,
)
from requests_app.letters.mentions import Mention
from requests_app.letters.metadata import find_reference
from requests_app.letters.model import Span
from requests_app.letters.regions import Regions

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


# What says a code was not applied to this request (not merely that a mention decides nothing).
AGAINST = {SET_ASIDE, HYPOTHETICAL, EARLIER, CONSIDERED, LAW}


@dataclass(frozen=True)
class Verdict:
    status: str
    evidence: Span  # the words that decided it (the mention itself when nothing else did)
    clause: Span | None = None  # the clause it was read in


_MAX_JUDGED = 25


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
    sentences = Sentences(text)
    if own_reference is None:
        own_reference = find_reference(text)[0]
    spans = sorted(m.span for m in mentions)
    starts = [start for start, _ in spans]
    judged: dict[str, int] = {}
    result: list[Verdict] = []
    for mention in mentions:
        span = mention.span
        region = within(quoted, quoted_starts, span[0])
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
        sentence = (max(sentence[0], span[0] - REACH), min(sentence[1], span[1] + REACH))
        low, high = bisect.bisect_left(starts, sentence[0]), bisect.bisect_left(starts, sentence[1])
        clause = clause_of(text, sentence, span, spans[low:high])
        verdict = _another_request(text, sentence, span, own_reference) or _judge(
            text, mention.code, span, sentence, clause, sentences, ncnd_letter, not_held_letter
        )
        if verdict.status in (APPLIED, NCND_GROUND):
            verdict = replace(verdict, evidence=_phrase(text, verdict.evidence, span, clause))
        verdict = replace(verdict, clause=clause)
        annex = next((a for a in annexes if a[0] <= span[0] < a[1]), None)
        if annex is not None and verdict.status in (APPLIED, NEUTRAL):
            by_us = search(w.APPLIED_BY_US, text, *clause)
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
            and not search(w.THIS_REQUEST, text, code.end(), span[0])
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
    sentences: Sentences,
    ncnd_letter: bool,
    not_held_letter: bool,
) -> Verdict:
    rights = search(w.RIGHTS, text, *sentence)
    if rights:
        return Verdict(RIGHTS, rights.span())
    # A paragraph on the requester's rights names provisions without applying them.
    rights = search(w.RIGHTS, text, *paragraph(text, span))
    if rights and not search(w.WITHHOLDS, text, *clause):
        return Verdict(RIGHTS, rights.span())
    # "You suggested ... section 43", also after a label: "Officers' notes: you suggested ...".
    for opening in (sentence[0], clause[0]):
        requester = w.REQUESTER.match(text[opening : span[0]])
        if (
            requester
            and not w.WHICH_IS_EXEMPT.search(text, opening, span[0])
            and not search(w.APPLIED_BY_US, text, opening, span[0])
        ):
            return Verdict(QUOTED, (opening + requester.start(), opening + requester.end()))
    # The requester as the subject, with no applying words: "You may have seen references to
    # section 22A, which protects ...", "You will know that section 43 exists to ...".
    if w.YOU_SUBJECT.match(text, sentence[0]) and not search(w.APPLIES_STRONG, text, *clause):
        return Verdict(CONSIDERED, span)
    # Someone else's case for it: "The contractor asked us to withhold the price, saying ...".
    reported = search(w.REPORTED, text, sentence[0], span[0])
    if reported and not search(w.APPLIED_BY_US, text, *clause):
        return Verdict(CONSIDERED, reported.span())
    usually = search(w.USUALLY, text, clause[0], span[0])
    if usually:
        return Verdict(GENERIC, usually.span())
    before = text[max(clause[0], span[0] - 120) : span[0]]
    # "such as regulation 12(4)(a) (not held), 12(4)(b) (...) or regulation 13": the whole
    # list from the clause's "such as" on, however long.
    listed = w.GENERIC_BEFORE.search(text[max(clause[0], span[0] - 400) : span[0]])
    generic = search(w.GENERIC, text, clause[0], min(sentence[1], span[1] + 12))
    if generic and search(w.DECIDES, text, generic.end(), span[0]):
        # "Having considered the ICO's guidance on vexatious requests, the Council has
        # concluded that this request is vexatious under section 14(1)": the guidance was
        # read, the section applied.
        generic = None
    if listed or generic:
        return Verdict(GENERIC, span)
    law = search(w.LAW_IN_GENERAL, text, sentence[0], span[0])
    if law and not search(w.APPLIED_BY_US, text, *clause):
        return Verdict(LAW, law.span())
    # "your earlier request, which we refused under section 12": the earlier request first.
    earlier = search(w.EARLIER, text, sentence[0], span[0])
    # "... and we expect to rely on section 24 there; we will write to you" is still the other.
    # "This request is the same as the one ..., which we answered under section 21": only
    # words after the earlier request bring the citation back to this one.
    if earlier and not search(w.THIS_REQUEST, text, earlier.end(), clause[1]):
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
    # "... whether your request is manifestly unreasonable, and we have concluded that the
    # exception in regulation 12(4)(b) applies": the weighing ended before the citation.
    if whether and w.CONCLUDED_THAT.search(text, clause[0] + whether.end(), span[0]):
        whether = None
    if whether and not search(w.CONFIRM_OR_DENY, text, *clause):
        weighed = (clause[0] + whether.start(), clause[0] + whether.end())
        return _conclusion(text, span, sentences) or Verdict(CONSIDERED, weighed)
    here = w.APPLIED_HERE.search(text, max(clause[0], span[0] - 80), span[0])
    if here:
        return Verdict(APPLIED, here.span())
    # EIR 12(4)(a) / EISR 10(4)(a) are about not holding: "if it does not hold" applies them.
    conditional = code not in w.NOT_HELD_EXCEPTIONS
    # A reason given after the citation ("..., as they could be used to ...") states the
    # harm; a condition or a "may" there does not make the citation hypothetical.
    reason = search(w.REASON, text, span[1], clause[1])
    main_end = reason.start() if reason else sentence[1]
    condition = search(w.CONDITION, text, sentence[0], main_end) if conditional else None
    maybe = search(w.MAYBE, text, clause[0], min(clause[1], main_end)) if conditional else None
    if maybe and search(w.EXTENSION, text, *paragraph(text, span)):
        # "section 43 may apply ... we need more time to consider the public interest": the
        # exemption the authority says is engaged while it extends for the test.
        maybe = None
    condition = condition or maybe
    if condition:
        return Verdict(NCND_GROUND if ncnd_letter else HYPOTHETICAL, condition.span())
    would = search(w.WOULD, text, clause[0], clause[1]) if conditional else None
    if (
        would
        and (not_held_letter or search(w.IF_AFTER, text, would.end(), clause[1]))
        and not search(w.APPLIED_BY_US, text, *clause)
    ):
        # "Any such footage would be exempt under section 30": said of what is not held.
        return Verdict(HYPOTHETICAL, would.span())
    applies = search(w.APPLIES, text, *clause)
    if applies:
        return Verdict(APPLIED, applies.span())
    # "Section 31 was also considered ..., but ... it has not been relied upon."
    considered = search(w.CONSIDERED, text, *clause)
    if not considered and text[clause[0] - 1 : clause[0]] == ":":
        # "Exemption looked at: section 31(1)(a)." The label governs what follows it.
        considered = search(w.CONSIDERED, text, sentence[0], clause[0])
    if considered and not search(w.PUBLIC_INTEREST, text, *clause):
        return _conclusion(text, span, sentences, clause[1]) or Verdict(
            CONSIDERED, considered.span()
        )
    return Verdict(NEUTRAL, span)


def _conclusion(
    text: str, span: Span, sentences: Sentences, start: int | None = None
) -> Verdict | None:
    """What the words after "we considered section 43" concluded: "It does not apply." sets
    it aside; "... the figures are withheld." (citing nothing else) applies it."""
    end = sentences.next_end(span[1])
    start = span[1] if start is None else start
    aside = _set_aside(text, start, end, w.IT_DOES_NOT)
    if aside:
        return aside
    withholds = search(w.WITHHOLDS, text, start, end)
    if withholds and not search(w.ANY_CITATION, text, start, end):
        return Verdict(APPLIED, withholds.span())
    return None


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
            context = text[max(start, aside.start() - 60) : min(end, aside.end() + 40)]
            # "We do not consider it appropriate to release the model, which is exempt ...":
            # the negation is about releasing it, not about the exemption.
            # "Not held - regulation 10(4)(a) applies": the negation is about holding it.
            if w.NOT_HELD_NEGATION.match(aside.group(0)):
                continue
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
        elif not any(v.status in AGAINST for v in group):
            # A plain citation in the authority's own words ("The exemption claimed is s.22:")
            # stands unless one of its mentions says it was not applied to this request; a
            # mention elsewhere that decides nothing (the ICO's guidance on it, a rights
            # footer, the requester's words) does not take it away.
            neutral = next((v for v in group if v.status == NEUTRAL), None)
            if neutral is not None:
                result[code] = neutral.evidence
    if ncnd_letter and not result:
        for code, group in by_code.items():
            law = [v for v in group if v.status == LAW]
            if law and all(v.status in (LAW, NEUTRAL) for v in group):
                result[code] = law[0].evidence
    return result
