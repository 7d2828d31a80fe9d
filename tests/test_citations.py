"""Citations as written in refusal letters, resolved against the catalogue.

The catalogue is shared/foi-law.md "Refusals"; the spellings are those of real letters (the
Coventry City Council refusal in shared/seeds/002_10e580f5a6844f19.txt cites "Section 24(1)").
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from requests_app.law.citations import (
    MAX_CITATION_LENGTH,
    MAX_SUBSECTION_LENGTH,
    CitationError,
    parse_citation,
)
from requests_app.law.exemptions import CATALOGUE
from requests_app.models import ExemptionCitation


@pytest.mark.parametrize(
    ("text", "regime", "code", "section", "subsection"),
    [
        ("s24(1)", "foia", "foia-s24", "24", "24(1)"),
        ("section 24(1)", "foia", "foia-s24", "24", "24(1)"),
        ("Section 24(1)", "foia", "foia-s24", "24", "24(1)"),
        ("Section 24(1) Safeguarding National Security", "foia", "foia-s24", "24", "24(1)"),
        ("Section 24(1) FOIA", "foia", "foia-s24", "24", "24(1)"),
        ("section 24(1) of the Freedom of Information Act 2000", "foia", "foia-s24", "24", "24(1)"),
        ("Section 40(2)", "foia", "foia-s40", "40", "40(2)"),
        ("S40", "foia", "foia-s40", "40", ""),
        ("s 40 (2)", "foia", "foia-s40", "40", "40(2)"),
        ("s.38(1)(b)", "foia", "foia-s38", "38", "38(1)(b)"),
        ("ss.38(1)(a)", "foia", "foia-s38", "38", "38(1)(a)"),
        ("section 22a", "foia", "foia-s22a", "22A", ""),
        ("s14(1)", "foia", "foia-s14", "14", "14(1)"),
        ("s12", "foia", "foia-s12", "12", ""),
        ("43(2)", "foia", "foia-s43", "43", "43(2)"),
        ("regulation 12(5)(e)", "eir", "eir-r12-5-e", "12(5)(e)", ""),
        ("Regulation 12(5)(e)(i)", "eir", "eir-r12-5-e", "12(5)(e)", "12(5)(e)(i)"),
        ("reg 13", "eir", "eir-r13", "13", ""),
        ("Reg. 12(4)(a)", "eir", "eir-r12-4-a", "12(4)(a)", ""),
        ("reg 13(1)", "eir", "eir-r13", "13", "13(1)"),
        ("EIR 12(5)(e)", "eir", "eir-r12-5-e", "12(5)(e)", ""),
        ("12(5)(e) EIR", "eir", "eir-r12-5-e", "12(5)(e)", ""),
        (
            "regulation 12 (5) (b) of the Environmental Information Regulations 2004",
            "eir",
            "eir-r12-5-b",
            "12(5)(b)",
            "",
        ),
        # EIR letters sometimes say "section"; the regime still decides which catalogue.
        ("section 12(4)(b)", "eir", "eir-r12-4-b", "12(4)(b)", ""),
        ("s38(1)(b)", "foisa", "foisa-s38", "38", "38(1)(b)"),
        ("FOISA s30(c)", "foisa", "foisa-s30", "30", "30(c)"),
        ("section 17 FOI(S)A", "foisa", "foisa-s17", "17", ""),
        ("regulation 10(5)(e)", "eisr", "eisr-r10-5-e", "10(5)(e)", ""),
        ("reg 11", "eisr", "eisr-r11", "11", ""),
    ],
)
def test_citations_as_written_in_letters(text, regime, code, section, subsection):
    parsed = parse_citation(text, regime)
    assert (parsed.code, parsed.section, parsed.subsection) == (code, section, subsection)
    assert parsed.cited_as == " ".join(text.split())
    assert parsed.entry.regime.value == regime


def test_every_catalogue_entry_parses_from_its_own_section():
    for entry in CATALOGUE:
        word = "regulation" if entry.regime.value in {"eir", "eisr"} else "section"
        assert parse_citation(f"{word} {entry.section}", entry.regime).code == entry.code


@pytest.mark.parametrize(
    ("text", "regime", "reason"),
    [
        (
            "s25",
            "foia",
            "section 25 is not in the catalogue of the Freedom of Information Act 2000",
        ),
        ("section 99(1)", "foia", "section 99 is not in the catalogue"),
        ("s40", "foisa", None),  # FOISA s40 exists (audit): must NOT raise; checked below
        ("reg 13", "foia", "cites a regulation but the Freedom of Information Act 2000 is an Act"),
        ("regulation 12(5)", "eir", "12(5) is not specific enough"),
        ("regulation 12", "eir", "not specific enough"),
        ("EIR 12(5)(e)", "foia", "cites the Environmental Information Regulations 2004 but"),
        ("s24(1) FOISA", "foia", "cites the Freedom of Information (Scotland) Act 2002"),
        ("national security", "foia", "not a recognisable citation"),
        ("s24 and s31", "foia", "not a recognisable citation"),
        ("section 24(1) of the Terrorism Act 2000", "foia", "not a recognisable citation"),
        ("", "foia", "empty"),
        ("s1(1)(a)", "foia", "not_held"),
    ],
)
def test_unknown_citations_raise_an_error_naming_them(text, regime, reason):
    if reason is None:
        assert parse_citation(text, regime).code == "foisa-s40"
        return
    with pytest.raises(CitationError) as caught:
        parse_citation(text, regime)
    assert reason in str(caught.value)
    assert caught.value.citation == " ".join(text.split()) or not text
    if text:
        assert repr(" ".join(text.split())) in str(caught.value)


def test_overlong_citation_is_refused():
    with pytest.raises(CitationError, match="at most 255 characters"):
        parse_citation("s24 " + "a" * 300, "foia")


@pytest.mark.parametrize(
    "text",
    [
        "s24(1)(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)(n)(o)(p)",  # the reviewer's 500
        "s36(2)(b)(ii)(a)(b)",
        "regulation 12(5)(e)(i)(a)(b)",
    ],
)
def test_an_implausibly_deep_path_is_refused_naming_the_citation(text):
    with pytest.raises(CitationError, match="levels below") as caught:
        parse_citation(text, "eir" if text.startswith("reg") else "foia")
    assert caught.value.citation == text


def test_the_deepest_provision_and_the_longest_path_accepted_still_fit_the_columns():
    # FOIA s36(2)(b)(ii) is the deepest real path (shared/foi-law.md "Refusals": 36(2)).
    assert parse_citation("section 36(2)(b)(ii)", "foia").subsection == "36(2)(b)(ii)"
    longest = parse_citation("s22A(abcde)(abcde)(abcde)(abcde)", "foia")
    assert len(longest.subsection) <= MAX_SUBSECTION_LENGTH
    fields = ExemptionCitation._meta
    assert fields.get_field("subsection").max_length == MAX_SUBSECTION_LENGTH
    assert fields.get_field("cited_as").max_length == MAX_CITATION_LENGTH


@given(
    st.lists(st.from_regex(r"\A[0-9a-z]{1,5}\Z"), max_size=12),
    st.text(alphabet=" ,()", max_size=8),
)
def test_whatever_path_is_cited_the_result_fits_the_columns(parts, noise):
    text = "section 24" + "".join(f"({p})" for p in parts) + noise
    try:
        parsed = parse_citation(text, "foia")
    except CitationError:
        return
    assert len(parsed.subsection) <= MAX_SUBSECTION_LENGTH
    assert len(parsed.cited_as) <= MAX_CITATION_LENGTH


def test_unknown_regime_is_a_programming_error():
    with pytest.raises(ValueError, match="'gdpr' is not a valid Regime"):
        parse_citation("s24", "gdpr")


@given(st.text(max_size=60), st.sampled_from(["foia", "eir", "foisa", "eisr"]))
def test_any_text_either_resolves_or_raises_citation_error(text, regime):
    try:
        parsed = parse_citation(text, regime)
    except CitationError:
        return
    assert parsed.entry.regime.value == regime
