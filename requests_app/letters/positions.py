"""Where things are in a letter: sentences, paragraphs, question blocks and citations,
each found by bisection so that no step of the analyser is quadratic in the letter's length."""

from __future__ import annotations

import bisect
import re

from requests_app.letters.mentions import Mention
from requests_app.letters.model import Span
from requests_app.letters.questions import Block

SENTENCE_END = re.compile(r"[.!?](?=\s)|\n[ ]*\n")

_PARAGRAPH_BREAK = re.compile(r"\n[ ]*\n")


class Paragraphs:
    """The letter's paragraphs, found by position in O(log n)."""

    def __init__(self, text: str):
        self.spans: list[Span] = []
        start = 0
        for brk in _PARAGRAPH_BREAK.finditer(text):
            self.spans.append((start, brk.start()))
            start = brk.end()
        self.spans.append((start, len(text)))
        self.starts = [span[0] for span in self.spans]

    def index(self, position: int) -> int:
        return max(0, bisect.bisect_right(self.starts, position) - 1)

    def context(self, position: int) -> tuple[int, ...]:
        """A paragraph, plus the next one when it is a heading ("Section 24(1) ...")."""
        index = self.index(position)
        start, end = self.spans[index]
        if end - start < 120 and index + 1 < len(self.spans):
            return index, index + 1
        return (index,)


class MentionIndex:
    """Mentions in order of position, with the ones inside a stretch found by bisection."""

    def __init__(self, mentions: list[Mention], ncnd_grounds: set[Span] | None = None):
        self.mentions = sorted(mentions, key=lambda m: m.span)
        # Spans of citations given as the ground for neither confirming nor denying.
        self.ncnd_grounds = ncnd_grounds or set()
        self.starts = [m.span[0] for m in self.mentions]

    def between(self, start: int, end: int) -> list[Mention]:
        low = bisect.bisect_left(self.starts, start)
        high = bisect.bisect_left(self.starts, end)
        return self.mentions[low:high]


def block_at(blocks: list[Block], block_starts: list[int], position: int) -> Block | None:
    index = bisect.bisect_right(block_starts, position) - 1
    if index >= 0 and blocks[index].start <= position < blocks[index].end:
        return blocks[index]
    return None
