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

from requests_app.letters.mentions import Mention
from requests_app.letters.model import Span

APPLIED, NEUTRAL = "applied", "neutral"
SET_ASIDE, HYPOTHETICAL, EARLIER = "set_aside", "hypothetical", "earlier"
GENERIC, RIGHTS, QUOTED, ANNEX = "generic", "rights", "quoted", "annex"
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
}

_I = re.IGNORECASE

# Sentences: a full stop, a blank line; also the end of a short line (a heading, a list item).
_SENTENCE_BREAK = re.compile(r"[.!?](?=\s)|\n[ ]*\n")
_LINE = re.compile(r"^[^\n]*$", re.M)
_SHORT_LINE = 60
# Clauses inside a sentence: a verdict in one does not reach a citation in the other.
_CLAUSE_BREAK = re.compile(r"[;:]|\s\((?=[a-z]\)|[ivx]+\))|,?\s+(?:but|however|whereas)\b", _I)

_APPLY_VERB = (
    r"(?:appl(?:y|ies|ied|ying|icable)|engag\w*|rel(?:y|ies|ied|ying)|relevant|invok\w+"
    r"|cover(?:s|ed)?|us(?:e|ed|ing)|cit(?:e|ed|ing)|needed)"
)
# Words between "not" and the verb, none of which starts another clause.
_WORDS = (
    r"(?:\s+(?!(?:not|because|as|since|so|which|therefore|thus|hence|and|while|when|where|who)\b)"
    r"[\w'()/-]+){0,8}?"
)
# Close after "not": "have not withheld", "did not need to be redacted".
_NEAR_WORDS = r"(?:\s+[\w'-]+){0,3}?"
_WITHHOLD_VERB = r"(?:withh(?:e|o)ld\w*|redact\w*|exempted)"
_SET_ASIDE = re.compile(
    # "not engaged", "does not apply", "we have not relied on", "neither exemption is engaged"
    r"\b(?:not|never|neither|nor)\b" + _WORDS + r"\s+" + _APPLY_VERB + r"\b"
    r"|n't\b" + _WORDS + r"\s+" + _APPLY_VERB + r"\b"
    r"|\b(?:not|never|none)\b" + _NEAR_WORDS + r"\s+" + _WITHHOLD_VERB + r"\b"
    r"|\bno\s+(?:need|requirement|reason|grounds?|basis)\s+to\s+(?:\w+\s+){0,2}?"
    r"(?:appl|rel|use|consider|engag|withh|redact|invok)"
    r"|\bnot\s+(?:\w+\s+){0,3}?(?:necessary|required|had|needed)\s+to\s+"
    r"(?:appl|rel|use|engag|consider|withh|redact|invok)"
    r"|\bnot\s+(?:been\s+)?(?:required|needed|necessary)\b(?!\s+to\b)"
    r"|\bwithout\s+(?:\w+\s+){0,2}?(?:recourse|relying|applying|the\s+need|needing|redact\w*"
    r"|withholding|using|invoking|resort)"
    r"|\bnone\s+of\s+(?:the\s+)?(?:exemptions?|exceptions?)\b"
    r"|\bno\s+(?:\w+\s+){0,2}?(?:redactions?|exemptions?|exceptions?)\s+(?:\w+\s+)?(?:has|have|was"
    r"|were|is|are)\s+(?:\w+\s+)?(?:been\s+)?(?:made|applied|used|relied|needed|required|cited)"
    r"|\bno\s+(?:\w+\s+){0,3}?(?:information|data|details?|part|material|records?|names?|figures?"
    r"|content)\s+(?:\w+\s+){0,4}?(?:has|have|was|were|is|are|had)\s+(?:\w+\s+)?"
    r"(?:been\s+)?(?:withheld|redacted|removed|exempted|held\s+back)"
    r"|\bnothing\s+(?:\w+\s+){0,2}?(?:has|have|was|were|is)\s+(?:\w+\s+)?(?:been\s+)?"
    r"(?:withheld|redacted|removed)"
    r"|\b(?:set|put)\s+(?:it\s+|this\s+|them\s+)?aside\b|\bdisregard\w*|\bdecided\s+against\b"
    r"|\bno\s+longer\b|\bwithdr[ae]w\w*\b|\bmistaken\w*|\bin\s+error\b|\berroneous\w*|\bwrongly\b"
    r"|\bby\s+mistake\b|\b(?:considered|contemplated)\s+(?:\w+\s+)?(?:refusing|applying|withholding"
    r"|relying|using|citing|redacting)\b|\binitially\b|\boriginally\b",
    _I,
)
# Right before the citation: "section 22, not section 22A", "rather than regulation 13".
_SET_ASIDE_BEFORE = re.compile(
    r"(?:\bnot|\bnor|\brather\s+than|\binstead\s+of|\bin\s+place\s+of|\bunlike|\bother\s+than"
    r"|\bnot\s+(?:under|on))[ ,]*(?:the\s+)?(?:exemptions?\s+(?:at|in|under)\s+)?$",
    _I,
)
# A negation that is about something else: the public interest test, the duty to confirm.
_SET_ASIDE_NOT_ABOUT_IT = re.compile(
    r"public\s+interest|\bPIT\b|\btest\b|confirm\s+or\s+deny|\bfees?\b|\bcharge|\bdeadline"
    r"|\btime\s+limit|\bobliged\s+to\s+(?:comply|provide|disclose|release)",
    _I,
)
# A short answer to "whether it applied": "we have concluded that it does not".
_IT_DOES_NOT = re.compile(
    r"\b(?:it|they|this|that|which)\s+(?:does|do|did|would|is|was|were)\s+not\b(?!\s+\w+\s+"
    r"(?:held|hold))",
    _I,
)
_WOULD = re.compile(
    r"\bwould\s+(?:\w+\s+){0,3}?(?:be\s+exempt|apply|be\s+engaged|be\s+withheld|be\s+relevant"
    r"|rely|need\s+to\s+consider|consider)\b",
    _I,
)
_NOT_HELD_EXCEPTIONS = {"eir-r12-4-a", "eisr-r10-4-a"}
_EXTENSION = re.compile(
    r"\bextend\w*|\bextension\b|\b(?:further|more|additional)\s+time\b|\b10\s?\(\s?3\s?\)", _I
)
_WITHHOLDS = re.compile(r"\bexempt\b|\bwithh(?:e|o)ld\w*|\bredact\w*|\brefus\w+|\bengaged\b", _I)
_PUBLIC_INTEREST = re.compile(r"public\s+interest|\bPIT\b", _I)
# Weighed, with no conclusion in the words: not "considers this request to be vexatious".
_CONSIDERED = re.compile(
    r"\b(?:considered|looked\s+at|assessed|examined|reviewed)\b"
    r"(?!\s+(?:that|it|this|them|the\s+request|to\s+be|as)\b)",
    _I,
)
_CONFIRM_OR_DENY = re.compile(r"\bconfirm\w*\s+(?:n?or\s+)?(?:\w+\s+)?den(?:y|ies|ying)\b", _I)
_CONDITION = re.compile(
    r"\b(?:even\s+)?if\b(?!\s+you\b)(?:\s+[\w'-]+){0,5}?\s+(?:held|hold|holds|existed|exist"
    r"|exists|recorded|located|found|retained|kept)\b"
    r"|\b(?:were|should|had)\s+(?:we|it|this|they|the\s+\w+|such\s+\w+|any\s+\w+|any)\s+"
    r"(?:\w+\s+){0,3}?(?:held|hold|exist\w*|to\s+hold|been\s+(?:held|retained|kept))\b"
    r"|\bin\s+the\s+event\s+that\b|\bhypothetical\w*|\bassuming\b|\beven\s+if\b",
    _I,
)
_MAYBE = re.compile(
    # "Section 22 would only apply if we had a settled plan to publish"
    r"\bwould\s+(?:only\s+)?(?:apply|be\s+engaged|be\s+relevant)\s+(?:only\s+)?(?:if|where|when)\b|"
    r"\b(?:may|might|could)\s+(?:also\s+|well\s+|potentially\s+)?(?:have\s+)?(?:be(?:en)?\s+)?"
    r"(?:relevant|appl(?:y|ied|icable)|engaged|exempt|us(?:e|ed)|rel(?:y|ied)\s+on|withheld"
    r"|refused)\b",
    _I,
)
_EARLIER = re.compile(
    r"\b(?:previously|last\s+year|earlier\s+this\s+year|in\s+the\s+past|on\s+a\s+previous\s+occasion)\b"
    r"|\b(?:earlier|previous|prior|former|separate|last|other|another|past)\s+(?:\w+\s+){0,2}?"
    r"(?:request|response|reply|letter|case|application|FOI|EIR|enquiry)s?\b"
    r"|\b(?:in|with)\s+(?:our|my)\s+(?:letter|response|reply|email)\s+(?:of|dated)\b"
    r"|\b(?:we|I)\s+(?:have\s+)?(?:previously|already|earlier)\s+(?:\w+\s+)?"
    r"(?:refused|withheld|applied|relied|cited|told|explained|said)",
    _I,
)
_THIS_REQUEST = re.compile(
    r"\bthis\s+(?:new\s+)?(?:request|time|application)\b|\b(?:we|I)\s+(?:are|am|will|have\s+decided"
    r"|must|now)\b|\b(?:is|are)\s+(?:being\s+)?(?:refused|withheld|applied|engaged)\b",
    _I,
)
# What is usually done, not what was: "small numbers would usually be withheld under s40(2)".
_USUALLY = re.compile(
    r"\b(?:usually|normally|typically|generally|ordinarily|routinely|often|sometimes|in\s+some"
    r"\s+cases|in\s+principle)\b",
    _I,
)
# The requester's request told back in the letter's words: "In your request you asked ...".
_REQUESTER = re.compile(
    r"^\W*(?:in\s+your\s+(?:request|e-?mail|letter)|you\s+(?:have\s+)?(?:also\s+)?(?:asked|requested|wrote"
    r"|sought|wanted|suggested|said)|your\s+(?:request|e-?mail|letter)\s+(?:asked|sought|was|said"
    r"|requested))\b",
    _I,
)
_WHICH_IS_EXEMPT = re.compile(
    r"\b(?:which|this|that|these|it|they)\s+(?:is|are|was|were)\s+"
    r"(?:\w+\s+)?exempt",
    _I,
)
# Right before the citation: "such as section 40", "for example, section 43".
_GENERIC_BEFORE = re.compile(
    r"\b(?:such\s+as|for\s+example|for\s+instance|e\.g\.|includes?|like|namely)"
    r"[ ,:]*(?:the\s+)?(?:exemptions?\s+(?:at|in|under)\s+)?"
    # ... and the rest of the list: "such as section 40 and section 43"
    r"(?:(?:sections?|regulations?|regs?\.?|s\.?)?\s*\d[\w()]*(?:\s*\([^()\n]{0,40}\))?\s*"
    r"(?:,|and|or|&)\s*)*(?:(?:sections?|regulations?|regs?\.?|s\.?)\s*)?$",
    _I,
)
_GENERIC = re.compile(
    r"\b(?:ICO|Information\s+Commissioner)(?:'s)?\s+(?:guidance|website|decision)|\bguidance\s+on\b|"
    r"\b(?:any|one|some|each|all|none)\s+of\s+(?:the\s+)?(?:\w+\s+)?(?:sections?|exemptions?"
    r"|exceptions?|regulations?)\b|\bsections?\s+\d+\w?\s+(?:to|-)\s+\d|\bPart\s+(?:II|2)\b"
    r"|\bthe\s+(?:Act|Regulations)\s+(?:contains?|lists?|sets?\s+out|provides?\s+for)\b",
    _I,
)
_RIGHTS = re.compile(
    r"\b(?:you|you're)\s+(?:\w+\s+){0,3}?(?:can|may|could|have\s+the\s+right|are\s+entitled"
    r"|wish|remain|are\s+(?:unhappy|dissatisfied|not\s+satisfied))\b[^.]*?"
    r"\b(?:review|appeal|complain\w*|Commissioner|Tribunal)\b"
    r"|\b(?:review|appeal|complain\w*|Commissioner)\b[^.]*?\b(?:you|you're)\s+(?:\w+\s+){0,3}?"
    r"(?:can|may|could|have\s+the\s+right|are\s+entitled|wish|remain)\b"
    r"|\bprivacy\s+notice\b|\byour\s+personal\s+(?:data|information)\s+will\b"
    r"|\b(?:right|entitled)\s+to\s+(?:request|ask\s+for|an?)\s+(?:\w+\s+)?review\b"
    r"|\breview\s+(?:can|may|could)\s+be\s+(?:requested|sought|asked\s+for)\b"
    r"|\b(?:request|ask\s+for|seek|apply\s+for)\s+(?:an?\s+)?(?:internal\s+)?review\s+(?:under|in\s+terms)",
    _I,
)
_APPLIES = re.compile(
    r"\bexempt(?:ed|s)?\b|\bwithh(?:e|o)ld\w*|\bredact\w*|\brel(?:y|ies|ied|ying)\s+(?:up)?on\b"
    r"|\bappl(?:y|ies|ied|ying)\b|\bengag\w+|\brefus\w+|\bby\s+virtue\s+of\b"
    r"|\bin\s+(?:accordance\s+with|reliance\s+on|terms\s+of)\b|\bprovides?\s+that\b"
    r"|\bnot\s+(?:obliged|required)\s+to\b|\bremoved\b|\bpursuant\b"
    r"|\bunder\b|\bneither\s+confirm|\bconfirm\s+or\s+deny\b",
    _I,
)
# Where the requester's own words are set out: "Your request:", "You asked:", "Request".
_REQUEST_LABEL = re.compile(
    r"^[ >*|-]*(?:your\s+(?:original\s+)?request|(?:original\s+|information\s+)?request(?:ed)?"
    r"(?:\s+details)?|you\s+(?:have\s+)?(?:asked|wrote|requested|said)(?:\s+for)?|the\s+request|request\s+text"
    r"|what\s+you\s+asked(?:\s+for)?|copy\s+of\s+your\s+(?:original\s+)?(?:request|e-?mail)"
    r"|(?:your\s+)?request\s+as\s+(?:submitted|received|made)"
    r"|your\s+(?:original\s+)?(?:e-?mail|message|letter|correspondence)(?=[^\n:.]{0,40}:))\b"
    # "Your request of 3 May:" ends with a colon; a heading is the label alone on its line.
    r"(?:[^\n:.]{0,40}:|[ ]*$)",
    _I | re.M,
)
_QUOTED_THREAD = re.compile(
    r"^[ ]*(?:-{2,}[ ]*(?:Original|Forwarded)\s+Message[ ]*-{2,}|From:[^\n]*\n[ ]*Sent:"
    r"|On\s[^\n]{5,80}\swrote:[ ]*$)",
    _I | re.M,
)
_SALUTATION = re.compile(r"^[ ]*(?:Dear|To\s+whom|Hello|Hi|Good\s+(?:morning|afternoon))\b", re.M)
_NO_SALUTATION = 400
_QUOTE_LINE = re.compile(r"^[ ]*>[^\n]*$", re.M)
# The authority's own act of applying it, which counts even inside an annex.
_APPLIED_BY_US = re.compile(
    r"\b(?:we|I|the\s+\w+)\s+(?:have\s+|has\s+|are\s+|am\s+|is\s+)?(?:applied|applying|relied"
    r"|relying|withheld|withholding|refused|refusing)\b|\b(?:has|have)\s+been\s+(?:applied|relied"
    r"|withheld|engaged)\b|\b(?:is|are)\s+engaged\b",
    _I,
)
_ANNEX_HEADING = re.compile(
    r"^[ ]*(?:(?:annex|appendix|schedule)\b(?=[^\n]*\b(?:exemptions?|exceptions?|legislation|Act"
    r"|Regulations|sections?|regulations?|law|statutory|provisions?)\b)|legislation"
    r"|relevant\s+legislation|extracts?"
    r"|the\s+law|legal\s+(?:framework|background)|exemptions?\s+(?:referred|mentioned"
    r"|explained|in\s+the)|exceptions?\s+(?:referred|mentioned|explained|in\s+the)|glossary"
    # "Notes on the exemptions", "List of exceptions" (not "Exemptions applied")
    r"|(?![^\n]*\b(?:applied|used|relied|engaged|withheld|decision)\b)[^\n]{0,30}?\b(?:notes?"
    r"|guidance|list|information|summary|explanation)\s+(?:on|of|about)\s+(?:the\s+)?"
    r"(?:exemptions?|exceptions?|legislation))\b"
    r"[^\n]{0,70}$",
    _I | re.M,
)
_DOUBLE_QUOTED = re.compile(r'"[^"]{30,}?"', re.S)
# 'Please provide ...': single quotes, an apostrophe inside a word ("Council's") allowed.
_SINGLE_QUOTED = re.compile(
    r"(?<![A-Za-z])'(?=[A-Z0-9])(?:[^'\n]|'(?=[a-z])|\n(?![ ]*\n)){30,1500}?'(?![A-Za-z])"
)


@dataclass(frozen=True)
class Verdict:
    status: str
    evidence: Span  # the words that decided it (the mention itself when nothing else did)
    clause: Span | None = None  # the clause it was read in


class Regions(NamedTuple):
    quoted: list[Span]  # the requester's words, a quoted thread
    annexes: list[Span]  # where a citation applies nothing unless the authority says so
    law_annexes: list[Span]  # annexes of legislation: nothing in them is decided


_PLAIN_ANNEX = re.compile(
    r"^[ ]*(?:annex|appendix)(?:[ ]+[A-Z0-9]{1,3})?[ ]*[:.-]?[ ]*$", _I | re.M
)


def regions(text: str, body_end: int) -> Regions:
    """Stretches where the authority is not deciding: the requester's words quoted back or a
    quoted email thread (``quoted``), and annexes of legislation (``annexes``)."""
    quoted: list[Span] = []
    # A reply email opens with its own "From: / Sent:" header: only a header after the
    # letter's salutation starts the quoted thread.
    salutation = _SALUTATION.search(text)
    thread = _QUOTED_THREAD.search(text, salutation.end() if salutation else _NO_SALUTATION)
    if thread:
        quoted.append((thread.start(), len(text)))
    quoted += [m.span() for m in _QUOTE_LINE.finditer(text)]
    quoted += [m.span() for m in _DOUBLE_QUOTED.finditer(text, 0, body_end)]
    quoted += [m.span() for m in _SINGLE_QUOTED.finditer(text, 0, body_end)]
    for label in _REQUEST_LABEL.finditer(text, 0, body_end):
        line_end = text.find("\n", label.end())
        line_end = len(text) if line_end == -1 else line_end
        # "Request: ..." quotes on its own paragraph; a label alone on its line heads the next.
        inline = bool(text[label.end() : line_end].strip())
        paragraph_end = _PARAGRAPH_END.search(text, line_end if inline else line_end + 1)
        quoted.append((label.start(), paragraph_end.start() if paragraph_end else body_end))
    law_annexes = []
    for heading in _ANNEX_HEADING.finditer(text, 0, body_end):
        # "Annex A - The exemptions in the Act" heads a list; "Annex B is attached." does not.
        if not heading.group(0).strip().endswith("."):
            law_annexes.append((heading.start(), body_end))
    # "Appendix A" alone may hold the figures given: citations in it apply nothing unless
    # the authority says so there, but its other words still count.
    annexes = law_annexes + [
        (heading.start(), body_end) for heading in _PLAIN_ANNEX.finditer(text, 0, body_end)
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

_PARAGRAPH_END = re.compile(r"\n[ ]*\n(?=[ ]*\S)")


class _Sentences:
    """Sentence bounds found by bisection: full stops, blank lines, and the end of a short
    line (a heading or a list item, which carries no full stop)."""

    def __init__(self, text: str):
        ends = {m.end() for m in _SENTENCE_BREAK.finditer(text)}
        for line in _LINE.finditer(text):
            if line.end() - line.start() < _SHORT_LINE and not line.group(0).rstrip().endswith(
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
    for brk in _CLAUSE_BREAK.finditer(text, start, end):
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
) -> list[Verdict]:
    """A verdict for each mention (same order); ``found_regions`` from ``regions``.
    ``ncnd_letter``, ``not_held_letter``: the letter neither confirms nor denies / says
    something is not held, which is what a hypothetical citation is about."""
    if not mentions:
        return []
    quoted, annexes = found_regions.quoted, found_regions.annexes
    quoted_starts = [r[0] for r in quoted]
    sentences = _Sentences(text)
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
        verdict = replace(
            _judge(
                text, mention.code, span, sentence, clause, sentences, ncnd_letter, not_held_letter
            ),
            clause=clause,
        )
        annex = next((a for a in annexes if a[0] <= span[0] < a[1]), None)
        if annex is not None and verdict.status in (APPLIED, NEUTRAL):
            by_us = _search(_APPLIED_BY_US, text, *clause)
            verdict = Verdict(APPLIED, by_us.span()) if by_us else Verdict(ANNEX, annex)
        result.append(verdict)
    return result


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
    rights = _search(_RIGHTS, text, *sentence)
    if rights:
        return Verdict(RIGHTS, rights.span())
    # A paragraph on the requester's rights names provisions without applying them.
    rights = _search(_RIGHTS, text, *_paragraph(text, span))
    if rights and not _search(_WITHHOLDS, text, *clause):
        return Verdict(RIGHTS, rights.span())
    requester = _REQUESTER.match(text[sentence[0] : span[0]])
    if (
        requester
        and not _WHICH_IS_EXEMPT.search(text, sentence[0], span[0])
        and not _search(_APPLIED_BY_US, text, sentence[0], span[0])
    ):
        return Verdict(QUOTED, (sentence[0] + requester.start(), sentence[0] + requester.end()))
    usually = _search(_USUALLY, text, clause[0], span[0])
    if usually:
        return Verdict(GENERIC, usually.span())
    before = text[max(clause[0], span[0] - 120) : span[0]]
    generic = _GENERIC_BEFORE.search(before) or _search(_GENERIC, text, clause[0], span[1] + 12)
    if generic:
        return Verdict(GENERIC, span)
    # "your earlier request, which we refused under section 12": the earlier request first.
    earlier = _search(_EARLIER, text, sentence[0], span[0])
    if earlier and not _search(_THIS_REQUEST, text, *sentence):
        return Verdict(EARLIER, earlier.span())
    if _SET_ASIDE_BEFORE.search(before):
        return Verdict(SET_ASIDE, span)
    aside = _set_aside(text, clause[0], clause[1])
    if aside:
        return aside
    # "We considered whether section 43 applied." / "It does not."
    # Weighing the exemption, not "reveal whether the information exists".
    whether = re.search(
        r"(?<!confirm\s)(?<!deny\s)(?<!reveal\s)(?<!say\s)(?<!state\s)\bwhether\b(?!\s+or\s+not\b)"
        r"(?!\s+(?:or\s+not\s+)?(?:it|we|the\s+\w+|any|this|such)\s+(?:\w+\s+)?(?:holds?|held"
        r"|exists?|existed|is\s+held)\b)",
        text[clause[0] : span[0]],
        _I,
    )
    # "neither confirm nor deny whether we hold it" is no weighing of the exemption.
    if whether and not _search(_CONFIRM_OR_DENY, text, *clause):
        aside = _set_aside(text, span[1], sentences.next_end(span[1]), _IT_DOES_NOT)
        if aside:
            return aside
        return Verdict(CONSIDERED, (clause[0] + whether.start(), clause[0] + whether.end()))
    # EIR 12(4)(a) / EISR 10(4)(a) are about not holding: "if it does not hold" applies them.
    conditional = code not in _NOT_HELD_EXCEPTIONS
    condition = _search(_CONDITION, text, *sentence) if conditional else None
    maybe = _search(_MAYBE, text, *clause) if conditional else None
    if maybe and _search(_EXTENSION, text, *_paragraph(text, span)):
        # "section 43 may apply ... we need more time to consider the public interest": the
        # exemption the authority says is engaged while it extends for the test.
        maybe = None
    condition = condition or maybe
    if condition:
        return Verdict(NCND_GROUND if ncnd_letter else HYPOTHETICAL, condition.span())
    would = _search(_WOULD, text, clause[0], clause[1]) if conditional else None
    if would and not_held_letter and not _search(_APPLIED_BY_US, text, *clause):
        # "Any such footage would be exempt under section 30": said of what is not held.
        return Verdict(HYPOTHETICAL, would.span())
    applies = _search(_APPLIES, text, *clause)
    if applies:
        return Verdict(APPLIED, applies.span())
    # "Section 31 was also considered ..., but ... it has not been relied upon."
    considered = _search(_CONSIDERED, text, *clause)
    if considered and not _search(_PUBLIC_INTEREST, text, *clause):
        aside = _set_aside(text, clause[1], sentences.next_end(span[1]), _IT_DOES_NOT)
        return aside or Verdict(CONSIDERED, considered.span())
    return Verdict(NEUTRAL, span)


def _paragraph(text: str, span: Span) -> Span:
    low, high = max(0, span[0] - _REACH), min(len(text), span[1] + _REACH)
    end = text.find("\n\n", span[1], high)
    return text.rfind("\n\n", low, span[0]) + 1 or low, high if end == -1 else end


def _set_aside(
    text: str, start: int, end: int, also: re.Pattern[str] | None = None
) -> Verdict | None:
    for pattern in (_SET_ASIDE, also) if also else (_SET_ASIDE,):
        for aside in pattern.finditer(text, start, end) if start < end else ():
            context = text[max(start, aside.start() - 30) : aside.end() + 40]
            if not _SET_ASIDE_NOT_ABOUT_IT.search(context):
                return Verdict(SET_ASIDE, aside.span())
    return None


def applied_codes(mentions: list[Mention], found: list[Verdict]) -> dict[str, Span]:
    """The codes the letter applies, each with the words that apply it."""
    by_code: dict[str, list[Verdict]] = {}
    for mention, verdict in zip(mentions, found, strict=True):
        by_code.setdefault(mention.code, []).append(verdict)
    result: dict[str, Span] = {}
    for code, group in by_code.items():
        applied = next((v for v in group if v.status in (APPLIED, NCND_GROUND)), None)
        if applied is not None:
            result[code] = applied.evidence
        elif not any(v.status in NOT_APPLIED for v in group):
            result[code] = group[0].evidence
    return result
