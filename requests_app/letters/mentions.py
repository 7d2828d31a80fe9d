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
Bare numbers ("within 40 days", "page 24", "paragraph 24") have no keyword and are not read,
except right after an Act's short name ("FOIA 43(2)", ``_act_numbers``) and in the rows under
an exemption column of a table (``mention_tables.table_sections``).
Regulation numbers with the distinctive shape of an EIR/EISR exception, "12(5)(e)",
"10(4)(a)", are read even without a keyword, as tables of exceptions often print them bare.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from requests_app.law.regimes import Regime
from requests_app.letters.mention_model import (
    BARE_REGULATION,
    Item,
    Mention,
    parts_of,
    resolve,
)
from requests_app.letters.mention_tables import table_sections
from requests_app.letters.model import Span

__all__ = ["Mention", "find_mentions"]

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
# A heading-style title after the number: "Section 24(1) Safeguarding National Security".
_TITLE = re.compile(
    r"[ ]*(?:(?:-|:)[ ]*)?(?:\((?P<paren>[A-Z][^()\n]{2,60})\)"
    r"|(?P<line>[A-Z][A-Za-z']+(?:[ ]+(?:[A-Z][A-Za-z']+|of|and|the|to|in|for|or|with|by|on))"
    r"{0,7})[ ]*[.:]?[ ]*(?=\n|$))"
)


def _continue_parts(previous: list[str], new: list[str]) -> list[str]:
    """ "31(1)(a) and (b)" -> 31(1)(b): the new path replaces the previous one at its level."""
    kind = new[0][0].isdigit()
    for index in range(len(previous) - 1, -1, -1):
        if previous[index][0].isdigit() == kind:
            return previous[:index] + new
    return previous + new


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
            mention = resolve(item, item.word or word, named, scottish)
            if mention is None:
                continue
            start = keyword.start() if index == 0 else item.start
            end = _title_end(text, item.end) if index == len(items) - 1 else item.end
            cited_as = " ".join(text[start:end].split())
            found.append(
                Mention(mention.code, mention.regime, mention.subsection, cited_as, (start, end))
            )
    covered_starts = [start for start, _ in covered]
    for bare in BARE_REGULATION.finditer(text):
        index = bisect.bisect_right(covered_starts, bare.start()) - 1
        if index >= 0 and bare.start() < covered[index][1]:
            continue
        item = Item(bare.group("number"), parts_of(bare.group("parts")), *bare.span(), "")
        mention = resolve(item, "regulation", None, bare.group("number") == "10")
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
    # Each later reader skips what the earlier ones found ("FOIA 43(2)" in a table row is
    # one citation, not also a bare "43(2)" under the column); table_sections bisects: sorted.
    taken = sorted(covered + [m.span for m in found])
    found += _act_numbers(text, scottish, taken)
    found += table_sections(text, scottish, sorted(covered + [m.span for m in found]))
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


def _act_numbers(text: str, scottish: bool, covered: list[Span]) -> list[Mention]:
    found = []
    for match in _ACT_NUMBER.finditer(text):
        start = match.start("number")
        if any(a <= start < b for a, b in covered):
            continue
        item = Item(match.group("number"), parts_of(match.group("parts")), *match.span(), "")
        # The Act is named (its short name is the regime's value), so no keyword is needed.
        mention = resolve(item, "", match.group("act").lower(), scottish)
        if mention is not None:
            cited_as = " ".join(match.group(0).split())
            found.append(
                Mention(mention.code, mention.regime, mention.subsection, cited_as, match.span())
            )
    return found


def _group_items(text: str, position: int, keyword_start: int) -> Iterator[Item]:
    first = _ITEM.match(text, position)
    if first is None:
        return
    previous = Item(
        first.group("number"), parts_of(first.group("parts")), keyword_start, first.end(), ""
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
            current = Item(
                item_match.group("number"),
                parts_of(item_match.group("parts")),
                item_match.start(),
                item_match.end(),
                word,
            )
        else:
            parts_match = _PARTS_ONLY.match(text, separator.end())
            if parts_match is None or word:
                return
            current = Item(
                previous.number,
                _continue_parts(previous.parts, parts_of(parts_match.group("parts"))),
                parts_match.start(),
                parts_match.end(),
                previous.word,
            )
        yield current
        previous = current
        position = current.end
