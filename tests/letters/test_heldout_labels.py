"""The labelled letter sets written blind for issue 16 have labels a scorer can trust: the
second, third and fourth (each scored once, now corpus letters h2_*, h3_* and h4_*) and the
fifth, scored once and still held out in heldout5/; a future blind set gets its entry in
``SETS`` when it lands.

This checks the labels' shape only, never the analyser: the sets exist to measure the
analyser, so nothing here may import ``requests_app.letters`` (see corpus/README_h2.md,
corpus/README_h3.md, corpus/README_h4.md and heldout5/README.md).
"""

from __future__ import annotations

import ast
import datetime
import json
from pathlib import Path

import pytest

from requests_app.law.exemptions import BY_CODE
from requests_app.law.regimes import RIGHT_OF_ACCESS_BEGAN, Regime

HERE = Path(__file__).parent
# Each set: its letters and how many it must hold. The once-held-out sets keep their prefix in
# the tuning corpus.
SETS = {
    "h2": (HERE / "corpus", "h2_*", 70),
    "h3": (HERE / "corpus", "h3_*", 70),
    "h4": (HERE / "corpus", "h4_*", 60),
    "heldout5": (HERE / "heldout5", "*", 60),
}


def _files(name: str, suffix: str) -> list[Path]:
    folder, pattern, _ = SETS[name]
    return sorted(folder.glob(pattern + suffix))


LETTERS = [letter for name in SETS for letter in _files(name, ".txt")]

# ``pit`` is left out only where the letter leaves it unclear (READMEs: one FOISA s18 letter in
# each set, h3_069 and h4_054).
REQUIRED = {"regime", "outcome", "codes", "not_held", "reference", "date", "ncnd"}
OPTIONAL = {"held_by", "questions", "pit"}
OUTCOMES = {"granted", "partial", "refused", "not_held", "ncnd"}
QUESTION_ANSWERS = {"granted", "partial", "refused", "not_held"}


def _label(letter: Path) -> dict:
    return json.loads(letter.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SETS))
def test_the_set_is_big_enough_and_covers_every_outcome_in_every_regime(name):
    letters = _files(name, ".txt")
    assert len(letters) >= SETS[name][2]
    seen = {(_label(p)["regime"], _label(p)["outcome"]) for p in letters}
    missing = {(r.value, o) for r in Regime for o in OUTCOMES} - seen
    assert not missing


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_label_has_its_letter_and_every_letter_its_label(name):
    letters, labels = _files(name, ".txt"), _files(name, ".json")
    assert [p.stem for p in letters] == [p.stem for p in labels]


@pytest.mark.parametrize("letter", LETTERS, ids=lambda p: p.stem)
def test_label_is_well_formed(letter: Path):
    label = _label(letter)
    text = letter.read_text(encoding="utf-8")

    assert label.keys() >= REQUIRED, f"missing keys: {REQUIRED - label.keys()}"
    assert label.keys() <= REQUIRED | OPTIONAL, (
        f"unknown keys: {label.keys() - REQUIRED - OPTIONAL}"
    )

    regime = Regime(label["regime"])
    assert label["outcome"] in OUTCOMES
    assert isinstance(label["not_held"], bool)

    # Codes are the catalogue's, of the regime the letter was answered under, listed once each.
    for key in ("codes", "pit", "ncnd"):
        codes = label.get(key, [])
        assert isinstance(codes, list)
        assert len(codes) == len(set(codes)), f"{key} repeats a code"
        for code in codes:
            assert code in BY_CODE, f"{code} is not in the exemption catalogue"
            assert BY_CODE[code].regime == regime, f"{code} is not a {regime} code"
    # A public interest test or an NCND stance is always about an exemption that was applied.
    assert set(label.get("pit", [])) <= set(label["codes"])
    assert set(label["ncnd"]) <= set(label["codes"])

    # The outcome and the flags must agree with each other.
    if label["outcome"] == "ncnd":
        assert label["ncnd"], "an NCND letter names the exemption behind it"
    if label["outcome"] == "not_held":
        assert label["not_held"]
    if label["outcome"] in ("refused", "partial"):
        assert label["codes"], "a refusal names what it was refused under"
    if label["outcome"] == "granted":
        assert not label["codes"] and not label["not_held"]

    # The reference is copied exactly from the letter, OCR slips included.
    assert label["reference"] and label["reference"] in text

    date = datetime.date.fromisoformat(label["date"])
    assert label["date"] == date.isoformat()
    assert RIGHT_OF_ACCESS_BEGAN <= date <= datetime.date(2025, 12, 31)

    if "held_by" in label:
        assert label["held_by"] and label["not_held"]
    if "questions" in label:
        answers = label["questions"]
        assert answers, "questions is given only when there are numbered questions"
        assert list(answers) == [str(n) for n in range(1, len(answers) + 1)]
        assert set(answers.values()) <= QUESTION_ANSWERS
        assert label["not_held"] == ("not_held" in answers.values())


def test_nothing_here_imports_the_analyser():
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.startswith("requests_app.letters") for name in imported)
