"""A citation found in a letter, and how a number with its parts resolves against the
catalogue for a regime (``law.citations.parse_citation``); shared by the grammar
(``mentions``) and the table reader (``mention_tables``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from requests_app.law.citations import CitationError, parse_citation
from requests_app.law.regimes import Regime
from requests_app.letters.model import Span

PART_TOKEN = re.compile(r"\(\s?([0-9a-zA-Z]{1,4})\s?\)")
BARE_REGULATION = re.compile(
    r"(?<![\w(.])(?P<number>1[02])(?P<parts>\s?\(\s?[45]\s?\)\s?\(\s?[a-g]\s?\))(?![\w(])"
)


@dataclass(frozen=True)
class Mention:
    code: str
    regime: Regime
    subsection: str
    cited_as: str
    span: Span


@dataclass
class Item:
    number: str
    parts: list[str]
    start: int
    end: int
    word: str  # "section", "regulation" or "" (inherits the group's)


def parts_of(raw: str) -> list[str]:
    return [p.upper() if p[0].isdigit() else p.lower() for p in PART_TOKEN.findall(raw)]


def act_regime(named: str | None, word: str, number: str, scottish: bool):
    if named and named != "generic":
        # Scottish authorities call the EISR "the EIRs": "regulation 11(2) of the EIRs".
        if named == Regime.EIR.value and scottish:
            return Regime.EISR
        return Regime(named)
    is_regulation = word == "regulation" or (
        word == "exception" and (number in {"10", "11", "12", "13"})
    )
    if is_regulation:
        return Regime.EISR if scottish else Regime.EIR
    return Regime.FOISA if scottish else Regime.FOIA


def resolve(item: Item, word: str, named: str | None, scottish: bool) -> Mention | None:
    regime = act_regime(named, word, item.number, scottish)
    path = item.number + "".join(f"({p})" for p in item.parts)
    try:
        parsed = parse_citation(path, regime)
    except CitationError:
        return None
    # The parser lower-cases; legislation prints paragraph suffixes in capitals: 40(5B), 40(3A).
    subsection = path if parsed.subsection else ""
    return Mention(parsed.code, regime, subsection, "", (item.start, item.end))
