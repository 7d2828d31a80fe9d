"""Bare section numbers in the rows under an "Exemption" column heading of a table (see
``mentions``)."""

from __future__ import annotations

import bisect
import re

from requests_app.letters.mention_model import (
    BARE_REGULATION,
    Item,
    Mention,
    parts_of,
    resolve,
)
from requests_app.letters.model import Span

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


def table_sections(text: str, scottish: bool, covered: list[Span]) -> list[Mention]:
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
            item = Item(bare.group("number"), parts_of(bare.group("parts")), *bare.span(), "")
            if BARE_REGULATION.fullmatch(bare.group(0)):
                continue  # read as a regulation above
            mention = resolve(item, word, None, scottish)
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
