"""Benchmark: the response-letter analyser on real-sized and worst-case letters.

Times ``analyse_letter`` on the Coventry seed letter (6 KB), on every corpus letter in turn,
and on three 100,000-character inputs (the API's limit) built to stress the grammar: one
long run of citations, thousands of numbered questions, and thousands of paragraphs each
with a citation and a public-interest phrase. Pure Python: no database.

Run::

    .venv/bin/python bench/bench_letters.py --repeat 7
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from requests_app.letters import MAX_LETTER_CHARS, analyse_letter

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "letters" / "corpus"


def _median_ms(function, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    letters = [path.read_text() for path in sorted(CORPUS.glob("*.txt"))]
    seed = (CORPUS / "01_coventry_s24.txt").read_text()
    worst = {
        "citation run": "section 40(2), 41, 43(2) and (3) ",
        "numbered questions": "1. How many? There were 45.\n2. How much? Not held.\n",
        "paragraphs with citations": "Section 24(1) applies; the public interest test.\n\n",
    }
    seed_ms = _median_ms(lambda: analyse_letter(seed), args.repeat)
    print(f"seed letter ({len(seed)} chars): {seed_ms:.1f} ms")

    def whole_corpus():
        for text in letters:
            analyse_letter(text)

    total = _median_ms(whole_corpus, args.repeat)
    print(
        f"corpus ({len(letters)} letters): {total:.1f} ms, {total / len(letters):.1f} ms a letter"
    )
    for name, unit in worst.items():
        text = (unit * (MAX_LETTER_CHARS // len(unit) + 1))[:MAX_LETTER_CHARS]
        elapsed = _median_ms(lambda text=text: analyse_letter(text), max(1, args.repeat // 2))
        print(f"worst case, {name} ({len(text)} chars): {elapsed:.0f} ms")


if __name__ == "__main__":
    main()
