"""Find every exemption a letter cites: a small grammar over section and regulation numbers.

    group    := [act-before] keyword item (separator [keyword] (item | paths))* [act-after]
    keyword  := "section" | "s." | "s" | "ss." | "regulation" | "reg." | "exception at" ...
    item     := number paths          e.g. 24(1), 12(5)(e), 22A, 40(3A)(a)
    paths    := ("(" digits | letters ")")*        "and (b)" continues the previous item
    act      := "of the FOIA" | "DPA 2018" | "of the Data Protection Act" | ...

A group is only an exemption when the act it names is one of the four regimes (or none is
named) and the number resolves in the catalogue (``law.citations.parse_citation``). That is
what keeps s1(1) duties, s17 refusal notices, the s45 code, s50 complaints and Data
Protection Act sections out: they are not in the catalogue, or they name another act.
Bare numbers ("within 40 days", "page 24", "paragraph 24") have no keyword and are never read.
Regulation numbers with the distinctive shape of an EIR/EISR exception, "12(5)(e)",
"10(4)(a)", are read even without a keyword, as tables of exceptions often print them bare.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from requests_app.law.citations import CitationError, parse_citation
from requests_app.law.regimes import Regime
from requests_app.letters.model import Span

_SECTION_WORD = r"(?i:[s5][e3]c(?:-\s*)?t[il1][o0]ns?|sect?s?\.|ss?\.?[ ]?(?=\d))"
_REGULATION_WORD = r"(?i:regu[l1]ations?|regs?\.?|r\.[ ]?(?=\d))"
_EXCEPTION_WORD = (
    r"(?i:(?:exceptions?|exemptions?)\s+(?:at|under|in|of)\s+"
    r"(?:(?P<inner_section>sections?|s\.?)|(?P<inner_regulation>regulations?|regs?\.?))?)"
)
_KEYWORD = re.compile(
    r"(?<![\w'])(?:(?P<section>"
    + _SECTION_WORD
    + r")|(?P<regulation>"
    + _REGULATION_WORD
    + r")|(?P<exception>"
    + _EXCEPTION_WORD
    + r"))\s*(?=\d)"
)
# Units after a number mean it is a quantity, not a section: "section 43 and 12 months".
_NOT_A_QUANTITY = (
    r"(?!\s*(?i:working|calendar|days?\b|weeks?\b|months?\b|years?\b|hours?\b|minutes?\b"
    r"|pages?\b|per\b|%|pounds?\b|people\b|staff\b|cases\b|members\b))"
)
_PART = r"\s?\(\s?(?:\d{1,2}[AB]?|[a-z]{1,4})\s?\)"
_ITEM = re.compile(
    r"(?P<number>\d{1,2}(?:A(?![A-Za-z]))?)(?![\d])(?P<parts>(?:" + _PART + r")*)" + _NOT_A_QUANTITY
)
_PARTS_ONLY = re.compile(r"(?P<parts>(?:" + _PART + r")+)" + _NOT_A_QUANTITY)
_SEPARATOR = re.compile(
    r"\s*(?:,\s*(?:(?:and|or)\s+)?|/|&|\s(?:and/or|and|or|plus)\s)\s*(?:(?P<section>"
    + _SECTION_WORD
    + r")|(?P<regulation>"
    + _REGULATION_WORD
    + r"))?\s*"
)
_ITEM_TITLE = re.compile(r"[ ]?\n?[ ]*\((?=[^()\n]{4,80}\))[A-Za-z][^()\n]*\)")
_PART_TOKEN = re.compile(r"\(\s?([0-9a-zA-Z]{1,4})\s?\)")

_FOI_FAMILY: list[tuple[Regime, str]] = [
    (
        Regime.FOISA,
        r"Freedom\s+of\s+Information\s+\(\s*Scotland\s*\)\s+Act(?:\s+2002)?|FOI\s?\(S\)\s?A|FOISA",
    ),
    (
        Regime.EISR,
        r"Environmental\s+Information\s+\(\s*Scotland\s*\)\s+Regulations(?:\s+2004)?"
        r"|EI\s?\(S\)\s?Rs?|EISRs?",
    ),
    (Regime.EIR, r"Environmental\s+Information\s+Regulations(?:\s+2004)?|EIRs?"),
    (Regime.FOIA, r"Freedom\s+of\s+Information\s+Act(?:\s+2000)?|FOIA|FOI\s+Act"),
]
_OTHER_LAW = (
    r"(?i:Data\s+Protection|DPA\b|(?:UK\s+)?GDPR\b|General\s+Data\s+Protection|Human\s+Rights"
    r"|Equality\s+Act|PACE\b)"
    # "Legal Aid (Scotland) Act 1986", "Local Government (Access to Information) Act 1985".
    r"|(?:[A-Z][\w'()-]*[ ]+(?:\([^()\n]{1,40}\)[ ]+)?){1,6}?(?:Act|Regulations|Order|Rules)\b"
    # An abbreviation that is not one of the four: "section 23(1) of the CRCA".
    r"|(?-i:[A-Z]{2,6})(?![\w(])"
)
_ACT_AFTER = re.compile(
    r"\s*(?:\([^()\n]{0,60}\)\s*)?,?\s*(?:(?i:of|under|in|within)\s+(?:(?i:the)\s+)?)?(?:"
    + "|".join(f"(?P<{regime.value}>{pattern})(?![\\w(])" for regime, pattern in _FOI_FAMILY)
    + r"|(?P<other>"
    + _OTHER_LAW
    + r")|(?P<generic>(?i:the\s+)?(?:Act|Regulations)\b))"
)
_ACT_BEFORE = re.compile(
    r"(?:(?P<other>(?i:Data\s+Protection\s+Act(?:\s+2018)?|DPA(?:\s+2018)?|GDPR))"
    r"|"
    + "|".join(f"(?P<{regime.value}>{pattern})" for regime, pattern in _FOI_FAMILY)
    + r")[\s,:]{0,3}(?:(?i:at|under)\s+)?$"
)
_BARE_REGULATION = re.compile(
    r"(?<![\w(.])(?P<number>1[02])(?P<parts>\s?\(\s?[45]\s?\)\s?\(\s?[a-g]\s?\))(?![\w(])"
)
# A table whose column is headed "Exemption" / "Section applied" / "Eithriad / Exemption"
# prints the sections bare: "Costings from contractor   Withheld   43(2)". Only a number with a
# part is read there; in a "|" table, a bare "43" in that very column is read too.
# The column may be headed by the Act alone ("FOISA", "EIR") or abbreviated ("Reg.", "EISR
# reg.", "s."): a table prints what it applied under the shortest heading that fits.
_HEADER_WORDS = (
    r"(?:(?:exemptions?|exceptions?|sections?|regulations?|grounds?|reasons?|basis|provisions?"
    r"|legislation|regs?|secs?|FOI(?:S)?A|EIRs?|EISR)\b\.?)"
)
_HEADER_CELL = (
    r"[^\n|]{0,20}?\b(?:(?:FOI(?:S?A)?|EIRs?|EISR|legal)\s+)?" + _HEADER_WORDS + r"[^\n|]{0,30}?"
)
_EXEMPTION_COLUMN = re.compile(
    r"^(?:[^\n]*?(?:\||[ ]{2,}|\t)[ ]*" + _HEADER_CELL + r"(?=[ ]{2,}|\t|\||[ ]*$)"
    r"|[ ]*\|?[ ]*" + _HEADER_CELL + r"(?:[ ]{2,}|\t|\|)[^\n]*\S)",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER_WORD = re.compile(r"\b" + _HEADER_WORDS, re.IGNORECASE)
_REGULATION_HEADINGS = ("exception", "reg", "eir", "eisr")
# One cell may list several: "41, 43", "s.40 and s.43", "27/35".
_CELL_ITEM = r"(?:s\.?[ ]?)?[1-9]\d?[A-Z]?"
_CELL_LIST = re.compile(
    r"^[ ]*" + _CELL_ITEM + r"(?:[ ]?(?:,|;|/|&|and)[ ]?" + _CELL_ITEM + r")*[ ]*$", re.IGNORECASE
)
_ALIGNED_LIST = re.compile(
    _CELL_ITEM + r"(?:[ ]?(?:,|;|/|&|and)[ ]?" + _CELL_ITEM + r")*(?!\S)", re.IGNORECASE
)
_LIST_NUMBER = re.compile(r"(?<![\w.])(?:s\.?[ ]?)?(?P<number>[1-9]\d?[A-Z]?)\b")
_TABLE_END = re.compile(r"\n[ ]*\n")
_BARE_NUMBER = re.compile(r"(?P<number>[1-9]\d?[A-Z]?)(?P<parts>)")
_BARE_SECTION = re.compile(
    r"(?<![\w(.£/-])(?P<number>[1-9]\d?[A-Z]?)(?P<parts>(?:\s?\(\s?\w{1,4}\s?\))+)(?![\w(])"
)
# A heading-style title after the number: "Section 24(1) Safeguarding National Security".
_TITLE = re.compile(
    r"[ ]*(?:(?:-|:)[ ]*)?(?:\((?P<paren>[A-Z][^()\n]{2,60})\)"
    r"|(?P<line>[A-Z][A-Za-z']+(?:[ ]+(?:[A-Z][A-Za-z']+|of|and|the|to|in|for|or|with|by|on))"
    r"{0,7})[ ]*[.:]?[ ]*(?=\n|$))"
)


@dataclass(frozen=True)
class Mention:
    code: str
    regime: Regime
    subsection: str
    cited_as: str
    span: Span


@dataclass
class _Item:
    number: str
    parts: list[str]
    start: int
    end: int
    word: str  # "section", "regulation" or "" (inherits the group's)


def _parts(raw: str) -> list[str]:
    return [p.upper() if p[0].isdigit() else p.lower() for p in _PART_TOKEN.findall(raw)]


def _continue_parts(previous: list[str], new: list[str]) -> list[str]:
    """ "31(1)(a) and (b)" -> 31(1)(b): the new path replaces the previous one at its level."""
    kind = new[0][0].isdigit()
    for index in range(len(previous) - 1, -1, -1):
        if previous[index][0].isdigit() == kind:
            return previous[:index] + new
    return previous + new


def _act_regime(named: str | None, word: str, number: str, parts: list[str], scottish: bool):
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


def _resolve(item: _Item, word: str, named: str | None, scottish: bool) -> Mention | None:
    regime = _act_regime(named, word, item.number, item.parts, scottish)
    path = item.number + "".join(f"({p})" for p in item.parts)
    try:
        parsed = parse_citation(path, regime)
    except CitationError:
        return None
    # The parser lower-cases; legislation prints paragraph suffixes in capitals: 40(5B), 40(3A).
    subsection = path if parsed.subsection else ""
    return Mention(parsed.code, regime, subsection, "", (item.start, item.end))


def _named_act(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    for name in ("other", "generic", *(r.value for r, _ in _FOI_FAMILY)):
        if match.groupdict().get(name):
            return name
    return None


def _title_end(text: str, end: int) -> int:
    match = _TITLE.match(text, end)
    if match is None:
        return end
    return match.end("paren") + 1 if match.group("paren") else match.end("line")


def find_mentions(text: str, scottish: bool) -> list[Mention]:
    """Every catalogue citation in ``text`` (already normalised), in order of appearance."""
    found: list[Mention] = []
    covered: list[Span] = []  # in order, not overlapping: keywords are met left to right
    for keyword in _KEYWORD.finditer(text):
        if covered and keyword.start() < covered[-1][1]:
            continue
        word = (
            "section"
            if keyword.group("section") or keyword.group("inner_section")
            else "regulation"
            if keyword.group("regulation") or keyword.group("inner_regulation")
            else "exception"
        )
        items = list(_group_items(text, keyword.end(), keyword.start()))
        if not items:
            continue
        group_end = items[-1].end
        covered.append((keyword.start(), group_end))
        before = _ACT_BEFORE.search(text, max(0, keyword.start() - 60), keyword.start())
        after = _ACT_AFTER.match(text, group_end)
        named = _named_act(after) or _named_act(before)
        if named == "other":
            continue
        for index, item in enumerate(items):
            mention = _resolve(item, item.word or word, named, scottish)
            if mention is None:
                continue
            start = keyword.start() if index == 0 else item.start
            end = _title_end(text, item.end) if index == len(items) - 1 else item.end
            cited_as = " ".join(text[start:end].split())
            found.append(
                Mention(mention.code, mention.regime, mention.subsection, cited_as, (start, end))
            )
    covered_starts = [start for start, _ in covered]
    for bare in _BARE_REGULATION.finditer(text):
        index = bisect.bisect_right(covered_starts, bare.start()) - 1
        if index >= 0 and bare.start() < covered[index][1]:
            continue
        item = _Item(bare.group("number"), _parts(bare.group("parts")), *bare.span(), "")
        mention = _resolve(item, "regulation", None, bare.group("number") == "10")
        if mention is not None:
            end = _title_end(text, bare.end())
            found.append(
                Mention(
                    mention.code,
                    mention.regime,
                    mention.subsection,
                    " ".join(text[bare.start() : end].split()),
                    (bare.start(), end),
                )
            )
    found += _act_numbers(text, scottish, covered + [m.span for m in found])
    found += _table_sections(text, scottish, covered)
    found.sort(key=lambda m: m.span)
    return found


# "withheld - FOIA 43(2)", "FOISA 30(c)": the Act's short name, then a number with a part and
# no keyword. A part is required ("FOIA 2000" is a year, "EIR 1276" a reference).
_ACT_NUMBER = re.compile(
    r"\b(?P<act>FOISA|FOIA|EISR|EIR)s?[ ]+(?P<number>\d{1,2}A?)(?P<parts>(?:"
    + _PART
    + r")+)"
    + _NOT_A_QUANTITY
)
_ACT_REGIME = {"FOIA": "foia", "FOISA": "foisa", "EIR": "eir", "EISR": "eisr"}


def _act_numbers(text: str, scottish: bool, covered: list[Span]) -> list[Mention]:
    found = []
    for match in _ACT_NUMBER.finditer(text):
        start = match.start("number")
        if any(a <= start < b for a, b in covered):
            continue
        named = _ACT_REGIME[match.group("act")]
        word = "regulation" if named in ("eir", "eisr") else "section"
        item = _Item(match.group("number"), _parts(match.group("parts")), *match.span(), "")
        mention = _resolve(item, word, named, scottish)
        if mention is not None:
            cited_as = " ".join(match.group(0).split())
            found.append(
                Mention(mention.code, mention.regime, mention.subsection, cited_as, match.span())
            )
    return found


def _table_sections(text: str, scottish: bool, covered: list[Span]) -> list[Mention]:
    """Bare section numbers in the rows under an "Exemption" column heading."""
    found: list[Mention] = []
    covered_starts = [start for start, _ in covered]
    seen: set[int] = set()
    for heading in _EXEMPTION_COLUMN.finditer(text):
        line_end = text.find("\n", heading.start())
        line_end = len(text) if line_end == -1 else line_end
        end_match = _TABLE_END.search(text, line_end)
        end = end_match.start() if end_match else len(text)
        # Under "Regulation" / "Exception" / "EISR" with no "Section" beside it, "11(2)" and
        # "13" are regulations.
        words = [w.group(0).lower() for w in _HEADER_WORD.finditer(text, heading.start(), line_end)]
        kind = (
            "regulation"
            if words and all(w.startswith(_REGULATION_HEADINGS) for w in words)
            else "section"
        )
        bares = [(b, kind) for b in _BARE_SECTION.finditer(text, line_end, end)]
        bares += [(b, kind) for b in _column_numbers(text, heading.start(), line_end, end)]
        bares += _aligned_column_numbers(text, heading.start(), line_end, end)
        for bare, word in bares:
            index = bisect.bisect_right(covered_starts, bare.start()) - 1
            if bare.start() in seen or (index >= 0 and bare.start() < covered[index][1]):
                continue
            seen.add(bare.start())
            item = _Item(bare.group("number"), _parts(bare.group("parts")), *bare.span(), "")
            if _BARE_REGULATION.fullmatch(bare.group(0)):
                continue  # read as a regulation above
            mention = _resolve(item, word, None, scottish)
            if mention is not None:
                cited_as = " ".join(bare.group(0).split())
                found.append(
                    Mention(mention.code, mention.regime, mention.subsection, cited_as, bare.span())
                )
    return found


_ALIGNED_CELL = re.compile(
    r"(?<!\S)(?:s\.?[ ]?)?(?P<number>[1-9]\d?[A-Z]?)(?P<parts>)(?![^\s,;/&])"
)


def _aligned_column_numbers(
    text: str, start: int, line_end: int, end: int
) -> list[tuple[re.Match[str], str]]:
    """In a table aligned with spaces, a bare number ("13", "s43") starting under the
    exemption column's heading: "D2   Complaints log   Part   13" under "Exception". A
    regulation under "Exception(s)" or "Regulation", else a section."""
    header = text[start:line_end]
    if "|" in header:
        return []
    found = []
    for word in _HEADER_WORD.finditer(header):
        # The number sits under the heading cell, which may start before the word ("FOIA
        # section", "EISR reg."): anywhere from the cell's start to the word's end.
        gap = max(header.rfind("  ", 0, word.start()), header.rfind("\t", 0, word.start()))
        column = word.start() if gap == -1 else max(gap + 2, word.start() - 12)
        last = max(column, word.end() - 1)
        kind = "regulation" if word.group(0).lower().startswith(_REGULATION_HEADINGS) else "section"
        position = line_end + 1
        for row in text[line_end + 1 : end].split("\n"):
            cell = _ALIGNED_CELL.search(row, max(0, column - 2), last + 3)
            if cell and cell.start() >= column - 2 and cell.start() <= last + 2:
                listed = _ALIGNED_LIST.match(row, cell.start())
                stop = listed.end() if listed else cell.end()
                for item in _LIST_NUMBER.finditer(row, cell.start(), stop):
                    match = _BARE_NUMBER.match(text, position + item.start("number"))
                    if match:
                        found.append((match, kind))
            position += len(row) + 1
    return found


def _column_numbers(text: str, start: int, line_end: int, end: int) -> list[re.Match[str]]:
    """In a "|" table, a bare number ("40", "s43") in the exemption column's own cells."""
    header = text[start:line_end].split("|")
    columns = [i for i, cell in enumerate(header) if _HEADER_WORD.search(cell)]
    if len(header) < 3 or not columns:
        return []
    found = []
    position = line_end + 1
    for row in text[line_end + 1 : end].split("\n"):
        cells, offset = row.split("|"), position
        for index, cell in enumerate(cells):
            if index in columns and _CELL_LIST.match(cell):
                for number in _LIST_NUMBER.finditer(cell):
                    match = _BARE_NUMBER.match(text, offset + number.start("number"))
                    if match:
                        found.append(match)
            offset += len(cell) + 1
        position += len(row) + 1
    return found


def _group_items(text: str, position: int, keyword_start: int) -> Iterator[_Item]:
    first = _ITEM.match(text, position)
    if first is None:
        return
    previous = _Item(
        first.group("number"), _parts(first.group("parts")), keyword_start, first.end(), ""
    )
    previous.start = first.start()
    yield previous
    position = first.end()
    while True:
        # "sections 34(1)(a) (investigations) and 38(1)(b) (personal information)"
        title = _ITEM_TITLE.match(text, position)
        if title is not None:
            position = title.end()
        separator = _SEPARATOR.match(text, position)
        if separator is None:
            return
        word = (
            "section"
            if separator.group("section")
            else "regulation"
            if separator.group("regulation")
            else ""
        )
        item_match = _ITEM.match(text, separator.end())
        if item_match is not None:
            current = _Item(
                item_match.group("number"),
                _parts(item_match.group("parts")),
                item_match.start(),
                item_match.end(),
                word,
            )
        else:
            parts_match = _PARTS_ONLY.match(text, separator.end())
            if parts_match is None or word:
                return
            current = _Item(
                previous.number,
                _continue_parts(previous.parts, _parts(parts_match.group("parts"))),
                parts_match.start(),
                parts_match.end(),
                previous.word,
            )
        yield current
        previous = current
        position = current.end
