"""Sentences and clauses of a letter, found by bisection, for judging each citation in its own
clause (see ``application``)."""

from __future__ import annotations

import bisect
import re

from requests_app.letters import application_words as w
from requests_app.letters.model import Span

# Words further away than this from a citation do not govern it.
REACH = 2000


class Sentences:
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


def clause_of(text: str, sentence: Span, span: Span, others: list[Span]) -> Span:
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


def search(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    return pattern.search(text, start, end) if start < end else None


def within(regions: list[Span], starts: list[int], position: int) -> Span | None:
    index = bisect.bisect_right(starts, position) - 1
    # Regions may nest (a quoted line inside a quoted thread): look back a little.
    for region in regions[max(0, index - 20) : index + 1]:
        if region[0] <= position < region[1]:
            return region
    return None


def paragraph(text: str, span: Span) -> Span:
    low, high = max(0, span[0] - REACH), min(len(text), span[1] + REACH)
    end = text.find("\n\n", span[1], high)
    return text.rfind("\n\n", low, span[0]) + 1 or low, high if end == -1 else end
