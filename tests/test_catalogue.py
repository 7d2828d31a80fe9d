"""The exemption catalogue, checked entry by entry against shared/foi-law.md "Refusals".

The expected lists below are transcribed from the specification, not generated from the code,
so a missing, extra or misclassified entry in ``law/exemptions.py`` or in the data migration
fails here.
"""

import re

import pytest

from requests_app.law.exemptions import CATALOGUE, exemption_code
from requests_app.models import Exemption

A, Q, MIXED, P = "absolute", "qualified", "mixed", "procedural"

# foi-law.md "Refusals": FOIA Part II (A = absolute), then the procedural grounds s12 and s14.
# "Mixed" entries are absolute only in part (36: Houses of Parliament; 37(1)(a)-(ab); 40(1)):
# the catalogue must say which part in its note.
FOIA = {
    "12": P,
    "14": P,
    "21": A,
    "22": Q,
    "22A": Q,
    "23": A,
    "24": Q,
    "26": Q,
    "27": Q,
    "28": Q,
    "29": Q,
    "30": Q,
    "31": Q,
    "32": A,
    "33": Q,
    "34": A,
    "35": Q,
    "36": MIXED,
    "37": MIXED,
    "38": Q,
    "39": Q,
    "40": MIXED,
    "41": A,
    "42": Q,
    "43": Q,
    "44": A,
}

# foi-law.md: FOISA exemptions, then procedural s12, s14 and the s17 "not held" notice.
FOISA = {
    "12": P,
    "14": P,
    "17": P,
    "25": A,
    "26": A,
    "27": Q,
    "28": Q,
    "29": Q,
    "30": Q,
    "31": Q,
    "32": Q,
    "33": Q,
    "34": Q,
    "35": Q,
    "36": MIXED,
    "37": A,
    "38": MIXED,
    "39": Q,
    "40": Q,
    "41": Q,
}


def _regulations(exceptions_reg: str, personal_reg: str) -> list[str]:
    """EIR reg 12(4)(a)-(e), 12(5)(a)-(g), 13; EISR reg 10 and 11 "same shape as EIR"."""
    return (
        [f"{exceptions_reg}(4)({p})" for p in "abcde"]
        + [f"{exceptions_reg}(5)({p})" for p in "abcdefg"]
        + [personal_reg]
    )


EIR = _regulations("12", "13")
EISR = _regulations("10", "11")

EXPECTED_CODES = {
    "foia": {f"foia-s{s.lower()}" for s in FOIA},
    "foisa": {f"foisa-s{s}" for s in FOISA},
    "eir": {"eir-r" + "-".join(re.findall(r"\w+", s)) for s in EIR},
    "eisr": {"eisr-r" + "-".join(re.findall(r"\w+", s)) for s in EISR},
}


@pytest.fixture
def catalogue(db) -> dict[str, Exemption]:
    """The table the data migration loaded (not the Python list it loaded it from)."""
    return {e.code: e for e in Exemption.objects.all()}


@pytest.mark.parametrize("regime", ["foia", "eir", "foisa", "eisr"])
def test_every_entry_of_the_specification_is_loaded_and_nothing_else(catalogue, regime):
    loaded = {code for code, e in catalogue.items() if e.regime == regime}
    assert loaded == EXPECTED_CODES[regime], {
        "missing": EXPECTED_CODES[regime] - loaded,
        "unexpected": loaded - EXPECTED_CODES[regime],
    }


def test_the_table_matches_the_law_module_row_for_row(catalogue):
    assert len(catalogue) == len(CATALOGUE) == 26 + 13 + 20 + 13
    for entry in CATALOGUE:
        row = catalogue[entry.code]
        assert (row.regime, row.section, row.title, row.absolute, row.kind, row.note) == (
            entry.regime.value,
            entry.section,
            entry.title,
            entry.absolute,
            entry.kind.value,
            entry.note,
        )


@pytest.mark.parametrize(
    ("regime", "table"), [("foia", FOIA), ("foisa", FOISA)], ids=["foia", "foisa"]
)
def test_acts_absolute_qualified_and_procedural_as_specified(catalogue, regime, table):
    for section, nature in table.items():
        row = catalogue[exemption_code(regime, section)]
        assert row.section == section
        if nature == A:
            assert (row.absolute, row.kind) == (True, "exemption"), section
        elif nature == Q:
            assert (row.absolute, row.kind) == (False, "exemption"), section
        elif nature == P:
            assert row.kind == "procedural", section
        else:
            assert row.kind == "exemption"
            assert row.note, f"{regime} s{section} is absolute only in part: the note says which"


def test_s24_qualified_s23_and_s41_absolute(catalogue):
    # foi-law.md: "24 national security" (qualified); "23 security bodies (A)"; "41 ... (A)".
    assert catalogue["foia-s24"].qualified
    assert catalogue["foia-s24"].title == "National security"
    assert catalogue["foia-s23"].absolute
    assert catalogue["foia-s41"].absolute


@pytest.mark.parametrize(("regime", "sections"), [("eir", EIR), ("eisr", EISR)])
def test_regulations_are_exceptions_all_subject_to_the_public_interest_test(
    catalogue, regime, sections
):
    # foi-law.md: "All are subject to the public interest test."
    for section in sections:
        row = catalogue[exemption_code(regime, section)]
        assert (row.section, row.kind, row.absolute) == (section, "exception", False)


def test_not_held_is_an_eir_exception_but_a_foia_outcome(catalogue):
    # foi-law.md: 'Information not held (s1(1)(a)) is an outcome, not an exemption.'
    assert catalogue["eir-r12-4-a"].title == "Information not held"
    assert not any(e.regime == "foia" and "not held" in e.title.lower() for e in catalogue.values())


SLUG = {
    "foia": re.compile(r"^foia-s\d+[a-z]?$"),
    "foisa": re.compile(r"^foisa-s\d+[a-z]?$"),
    "eir": re.compile(r"^eir-r\d+(-\d+-[a-z])?$"),
    "eisr": re.compile(r"^eisr-r\d+(-\d+-[a-z])?$"),
}


def test_codes_are_unique_stable_slugs(catalogue):
    codes = [entry.code for entry in CATALOGUE]
    assert len(codes) == len(set(codes))
    for code, row in catalogue.items():
        assert SLUG[row.regime].match(code), code
    for code in ("foia-s24", "foia-s40", "foia-s12", "foia-s14", "foia-s22a"):
        assert code in catalogue
    for code in ("eir-r12-4-a", "eir-r12-5-e", "eir-r13", "foisa-s38", "eisr-r10-5-b"):
        assert code in catalogue


@pytest.mark.parametrize(
    ("regime", "section", "code"),
    [
        ("foia", "24", "foia-s24"),
        ("foia", "22A", "foia-s22a"),
        ("eir", "12(5)(e)", "eir-r12-5-e"),
        ("eir", "13", "eir-r13"),
        ("eisr", "10(5)(b)", "eisr-r10-5-b"),
        ("foisa", "38", "foisa-s38"),
    ],
)
def test_exemption_code(regime, section, code):
    assert exemption_code(regime, section) == code
