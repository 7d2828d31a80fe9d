"""The third held-out letter set of issue 16 (now corpus letters h3_*) has labels a scorer
can trust.

This checks the labels' shape only, never the analyser: the set was written to measure the
analyser, so nothing here imports ``requests_app.letters`` (see corpus/README_h3.md). It was
scored blind once and then moved into the tuning corpus.
"""

from __future__ import annotations

import ast
import datetime
import json
from pathlib import Path

import pytest

from requests_app.law.exemptions import BY_CODE
from requests_app.law.regimes import RIGHT_OF_ACCESS_BEGAN, Regime

# Once held out (heldout3/), now tuning letters prefixed h3_ (corpus/README_h3.md).
CORPUS = Path(__file__).parent / "corpus"
LETTERS = sorted(CORPUS.glob("h3_*.txt"))
LABELS = sorted(CORPUS.glob("h3_*.json"))

# ``pit`` is left out only where the letter leaves it unclear (README: one FOISA s18 letter, 069).
REQUIRED = {"regime", "outcome", "codes", "not_held", "reference", "date", "ncnd"}
OPTIONAL = {"held_by", "questions", "pit"}
OUTCOMES = {"granted", "partial", "refused", "not_held", "ncnd"}
QUESTION_ANSWERS = {"granted", "partial", "refused", "not_held"}


def _label(letter: Path) -> dict:
    return json.loads(letter.with_suffix(".json").read_text(encoding="utf-8"))


def test_the_set_is_big_enough_and_covers_every_outcome_in_every_regime():
    assert len(LETTERS) >= 70
    seen = {(_label(p)["regime"], _label(p)["outcome"]) for p in LETTERS}
    missing = {(r.value, o) for r in Regime for o in OUTCOMES} - seen
    assert not missing


def test_every_label_has_its_letter_and_every_letter_its_label():
    assert [p.stem for p in LETTERS] == [p.stem for p in LABELS]


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
