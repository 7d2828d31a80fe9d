"""The analyser measured against labelled letters (issue 7, "Quality"; issue 16).

Each ``corpus/NN_name.txt`` letter has a ``NN_name.json`` label written by hand: the
outcome, the catalogue codes applied, whether something was not held, the reference and the
date (and, for some letters, per-question statuses, who holds what was not held, the review
window and the regulator). Exemption codes are scored as a set per letter, micro-averaged
over the letters. Run with ``-s`` to see the figures and every miss of the tuning corpus.

The corpus includes the four sets once held out (``h1_*`` from ``heldout/``, ``h2_*`` from
``heldout2/``, ``h3_*`` from ``heldout3/``, ``h4_*`` from ``heldout4/``;
``corpus/README_h1.md`` to ``README_h4.md``): they were scored blind, reported, and then moved
here to be tuned on. Their blind figures stay in docs/letter-analyser.md as history, and each is
still gated at its figure when it was moved (``FORMER_HELDOUT_GATES``), so that tuning on other
letters cannot lose what they had.

A future blind set goes in its own folder with its own entry in ``HELDOUT_GATES``: only
aggregate figures are printed for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from requests_app.law.exemptions import BY_CODE
from requests_app.letters import analyse_letter

CORPUS = Path(__file__).resolve().parent / "corpus"
LETTERS = Path(__file__).resolve().parent
MIN_PRECISION = 0.95
MIN_RECALL = 0.90
MIN_OUTCOME_ACCURACY = 0.90
# Issue 16's targets on a blind set: precision and recall 0.95, outcome 0.93, reference and
# date 0.95.
TARGETS = {"precision": 0.95, "recall": 0.95, "outcome": 0.93, "reference": 0.95, "date": 0.95}
# Blind sets in folders of their own, gated at the target where the analyser reached it and
# otherwise at what it honestly measured. heldout5/ (70 letters, scored once at 23:43 UTC on 3
# December 2026 after the sixth round): precision 0.985 (64/65), recall 0.985 (64/65), outcome
# 0.986 (69/70), reference 0.986, date 1.000: every figure at or above issue 16's targets, so
# gated at the targets.
HELDOUT_GATES: dict[str, dict[str, float]] = {"heldout5": TARGETS}
# The former held-out sets, now in the corpus. Measured at the move (3 December 2026, before
# any rule was tuned on them): h1_ precision 0.968, recall 0.909, outcome 0.960, reference
# 0.987, date 0.987; h2_ precision 0.918, recall 0.944, outcome 0.825, reference 0.900, date
# 1.000. After the third round both exceed issue 16's targets, which are now their floor (a
# regression gate, not an estimate: they are tuned on). h3_ (heldout3/, 80 letters) was scored
# blind once, at 19:57 UTC after the third round: precision 0.953, recall 0.931 (81 of 87
# codes), outcome 0.938 (75/80), reference 0.988, date 1.000; gated at the targets, recall at
# that measure. h4_ (heldout4/, 64 letters) was scored blind once, at 20:22 UTC after the fourth
# round: precision 0.937 (59/63), recall 0.908 (59/65), outcome 0.906 (58/64), reference 0.969,
# date 1.000; gated at those measures (rounded down) at the move, and at the targets once the
# fifth round reached them (a tuned-on floor, not an estimate).
FORMER_HELDOUT_GATES = {
    "h1_": TARGETS,
    "h2_": TARGETS,
    "h3_": {**TARGETS, "recall": 0.931},
    "h4_": TARGETS,
}
# Not in the gate, but a form pre-filled with a wrong reference or date is worse
# than an empty one.
MIN_PARTICULARS_ACCURACY = 0.90
OUTCOMES = {"granted", "partial", "refused", "not_held", "ncnd"}


def corpus(folder: Path = CORPUS) -> list[tuple[str, str, dict]]:
    letters = []
    for path in sorted(folder.glob("*.txt")):
        label = json.loads(path.with_suffix(".json").read_text())
        letters.append((path.stem, path.read_text(), label))
    return letters


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    outcome_right: int = 0
    letters: int = 0
    particulars_right: dict[str, int] = field(default_factory=dict)
    particulars_total: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positive + self.false_negative
        return self.true_positive / expected if expected else 1.0

    @property
    def outcome_accuracy(self) -> float:
        return self.outcome_right / self.letters

    def accuracy(self, name: str) -> float:
        return self.particulars_right.get(name, 0) / self.particulars_total[name]

    def check(self, name: str, letter: str, expected, got) -> None:
        self.particulars_total[name] = self.particulars_total.get(name, 0) + 1
        if expected == got:
            self.particulars_right[name] = self.particulars_right.get(name, 0) + 1
        else:
            self.misses.append(f"{letter}: {name} expected {expected!r}, got {got!r}")


def evaluate(letters: list[tuple[str, str, dict]] | None = None) -> Score:
    score = Score()
    for name, text, label in corpus() if letters is None else letters:
        analysis = analyse_letter(text)
        expected, found = set(label["codes"]), set(analysis.codes)
        score.true_positive += len(expected & found)
        score.false_positive += len(found - expected)
        score.false_negative += len(expected - found)
        if expected != found:
            missing, extra = sorted(expected - found), sorted(found - expected)
            score.misses.append(f"{name}: codes missing {missing}, extra {extra}")
        score.letters += 1
        if analysis.outcome == label["outcome"]:
            score.outcome_right += 1
        else:
            score.misses.append(f"{name}: outcome {label['outcome']!r}, got {analysis.outcome!r}")
        score.check("regime", name, label["regime"], analysis.regime)
        score.check("not_held", name, label["not_held"], bool(analysis.not_held))
        score.check("reference", name, label["reference"], analysis.reference)
        date = analysis.date.isoformat() if analysis.date else None
        score.check("date", name, label["date"], date)
        if "review_window" in label:
            window = analysis.review_window
            got_window = {"amount": window.amount, "unit": window.unit} if window else None
            score.check("review_window", name, label["review_window"], got_window)
        if "regulator" in label:
            score.check("regulator", name, label["regulator"], analysis.regulator)
        if "held_by" in label:
            # A label may list several right answers ("Marine Directorate" and "Scottish
            # Government's Marine Directorate" name the same body).
            accepted = (
                label["held_by"] if isinstance(label["held_by"], list) else [label["held_by"]]
            )
            holders = [f.held_by for f in analysis.not_held if f.held_by]
            holder = holders[0] if holders else None
            score.check("held_by", name, accepted[0], accepted[0] if holder in accepted else holder)
        if "questions" in label:
            # The held-out labels call an answered question "granted".
            statuses = {
                str(q.number): ("granted" if q.status == "answered" else q.status)
                for q in analysis.questions
            }
            if "answered" in label["questions"].values():
                statuses = {k: ("answered" if v == "granted" else v) for k, v in statuses.items()}
            score.check("questions", name, label["questions"], statuses)
        by_code = {f.code: f for f in analysis.exemptions}
        if "pit" in label:
            with_pit = sorted(c for c in expected & found if by_code[c].public_interest_test)
            score.check("pit", name, sorted(set(label["pit"]) & found), with_pit)
        if "ncnd" in label:
            with_ncnd = sorted(c for c in expected & found if by_code[c].ncnd)
            score.check("ncnd", name, sorted(set(label["ncnd"]) & found), with_ncnd)
    return score


def test_labels_are_well_formed():
    letters = corpus()
    assert len(letters) >= 30
    regimes = {label["regime"] for _, _, label in letters}
    assert regimes == {"foia", "eir", "foisa", "eisr"}
    assert {label["outcome"] for _, _, label in letters} == OUTCOMES
    for name, text, label in letters:
        assert label["outcome"] in OUTCOMES, name
        assert all(code in BY_CODE for code in label["codes"]), name
        assert text.strip(), name


def test_corpus_precision_recall_and_outcome_accuracy():
    score = evaluate()
    print(
        f"\nletter analyser over {score.letters} letters: "
        f"exemption codes precision {score.precision:.3f} recall {score.recall:.3f} "
        f"(TP {score.true_positive}, FP {score.false_positive}, FN {score.false_negative}); "
        f"outcome accuracy {score.outcome_accuracy:.3f}"
    )
    for name in sorted(score.particulars_total):
        print(
            f"  {name}: {score.accuracy(name):.3f} "
            f"({score.particulars_right.get(name, 0)}/{score.particulars_total[name]})"
        )
    for miss in score.misses:
        print("  miss:", miss)
    assert score.precision >= MIN_PRECISION
    assert score.recall >= MIN_RECALL
    assert score.outcome_accuracy >= MIN_OUTCOME_ACCURACY


@pytest.mark.parametrize("name", ["reference", "date", "regime"])
def test_particulars_accuracy(name):
    score = evaluate()
    assert score.accuracy(name) >= MIN_PARTICULARS_ACCURACY, [
        m for m in score.misses if f": {name} " in m
    ]


def _print_figures(title: str, score: Score) -> None:
    print(
        f"\n{title} over {score.letters} letters: "
        f"exemption codes precision {score.precision:.3f} recall {score.recall:.3f} "
        f"(TP {score.true_positive}, FP {score.false_positive}, FN {score.false_negative}); "
        f"outcome accuracy {score.outcome_accuracy:.3f} ({score.outcome_right}/{score.letters})"
    )
    for name in sorted(score.particulars_total):
        print(
            f"  {name}: {score.accuracy(name):.3f} "
            f"({score.particulars_right.get(name, 0)}/{score.particulars_total[name]})"
        )


def _figures(score: Score) -> dict[str, float]:
    return {
        "precision": score.precision,
        "recall": score.recall,
        "outcome": score.outcome_accuracy,
        "reference": score.accuracy("reference"),
        "date": score.accuracy("date"),
    }


@pytest.mark.parametrize("prefix", sorted(FORMER_HELDOUT_GATES))
def test_former_heldout_letters_keep_their_figures(prefix):
    letters = [letter for letter in corpus() if letter[0].startswith(prefix)]
    assert len(letters) >= 60
    score = evaluate(letters)
    _print_figures(f"former held-out letters ({prefix}*)", score)
    figures, gates = _figures(score), FORMER_HELDOUT_GATES[prefix]
    below = {name: round(figures[name], 3) for name, gate in gates.items() if figures[name] < gate}
    assert not below, f"figures below their gate: {below}"


@pytest.mark.parametrize("folder", sorted(HELDOUT_GATES))
def test_heldout_labels_are_well_formed(folder):
    letters = corpus(LETTERS / folder)
    assert len(letters) >= 60
    assert {label["regime"] for _, _, label in letters} == {"foia", "eir", "foisa", "eisr"}
    assert {label["outcome"] for _, _, label in letters} == OUTCOMES
    for name, _, label in letters:
        assert all(code in BY_CODE for code in label["codes"]), name


@pytest.mark.parametrize("folder", sorted(HELDOUT_GATES))
def test_heldout_letters_hold_their_measured_figures(folder):
    """The honest estimate: letters no rule was tuned on. Aggregates only, never the misses
    (reading them would be tuning on the held-out set)."""
    score = evaluate(corpus(LETTERS / folder))
    _print_figures(f"held-out letters ({folder})", score)
    figures, gates = _figures(score), HELDOUT_GATES[folder]
    below = {name: round(figures[name], 3) for name, gate in gates.items() if figures[name] < gate}
    assert not below, f"held-out figures below their gate: {below}"
