"""Cut a letter into the parts that deal with each numbered question.

Two kinds of marker open a block:

- a number at the start of a line: "1.", "2)", "Q3", "Question 4:", "- 1." (a restated list);
  numbers must run in sequence (1, then 2 or 1 again...), so a stray "15." is not a question;
- a sentence opening a paragraph that names questions: "For Questions 1 to 2, ...",
  "In response to question 3 ...", "Questions 4 and 5:".

A block runs to the next marker, or to the letter's closing part (the review and complaint
rights, the sign-off), which never belongs to a question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from requests_app.letters.model import Span

_LINE_MARKER = re.compile(
    r"^[ >*|\-]*(?:\*\*)?(?:(?:Q(?:uestion)?|Part|Point|Item|Request)\.?[ ]*(?P<labelled>\d{1,2})"
    r"\b[ ]*[.):\-]?|\(?(?P<plain>\d{1,2})[.)](?!\d))(?:\*\*)?[ ]+(?=\S)",
    re.MULTILINE | re.IGNORECASE,
)
# Questions lettered or in roman numerals, "(a)", "(ii)", "Part (c):", "Parts (a) and (b):",
# read only in a letter that does not number them (sub-items under "1." are not questions).
_ITEM = r"\((?:[a-h]|i{1,3}|iv|vi{0,3}|ix|x)\)"
_ITEM_MARKER = re.compile(
    r"^[ >*|\-]*(?:(?:Q(?:uestion)?|Part|Point|Item|Request)s?\.?[ ]*)?(?P<items>"
    + _ITEM
    + r"(?:[ ]*(?:,|and|&|to|-)[ ]*"
    + _ITEM
    + r")*)[ ]*[.:\-]?[ ]+(?=\S)",
    re.MULTILINE | re.IGNORECASE,
)
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}


# "Your first two questions asked ...", "Your third question", "the second and third parts":
# questions counted in words at the start of a paragraph.
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_COUNTS = {"two": 2, "three": 3, "four": 4}
_ORDINAL_MARKER = re.compile(
    r"(?:^|(?<=\n))[ ]*(?:(?:as\s+for|turning\s+to|in\s+(?:response|answer|reply)\s+to|for)\s+)?"
    r"(?:your|the)\s+(?P<first>first|second|third|fourth|fifth|sixth)"
    r"(?:\s+(?:and|&)\s+(?P<last>second|third|fourth|fifth|sixth))?(?:\s+(?P<count>two|three|four))?"
    r"\s+(?:questions?|parts?|points?|requests?|items?)\b",
    re.IGNORECASE,
)


def _ordinal_numbers(match: re.Match[str]) -> list[int]:
    first = _ORDINALS[match.group("first").lower()]
    if match.group("last"):
        return list(range(first, _ORDINALS[match.group("last").lower()] + 1))
    if match.group("count"):
        return list(range(first, first + _COUNTS[match.group("count").lower()]))
    return [first]


def _item_numbers(items: str) -> list[int]:
    numbers = []
    for item in re.findall(r"\(([a-z]+)\)", items.lower()):
        numbers.append(_ROMAN[item] if item in _ROMAN else ord(item) - ord("a") + 1)
    if re.search(r"\)[ ]*(?:to|-)[ ]*\(", items) and len(numbers) == 2:
        numbers = list(range(numbers[0], numbers[1] + 1))
    return numbers


_NUMBERS = r"\d{1,2}(?:\s*(?:,|and|&|-|to|\bor\b)\s*\d{1,2})*"
_PROSE_MARKER = re.compile(
    r"(?:^|(?<=\n))[ ]*(?:(?:for|(?:in\s+)?(?:response|answer|reply|relation|respect)\s+to"
    r"|with\s+regard\s+to|with\s+regards\s+to|regarding|turning\s+to|as\s+for|in\s+regard\s+to)\s+)?"
    r"(?:your\s+)?(?:questions?|Qs?|parts?|points?)\s*(?P<numbers>" + _NUMBERS + r")\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.](?=[ ]+[A-Z])")
_RANGE = re.compile(r"(\d{1,2})\s*(?:-|to)\s*(\d{1,2})", re.IGNORECASE)
CLOSING = re.compile(
    r"^[ ]*(?:if\s+you\s+are\s+(?:not\s+satisfied|unhappy|dissatisfied|not\s+happy)"
    r"|if\s+you\s+(?:are\s+)?(?:wish|want|would\s+like)\s+to\s+(?:request|ask\s+for|make)\s+"
    r"(?:an\s+)?(?:internal\s+)?review|your\s+right(?:s)?\s+(?:to|of)|right\s+(?:to|of)\s+"
    r"(?:review|appeal|complain)|complaints?\s+(?:and|&)\s+review|yours\s+(?:sincerely|faithfully)|kind\s+regards|if\s+you\s+have\s+any\s+"
    r"(?:further\s+)?(?:queries|questions))",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass
class Block:
    numbers: list[int]
    start: int
    end: int
    body_start: int  # after the question's own wording, where the answer begins
    prose: bool


# A sign-off on a line of its own, and rights headings: only in the letter's second half, as an
# internal review's reply may open with "Internal review".
_SIGN_OFF = re.compile(
    r"^[ ]*(?:(?:with\s+)?(?:best|warm|kind)?\s*regards|best\s+wishes|yours\s+(?:truly|sincerely"
    r"|faithfully)|yours)[ ,.]*$"
    r"|^[ ]*(?:your\s+rights|(?:internal\s+)?review\s+(?:rights|procedure|process)"
    r"|internal\s+review|appeals?|right\s+of\s+(?:appeal|review)|complaints?|how\s+to\s+complain|what\s+to\s+do\s+if"
    r"[^\n]{0,40}|your\s+right\s+to\s+\w+[^\n]{0,30})[ ]*:?[ ]*$",
    re.IGNORECASE | re.MULTILINE,
)


def closing_start(text: str, after: int = 0) -> int:
    match = CLOSING.search(text, after)
    end = match.start() if match else len(text)
    heading = _SIGN_OFF.search(text, max(after, len(text) // 2), end)
    return heading.start() if heading else end


# "They are listed in the schedule at the end of this letter": the body sends the reader to a
# schedule printed after the sign-off, which holds the decisions themselves.
_POINTS_TO_SCHEDULE = re.compile(
    r"\b(?:schedule|annex|appendix|table)\b[^.\n]{0,40}?\b(?:at\s+the\s+end|below|after\s+(?:my|our|"
    r"the)\s+signature|following\s+this\s+letter|overleaf)\b"
    r"|\b(?:end|foot)\s+of\s+this\s+(?:letter|e-?mail|response)\b",
    re.IGNORECASE,
)
_SCHEDULE_HEADING = re.compile(
    r"^[ ]*(?:schedule|table|list|annex|appendix)\b[^\n]{0,60}$", re.IGNORECASE | re.MULTILINE
)
_LAW_HEADING = re.compile(
    r"\b(?:legislation|exemptions?|exceptions?|the\s+law|provisions|extracts?|rights)\b",
    re.IGNORECASE,
)


def schedule_after(text: str, body_end: int) -> int | None:
    """Where a schedule of the documents and decisions starts, printed after the sign-off and
    pointed to from the body; None when there is none (an annex of the law is not one)."""
    if body_end >= len(text) or not _POINTS_TO_SCHEDULE.search(text, 0, body_end):
        return None
    heading = _SCHEDULE_HEADING.search(text, body_end)
    if heading is None or _LAW_HEADING.search(heading.group(0)):
        return None
    return heading.start()


def _expand(numbers: str) -> list[int]:
    result: list[int] = []
    for piece in re.split(r"\s*(?:,|and|&|\bor\b)\s*", numbers, flags=re.IGNORECASE):
        ranged = _RANGE.fullmatch(piece.strip())
        if ranged:
            low, high = int(ranged.group(1)), int(ranged.group(2))
            if 0 < low <= high <= low + 30:
                result.extend(range(low, high + 1))
        elif piece.strip().isdigit():
            result.append(int(piece.strip()))
    return result


def _question_end(text: str, start: int, end: int) -> int:
    """Where a restated question stops: at its question mark, or at the end of its line.

    In a table row ("| 1. Number of searches | 14,602 | None |") the question is the first
    cell and the answer the rest of the row.
    """
    line_end = text.find("\n", start, end)
    line_end = end if line_end == -1 else line_end
    cell_end = text.find("|", start, line_end)
    if cell_end != -1:
        return cell_end + 1
    mark = text.find("?", start, end)
    if mark != -1:
        # A question may wrap over a few lines but ends at the first question mark.
        paragraph_end = text.find("\n\n", start, end)
        if paragraph_end == -1 or mark < paragraph_end:
            return mark + 1
    # "Part 1 of your request: the number of exclusions. There were 143 ...": the wording
    # runs to its first full stop when the answer follows on the same line.
    full_stop = _SENTENCE_END.search(text, start, line_end)
    if full_stop is not None:
        return full_stop.end()
    return line_end


def find_blocks(text: str) -> list[Block]:
    limit = closing_start(text)
    markers: list[tuple[int, int, list[int], bool]] = []  # start, marker end, numbers, prose
    seen: set[int] = set()
    for match in _LINE_MARKER.finditer(text, 0, limit):
        number = int(match.group("labelled") or match.group("plain"))
        if number == 0 or not (number == 1 or number - 1 in seen or number in seen):
            continue
        # A number met again is the answer to a question restated earlier: no question
        # wording to skip, so it is marked like a prose marker.
        again = number in seen
        seen.add(number)
        markers.append((match.start(), match.end(), [number], again))
    line_starts = {start for start, *_ in markers}
    for match in _PROSE_MARKER.finditer(text, 0, limit):
        numbers = _expand(match.group("numbers"))
        # "Question 1: ..." is both kinds of marker; count it once.
        if not numbers or any(match.start() + d in line_starts for d in range(-2, 3)):
            continue
        markers.append((match.start(), match.end(), numbers, True))
    if not any(1 in numbers for *_, numbers, _ in markers):
        markers = _item_markers(text, limit)
    if not any(1 in numbers for *_, numbers, _ in markers):
        markers = [
            (m.start(), m.end(), _ordinal_numbers(m), True)
            for m in _ORDINAL_MARKER.finditer(text, 0, limit)
        ]
    # Only a letter that numbers from 1 has numbered questions.
    if not any(1 in numbers for *_, numbers, _ in markers):
        return []
    markers.sort()
    blocks: list[Block] = []
    for index, (start, marker_end, numbers, prose) in enumerate(markers):
        end = markers[index + 1][0] if index + 1 < len(markers) else limit
        body_start = marker_end if prose else _question_end(text, marker_end, end)
        blocks.append(Block(numbers, start, end, body_start, prose))
    return blocks


def _item_markers(text: str, limit: int) -> list[tuple[int, int, list[int], bool]]:
    markers: list[tuple[int, int, list[int], bool]] = []
    seen: set[int] = set()
    for match in _ITEM_MARKER.finditer(text, 0, limit):
        numbers = _item_numbers(match.group("items"))
        if not numbers or not (numbers[0] == 1 or numbers[0] - 1 in seen or numbers[0] in seen):
            continue
        # "(a) the number of responses;" restates a question; "(a) The contract started on
        # 1 September 2019." answers one.
        following = text[match.end() : match.end() + 1]
        again = numbers[0] in seen or len(numbers) > 1 or following.isupper()
        seen.update(numbers)
        markers.append((match.start(), match.end(), numbers, again))
    return markers


def block_of(blocks: list[Block], position: int) -> Block | None:
    for block in blocks:
        if block.start <= position < block.end:
            return block
    return None


def span_of(block: Block) -> Span:
    return block.start, block.end
