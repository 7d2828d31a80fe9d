"""Which of the four regimes a letter answers under, when the user has not said.

Each regime scores for the names the letter uses, more for "dealt with under the ..." and
for mentions in the letter's heading, and the two Scottish regimes score for the Scottish
Information Commissioner. Regulation numbers with the shape of an exception (12(5)(e) in
England, 10(5)(e) in Scotland) count too.
"""

from __future__ import annotations

import re

from requests_app.law.regimes import Regime
from requests_app.letters.model import Span

_NAMES: dict[Regime, re.Pattern[str]] = {
    Regime.FOISA: re.compile(
        r"Freedom\s+of\s+Information\s+\(\s*Scotland\s*\)\s+Act|\bFOI\s?\(S\)\s?A\b|\bFOISA\b"
        r"|\bFOI\s+\(Scotland\)",
        re.IGNORECASE,
    ),
    Regime.EISR: re.compile(
        r"Environmental\s+Information\s+\(\s*Scotland\s*\)\s+Regulations|\bEI\s?\(S\)\s?Rs?\b"
        r"|\bEISRs?\b",
        re.IGNORECASE,
    ),
    Regime.EIR: re.compile(
        r"Environmental\s+Information\s+Regulations(?!\s*\(Scotland\))|\bEIRs?\b(?!\s*\(S)",
        re.IGNORECASE,
    ),
    Regime.FOIA: re.compile(
        r"Freedom\s+of\s+Information\s+Act(?!\s*\(Scotland\))|\bFOIA\b|\bFOI\s+Act\b",
        re.IGNORECASE,
    ),
}
_SHAPES: dict[Regime, re.Pattern[str]] = {
    Regime.EIR: re.compile(r"(?<![\d(])12\s?\(\s?[45]\s?\)\s?\(\s?[a-g]\s?\)", re.IGNORECASE),
    Regime.EISR: re.compile(r"(?<![\d(])10\s?\(\s?[45]\s?\)\s?\(\s?[a-g]\s?\)", re.IGNORECASE),
}
# A review "under regulation 16" is the Scottish Regulations' (the English ones call it
# representations under regulation 11).
_EISR_REVIEW = re.compile(r"\breview\s+(?:\w+\s+){0,3}?under\s+regulation\s+16\b", re.I)
# With no Act named, what a section is said to protect tells the two Acts apart: the same
# number protects different things (38 is personal data in Scotland, health and safety in
# England).
_TOPICS: dict[Regime, re.Pattern[str]] = {
    Regime.FOISA: re.compile(
        r"\bsection\s+(?:38\b[^.;]{0,80}personal|35\b[^.;]{0,80}(?:crime|law\s+enforcement)"
        r"|30\s?\(\s?c\s?\)|36\b[^.;]{0,80}confidential|25\b[^.;]{0,80}otherwise\s+access"
        r"|39\b[^.;]{0,80}(?:health|safety|environment)|33\b[^.;]{0,80}commercial)",
        re.IGNORECASE,
    ),
    Regime.FOIA: re.compile(
        r"\bsection\s+(?:40\b[^.;]{0,80}personal|31\b[^.;]{0,80}(?:crime|law\s+enforcement)"
        r"|36\b[^.;]{0,80}public\s+affairs|41\b[^.;]{0,80}confiden|21\b[^.;]{0,80}accessible"
        r"|43\b[^.;]{0,80}commercial|42\b[^.;]{0,80}privilege)",
        re.IGNORECASE,
    ),
}
# A name inside a reference ("SW/EIR/25/1088", "2024-EIR-0573") is a filing label, often
# kept from a template, and weighs little.
_IN_REFERENCE = re.compile(r"[-/_]\s?$")
# The Act a letter did not answer under, named to say so: "You may have expected us to apply
# the cost limit in section 12 of the Freedom of Information Act", "Under FOISA this might
# have been a cost-limit case".
_COUNTERFACTUAL = re.compile(
    r"\b(?:may|might|would|could)\s+(?:\w+\s+)?have\s+(?:been|expected|applied)\b"
    r"|\bexpected\s+us\b|\bdoes\s+not\s+apply\b",
    re.IGNORECASE,
)
_LABEL = re.compile(r"\s?ref(?:erence)?\b", re.IGNORECASE)
_SCOTTISH_PLACE = re.compile(r"\bScotland\b|\.scot\b", re.IGNORECASE)
# A Scottish postcode in the authority's address (its heading).
_SCOTTISH_POSTCODE = re.compile(
    r"\b(?:AB|DD|DG|EH|FK|G|HS|IV|KA|KW|KY|ML|PA|PH|ZE)\d{1,2}\s?\d[A-Z]{2}\b"
)
_SCOTTISH = re.compile(r"Scottish\s+Information\s+Commissioner|\(Scotland\)", re.IGNORECASE)
_HANDLED_UNDER = re.compile(
    r"(?:dealt\s+with|handled|considered|processed|treated|responded\s+to|falls?|fall)"
    r"\s+(?:\w+\s+){0,3}?(?:under|within)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_RATHER_THAN = re.compile(r"(?:rather\s+than|instead\s+of|not)\s+(?:under\s+)?(?:the\s+)?$", re.I)
_HEADING_CHARS = 600
# Scottish authorities often shorten the EISR to "the EIRs": with the Scottish Regulations
# named in full and the English ones never, "EIRs" is the Scottish pair.
_EISR_IN_FULL = re.compile(
    r"Environmental\s+Information\s+\(\s*Scotland\s*\)\s+Regulations", re.IGNORECASE
)
_EIR_IN_FULL = re.compile(r"Environmental\s+Information\s+Regulations(?!\s*\(Scotland\))", re.I)


def infer_regime(text: str) -> tuple[Regime, Span | None]:
    """The most likely regime and the span of the mention that weighed most."""
    scores = dict.fromkeys(Regime, 0.0)
    best_span: dict[Regime, tuple[float, Span]] = {}

    def score(regime: Regime, weight: float, span: Span) -> None:
        scores[regime] += weight
        if weight > 0 and (regime not in best_span or weight > best_span[regime][0]):
            best_span[regime] = (weight, span)

    eirs_are_scottish = bool(_EISR_IN_FULL.search(text)) and not _EIR_IN_FULL.search(text)
    for named, pattern in _NAMES.items():
        regime = Regime.EISR if named is Regime.EIR and eirs_are_scottish else named
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 60) : match.start()]
            weight = 3.0
            if _HANDLED_UNDER.search(before):
                weight += 5
            elif _RATHER_THAN.search(before):
                weight = -2
            after = text[match.end() : match.end() + 1]
            start = max(text.rfind(". ", 0, match.start()), text.rfind("\n\n", 0, match.start()))
            ends = [text.find(stop, match.end()) for stop in (". ", ".\n", "\n\n")]
            end = min((e for e in ends if e > 0), default=len(text))
            sentence = text[start + 1 : end]
            if _COUNTERFACTUAL.search(sentence):
                weight = -1.0
            elif (
                _IN_REFERENCE.search(before)
                or (after and after in "-/_")
                or _LABEL.match(text, match.end())
            ):
                weight = 1.0
            elif match.start() < _HEADING_CHARS:
                weight *= 2
            score(regime, weight, match.span())
    for regime, pattern in _SHAPES.items():
        for match in pattern.finditer(text):
            score(regime, 2.0, match.span())
    for match in _EISR_REVIEW.finditer(text):
        score(Regime.EISR, 2.0, match.span())
    for regime, pattern in _TOPICS.items():
        for match in pattern.finditer(text):
            score(regime, 2.0, match.span())
    scottish_address = _SCOTTISH_POSTCODE.search(text, 0, _HEADING_CHARS)
    if _SCOTTISH.search(text) or _SCOTTISH_PLACE.search(text) or scottish_address:
        scores[Regime.FOISA] += 2
        scores[Regime.EISR] += 2
        # An English regime named in a Scottish letter is usually a comparison.
        scores[Regime.FOIA] -= 1
        scores[Regime.EIR] -= 1

    ranked = sorted(Regime, key=lambda r: (-scores[r], list(Regime).index(r)))
    winner = ranked[0]
    if scores[winner] <= 0:
        return Regime.FOIA, None
    return winner, best_span[winner][1] if winner in best_span else None
