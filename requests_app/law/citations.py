"""Parse an exemption citation as authorities write it in letters.

Refusal notices cite the law loosely: "s24(1)", "Section 40(2)", "s.38(1)(b)",
"regulation 12(5)(e)", "Reg. 12(4)(a)", "EIR 12(5)(e)", "section 24(1) FOIA". The parser
reduces each to the catalogue entry of the request's regime (``law/exemptions.py``) plus the
subsection as cited, so that statistics count "s24(1)" and "Section 24" as the same exemption.

Pure Python: the letter analyser and the API both use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from requests_app.law.exemptions import BY_CODE, CatalogueEntry, exemption_code
from requests_app.law.regimes import Regime

MAX_CITATION_LENGTH = 255  # ExemptionCitation.cited_as
MAX_SUBSECTION_LENGTH = 40  # ExemptionCitation.subsection
# The deepest path in the four regimes is three levels below the number: FOIA s36(2)(b)(ii).
# One more is allowed for a sub-paragraph a letter might name; beyond that it is not a
# citation of any provision but a typing slip or a probe, and it would not fit the column.
MAX_PATH_LEVELS = 4


class CitationError(ValueError):
    """A citation that cannot be resolved; the message names the citation and says why."""

    def __init__(self, citation: str, reason: str):
        self.citation = citation
        self.reason = reason
        super().__init__(f"{citation!r}: {reason}")


@dataclass(frozen=True)
class ParsedCitation:
    regime: Regime
    code: str  # catalogue code: "foia-s24", "eir-r12-5-e"
    section: str  # the catalogue entry's section as printed: "24", "12(5)(e)"
    subsection: str  # what was cited when more specific than the section: "24(1)", else ""
    cited_as: str  # the text as written, whitespace-trimmed

    @property
    def entry(self) -> CatalogueEntry:
        return BY_CODE[self.code]


# Names a letter may use for a regime, before or after the number ("EIR 12(5)(e)",
# "section 24(1) of the Freedom of Information Act 2000"). Longest first so that
# "foi(s)a" is not read as "foi" + junk.
_REGIME_NAMES: list[tuple[str, Regime | None]] = sorted(
    [
        ("freedom of information (scotland) act 2002", Regime.FOISA),
        ("freedom of information (scotland) act", Regime.FOISA),
        ("foi(s)a", Regime.FOISA),
        ("foisa", Regime.FOISA),
        ("environmental information (scotland) regulations 2004", Regime.EISR),
        ("environmental information (scotland) regulations", Regime.EISR),
        ("eisr", Regime.EISR),
        ("eis regulations", Regime.EISR),
        ("freedom of information act 2000", Regime.FOIA),
        ("freedom of information act", Regime.FOIA),
        ("foi act", Regime.FOIA),
        ("foia", Regime.FOIA),
        ("environmental information regulations 2004", Regime.EIR),
        ("environmental information regulations", Regime.EIR),
        ("eir 2004", Regime.EIR),
        ("eirs", Regime.EIR),
        ("eir", Regime.EIR),
        ("the act", None),  # "section 1(1) of the Act": no regime named, so no conflict
        ("the regulations", None),
    ],
    key=lambda pair: -len(pair[0]),
)

_SECTION_WORDS = r"sections?|ss?\.?|§"
_REGULATION_WORDS = r"regulations?|regs?\.?|r\.?"

_NUMBER = re.compile(
    r"""^
    (?:(?P<section_word>"""
    + _SECTION_WORDS
    + r""")|(?P<regulation_word>"""
    + _REGULATION_WORDS
    + r"""))?
    \s*
    (?P<number>\d{1,3}[a-z]?)
    (?P<path>(?:\s*\(\s*[0-9a-z]{1,5}\s*\))*)
    # Letters often follow the number with the title: "Section 24(1) Safeguarding National
    # Security". Words are ignored, but not "of ..." (that names some other law).
    (?:\s*[-–—:]?\s+(?!of\b|under\b)[a-z][a-z ,'’&/-]*)?
    $""",
    re.VERBOSE,
)
_PATH_PART = re.compile(r"\(\s*([0-9a-z]{1,5})\s*\)")

_IS_REGULATIONS = {Regime.EIR, Regime.EISR}


def _strip_regime_name(text: str) -> tuple[str, Regime | None, bool]:
    """Remove a regime named before or after the number; return (rest, regime, named)."""
    for name, regime in _REGIME_NAMES:
        if text.startswith(name + " ") or text.startswith(name + ","):
            return text[len(name) :].lstrip(" ,"), regime, True
        for joiner in (" of the ", " of ", " under the ", " under ", " ", ", "):
            suffix = joiner + name
            if text.endswith(suffix):
                return text[: -len(suffix)].rstrip(" ,"), regime, True
        if text.endswith("(" + name + ")"):
            return text[: -len(name) - 2].rstrip(" ,"), regime, True
    return text, None, False


def _normalise(number: str, parts: list[str]) -> str:
    # Section numbers carry capital letters ("22A"); paragraphs are lower-case ("(e)", "(ii)").
    return number.upper() + "".join(f"({part})" for part in parts)


def parse_citation(text: str, regime: str | Regime) -> ParsedCitation:
    """Resolve ``text`` against the catalogue of ``regime``.

    The most specific catalogue entry that the cited path starts with wins: FOIA "s24(1)"
    is the s24 exemption cited at subsection 24(1); EIR "12(5)(e)(i)" is reg 12(5)(e).
    Raises ``CitationError`` naming the citation when it cannot be resolved.
    """
    regime = Regime(regime)
    cited_as = " ".join(str(text).split())
    if not cited_as:
        raise CitationError(str(text), "the citation is empty")
    if len(cited_as) > MAX_CITATION_LENGTH:
        raise CitationError(
            cited_as[:40] + "…", f"a citation is at most {MAX_CITATION_LENGTH} characters"
        )

    body, named_regime, _ = _strip_regime_name(cited_as.lower().rstrip(" .;:"))
    if named_regime is not None and named_regime != regime:
        raise CitationError(
            cited_as,
            f"it cites the {named_regime.label} but the request is under the {regime.label}",
        )

    match = _NUMBER.match(body.strip())
    if match is None:
        raise CitationError(
            cited_as,
            'not a recognisable citation; write it like "s24(1)", "section 40(2)" '
            'or "regulation 12(5)(e)"',
        )
    if match.group("regulation_word") and regime not in _IS_REGULATIONS:
        raise CitationError(
            cited_as,
            f"it cites a regulation but the {regime.label} is an Act with sections",
        )

    number = match.group("number")
    parts = _PATH_PART.findall(match.group("path") or "")
    cited_path = _normalise(number, parts)
    if len(parts) > MAX_PATH_LEVELS or len(cited_path) > MAX_SUBSECTION_LENGTH:
        raise CitationError(
            cited_as,
            f"it names {len(parts)} levels below {number.upper()}, which no provision has; "
            f"a citation goes at most {MAX_PATH_LEVELS} levels deep (like 36(2)(b)(ii)) "
            f"and {MAX_SUBSECTION_LENGTH} characters long",
        )

    if regime is Regime.FOIA and number == "1" and parts[:2] == ["1", "a"]:
        raise CitationError(
            cited_as,
            'section 1(1)(a) is the duty to confirm what is held; record "information not '
            'held" as the response outcome (not_held), not as an exemption',
        )

    for depth in range(len(parts), -1, -1):
        section = _normalise(number, parts[:depth])
        code = exemption_code(regime, section)
        if code in BY_CODE:
            subsection = cited_path if depth < len(parts) else ""
            return ParsedCitation(
                regime=regime,
                code=code,
                section=BY_CODE[code].section,
                subsection=subsection,
                cited_as=cited_as,
            )

    more_specific = [
        entry.section
        for entry in BY_CODE.values()
        if entry.regime is regime and entry.section.startswith(cited_path + "(")
    ]
    if more_specific:
        examples = ", ".join(more_specific[:3])
        raise CitationError(
            cited_as,
            f"{cited_path} is not specific enough under the {regime.label}; "
            f"name the paragraph, e.g. {examples}",
        )
    word = "regulation" if regime in _IS_REGULATIONS else "section"
    raise CitationError(
        cited_as, f"{word} {number.upper()} is not in the catalogue of the {regime.label}"
    )
