"""The response-letter analyser (issue 7): the seed letter, a few corpus letters read in full,
the grammar of citations and its traps, outcomes, particulars and the offsets of spans."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from requests_app.law.exemptions import BY_CODE
from requests_app.letters import (
    MAX_LETTER_CHARS,
    UnreadableDocument,
    analyse_letter,
    extract_text,
)
from requests_app.letters.normalise import normalise

CORPUS = Path(__file__).resolve().parent / "corpus"
SEED = Path("/work/shared/seeds/002_10e580f5a6844f19.txt")


def letter(name: str) -> str:
    return (CORPUS / f"{name}.txt").read_text()


def codes(text: str, regime: str | None = None) -> list[str]:
    return analyse_letter(text, regime).codes


# --- The seed letter: Coventry City Council, FOI429836404 (issue 7's acceptance check) -----


@pytest.fixture(scope="module")
def seed():
    # The corpus keeps a byte-identical copy so the suite runs without the shared folder.
    text = SEED.read_text() if SEED.exists() else letter("01_coventry_s24")
    return text, analyse_letter(text)


def test_seed_letter_is_a_refusal_under_foia(seed):
    _, analysis = seed
    assert analysis.regime == "foia"
    assert analysis.outcome == "refused"


def test_seed_letter_cites_s24_1_with_a_public_interest_test(seed):
    text, analysis = seed
    (s24,) = analysis.exemptions
    assert s24.code == "foia-s24"
    assert s24.subsection == "24(1)"
    assert s24.cited_as == "Section 24(1) Safeguarding National Security"
    assert s24.public_interest_test is True
    assert s24.ncnd is False
    assert s24.questions == [1, 2]
    assert text[s24.span[0] : s24.span[1]] == "Section 24(1) Safeguarding National Security"
    assert all(text[a:b].startswith(("Section 24(1)", "Section 24(1)")) for a, b in s24.mentions)


def test_seed_letter_question_3_is_not_held_and_held_by_west_midlands_police(seed):
    text, analysis = seed
    assert {q.number: q.status for q in analysis.questions} == {
        1: "refused",
        2: "refused",
        3: "not_held",
    }
    (not_held,) = analysis.not_held
    assert not_held.questions == [3]
    assert not_held.held_by == "West Midlands Police"
    assert text[not_held.held_by_span[0] : not_held.held_by_span[1]] == "West Midlands Police"
    assert text[not_held.span[0] : not_held.span[1]] == "do not hold"


def test_seed_letter_particulars(seed):
    text, analysis = seed
    assert analysis.reference == "FOI429836404"
    assert analysis.date == datetime.date(2022, 7, 13)
    assert analysis.regulator == "ico"
    assert analysis.review_window is not None
    assert (analysis.review_window.amount, analysis.review_window.unit) == (40, "days")
    spans = analysis.spans
    assert text[slice(*spans["reference"])] == "FOI429836404"
    assert text[slice(*spans["date"])] == "13 July 2022"
    assert text[slice(*spans["review_window"])] == "within 40 days"


def test_seed_letter_to_dict_is_json_ready(seed):
    _, analysis = seed
    data = json.loads(json.dumps(analysis.to_dict()))
    assert data["date"] == "2022-07-13"
    assert data["exemptions"][0]["span"] == list(analysis.exemptions[0].span)
    assert set(data) >= {
        "regime",
        "outcome",
        "exemptions",
        "not_held",
        "reference",
        "date",
        "review_window",
        "regulator",
        "questions",
    }


# --- Corpus letters read in full ------------------------------------------------------------


def test_ncnd_police_letter_flags_every_citation_and_the_pit_only_where_qualified():
    analysis = analyse_letter(letter("07_foia_ncnd_police"))
    assert analysis.outcome == "ncnd"
    found = {f.code: f for f in analysis.exemptions}
    assert set(found) == {"foia-s23", "foia-s24", "foia-s30", "foia-s31"}
    assert all(f.ncnd for f in found.values())
    assert [f.subsection for f in found.values()] == ["23(5)", "24(2)", "30(3)", "31(3)"]
    # s23 is absolute (foi-law.md "Refusals"): no public interest test, whatever the letter says.
    assert not found["foia-s23"].public_interest_test
    assert found["foia-s24"].public_interest_test
    assert analysis.not_held == []  # "is or is not held" says nothing either way


def test_per_question_answers_with_exemptions_and_an_ncnd_part():
    analysis = analyse_letter(letter("37_foia_ncnd_partial_s40_5"))
    assert analysis.outcome == "partial"
    assert {q.number: q.status for q in analysis.questions} == {1: "answered", 2: "ncnd"}
    (s40,) = analysis.exemptions
    assert (s40.code, s40.subsection, s40.ncnd) == ("foia-s40", "40(5B)(a)(i)", True)


def test_table_of_answers_reads_each_row_as_a_question():
    analysis = analyse_letter(letter("15_foia_table_answers"))
    statuses = {q.number: q.status for q in analysis.questions}
    assert statuses == {1: "answered", 2: "answered", 3: "refused", 4: "refused"}
    assert analysis.question(3).exemptions == ["foia-s31"]
    assert analysis.outcome == "partial"


def test_eir_partial_with_commercial_confidentiality_and_personal_data():
    analysis = analyse_letter(letter("22_eir_partial_12_5_e_reg13"))
    assert analysis.regime == "eir"
    assert analysis.outcome == "partial"
    found = {f.code: f for f in analysis.exemptions}
    assert set(found) == {"eir-r12-5-e", "eir-r13"}
    assert found["eir-r12-5-e"].public_interest_test
    assert not found["eir-r13"].public_interest_test


def test_foisa_not_held_notice_names_the_body_that_holds_it():
    analysis = analyse_letter(letter("29_foisa_s17_not_held"))
    assert analysis.regime == "foisa"
    assert analysis.regulator == "sic"
    assert analysis.outcome == "not_held"
    # The s17 notice says "not held"; it is not an exemption applied (issue 16).
    assert analysis.codes == []
    assert analysis.not_held[0].held_by == "NHS Fife"


def test_eisr_letter_does_not_count_the_foisa_s39_gateway():
    analysis = analyse_letter(letter("33_eisr_partial_10_5_e"))
    assert analysis.regime == "eisr"
    assert sorted(analysis.codes) == ["eisr-r10-5-e", "eisr-r11"]


def test_ocr_noise_is_read_through():
    analysis = analyse_letter(letter("38_foia_ocr_scanned_refusal"))
    assert sorted(analysis.codes) == ["foia-s24", "foia-s31"]
    assert analysis.date == datetime.date(2023, 6, 14)
    assert analysis.reference == "WYP-FOI-2O23-4411"  # as written, for the user to correct


def test_procedural_grounds_are_codes():
    assert codes(letter("04_foia_s12_cost")) == ["foia-s12"]
    assert codes(letter("05_foia_s14_vexatious")) == ["foia-s14"]
    assert codes(letter("30_foisa_s12_cost")) == ["foisa-s12"]
    assert codes(letter("23_eir_manifestly_unreasonable")) == ["eir-r12-4-b"]


# --- The citation grammar -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "regime", "expected"),
    [
        (
            "It is exempt under sections 40(2) and 43(2) of the Act.",
            "foia",
            ["foia-s40", "foia-s43"],
        ),
        ("We rely on s.31(1)(a) and (b).", "foia", ["foia-s31"]),
        ("exempt under s21, s22 and s44 FOIA", "foia", ["foia-s21", "foia-s22", "foia-s44"]),
        ("withheld under section\n43(2) of the Freedom of Information Act", "foia", ["foia-s43"]),
        ("withheld under Sectlon 4O(2) of the Act", "foia", ["foia-s40"]),
        ("exempt under section 22A (research)", "foia", ["foia-s22A".lower()]),
        ("excepted under regulation 12(5)(e) of the EIR", "eir", ["eir-r12-5-e"]),
        ("| 3 | Withheld | 12(5)(e) |", "eir", ["eir-r12-5-e"]),
        ("the exception at 12(4)(b) applies", "eir", ["eir-r12-4-b"]),
        ("regulations 12(3) and 13", "eir", ["eir-r13"]),
        ("exempt under section 38(1)(b) of FOISA", "foisa", ["foisa-s38"]),
        ("withheld under regulation 10(5)(e) of the EISRs", "eisr", ["eisr-r10-5-e"]),
        (
            "sections 34(1)(a) (investigations) and 38(1)(b) (personal information) of FOISA",
            "foisa",
            ["foisa-s34", "foisa-s38"],
        ),
    ],
)
def test_citations_are_read(sentence, regime, expected):
    assert codes(sentence, regime) == expected


def test_subsections_are_kept_most_specific_first_mention_as_cited():
    analysis = analyse_letter(
        "The names are exempt under section 40(2) by virtue of section 40(3A)(a). "
        "The audit is exempt under s.31(1)(a) and (b).",
        "foia",
    )
    found = {f.code: f for f in analysis.exemptions}
    assert found["foia-s40"].subsection == "40(2), 40(3A)(a)"
    assert found["foia-s40"].cited_as == "section 40(2)"
    assert found["foia-s31"].subsection == "31(1)(a), 31(1)(b)"


def test_act_named_in_the_citation_wins_over_the_letters_regime():
    # A FOIA letter that deals with part of a request under the EIR.
    assert codes(
        "Part (a) is excepted under regulation 12(5)(e) of the EIR and part (b) is exempt "
        "under section 43(2) of the FOI Act.",
        "foia",
    ) == ["eir-r12-5-e", "foia-s43"]


@pytest.mark.parametrize(
    ("sentence", "regime"),
    [
        ("Section 1(1)(a) of the Act gives you the right to be told whether we hold it.", "foia"),
        ("This letter is a refusal notice under section 17 of the Act.", "foia"),
        ("We have followed the section 45 Code of Practice.", "foia"),
        ("You may complain to the Commissioner under section 50.", "foia"),
        ("Section 40 of the Data Protection Act 2018 does not apply.", "foia"),
        ("as defined by section 3(2) of the Data Protection Act 2018", "foia"),
        ("Section 35 DPA 2018 governs law enforcement processing.", "foia"),
        ("its disclosure is prohibited by section 23(1) of the CRCA", "foia"),
        ("an offence under section 19 of the Commissioners for Revenue and Customs Act", "foia"),
        ("Please ask for a review within 40 days.", "foia"),
        ("See page 24 and paragraph 43 of the report.", "foia"),
        ("The Council's 24 wards and 43 parishes.", "foia"),
        ("a lawful basis under Article 6(1)(f) of the UK GDPR", "foia"),
        ("Schedule 2, Part 1, paragraph 5 of the DPA 2018", "foia"),
        ("We will reply within 20 working days, 40 if the public interest test applies.", "foia"),
        ("You may make representations under regulation 11 within 40 working days.", "eir"),
        ("We extended the time under regulation 7 and advise under regulation 9.", "eir"),
        ("You may ask for a review under section 20; we reply under section 21.", "foisa"),
        ("You may apply to the Commissioner under section 47(1).", "foisa"),
    ],
)
def test_traps_are_not_exemptions(sentence, regime):
    assert codes(sentence, regime) == []


def test_a_quantity_after_a_citation_is_not_another_section():
    assert codes("exempt under section 43 and 12 months later", "foia") == ["foia-s43"]


def test_a_citation_considered_and_set_aside_is_not_cited():
    text = (
        "We considered whether section 43(2) of the Act applied. Having consulted the bidders, "
        "we concluded that it does not. Please find attached the scores."
    )
    analysis = analyse_letter(text, "foia")
    assert analysis.codes == []
    assert analysis.outcome == "granted"


@pytest.mark.parametrize(
    "sentence",
    [
        "We have decided not to apply section 36 and the report is attached.",
        "We do not consider that section 43(2) applies to the tender scores.",
        "We are not relying on section 40(2) for senior officers' names.",
    ],
)
def test_citations_expressly_not_applied_are_dropped(sentence):
    assert codes(sentence, "foia") == []


@pytest.mark.parametrize(
    ("text", "with_test"),
    [
        (
            "Section 36(2) is an absolute exemption. Section 35 is qualified and the public "
            "interest favours withholding.",
            ["foisa-s35"],
        ),
        ("Withheld under s38(1)(b). The public interest test favours it.", []),
        (
            "Section 33(1)(b) is not an absolute exemption; the public interest favours "
            "withholding.",
            ["foisa-s33"],
        ),
    ],
)
def test_public_interest_test_is_not_claimed_for_absolute_exemptions(text, with_test):
    analysis = analyse_letter(text, "foisa")
    assert [f.code for f in analysis.exemptions if f.public_interest_test] == with_test


def test_ncnd_subsection_marks_the_citation():
    analysis = analyse_letter("We rely on section 40(5) of the FOIA.", "foia")
    assert analysis.exemptions[0].ncnd is True
    assert analysis.outcome == "ncnd"


# --- Outcomes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("Please find attached the information you requested.", "granted"),
        ("The council spent £12,345 on consultants.", "granted"),
        (
            "Please find attached the emails. Names have been redacted under section 40(2).",
            "partial",
        ),
        ("The report is exempt under section 36(2)(b)(i) of the FOIA.", "refused"),
        ("The Council does not hold this information.", "not_held"),
        ("We can neither confirm nor deny that we hold the information.", "ncnd"),
        ("If we do not hold information we will tell you.", None),
        ("The report is exempt under section 35. Our complaints procedure is attached.", "refused"),
        ("(1) The gully cleaning schedule is attached.", "granted"),
        ("Thank you for your request.", None),
    ],
)
def test_outcome(text, outcome):
    assert analyse_letter(text, "foia").outcome == outcome


def test_refused_and_not_held_questions_make_a_refusal_answered_and_not_held_a_grant():
    refused = (
        "1. How many?\n\n2. How much?\n\n"
        "Question 1 is exempt under section 31(1)(a).\n\nQuestion 2: we do not hold this."
    )
    assert analyse_letter(refused, "foia").outcome == "refused"
    partial = "1. How many?\nThere were 45.\n\n2. How much?\nThis information is not held."
    analysis = analyse_letter(partial, "foia")
    assert {q.number: q.status for q in analysis.questions} == {1: "answered", 2: "not_held"}
    # What is not held is no refusal (tests/letters/corpus/README_h1.md): nothing was withheld.
    assert analysis.outcome == "granted"
    withheld = partial + "\n\n3. Who?\nThe names are exempt under section 40(2)."
    assert analyse_letter(withheld, "foia").outcome == "partial"


# --- Regime -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "regime"),
    [
        ("Freedom of Information Act 2000", "foia"),
        ("Environmental Information Regulations 2004", "eir"),
        ("Freedom of Information (Scotland) Act 2002", "foisa"),
        ("Environmental Information (Scotland) Regulations 2004", "eisr"),
        ("Request under FOI(S)A", "foisa"),
        ("Your request", "foia"),  # nothing named: the common case, FOIA
    ],
)
def test_regime_is_inferred_from_the_letter(heading, regime):
    analysis = analyse_letter(f"{heading}\n\nThank you for your request.")
    assert analysis.regime == regime
    assert analysis.regime_inferred


def test_regime_given_is_used():
    analysis = analyse_letter("Freedom of Information Act 2000", "foisa")
    assert (analysis.regime, analysis.regime_inferred) == ("foisa", False)


def test_unknown_regime_and_oversized_text_are_refused():
    with pytest.raises(ValueError):
        analyse_letter("text", "gdpr")
    with pytest.raises(ValueError):
        analyse_letter("x" * (MAX_LETTER_CHARS + 1))


# --- Particulars ------------------------------------------------------------------------------


def test_reference_skips_the_requesters_own():
    analysis = analyse_letter("Your ref: JM/14\nOur ref: IR 7733\n", "foia")
    assert analysis.reference == "IR 7733"


def test_date_prefers_the_labelled_date_to_the_request_date():
    text = "Thank you for your request of 1 June 2022.\nDate: 3 July 2022\n"
    assert analyse_letter(text, "foia").date == datetime.date(2022, 7, 3)
    assert analyse_letter("Sent: 03/04/2024 10:14\n", "foia").date == datetime.date(2024, 4, 3)


def test_review_window_is_the_requesters_not_the_authoritys():
    text = (
        "If you are unhappy you may ask for an internal review. We will respond to your review "
        "within 20 working days. Requests for review must be made within 2 calendar months."
    )
    window = analyse_letter(text, "foia").review_window
    assert window is not None
    assert (window.amount, window.unit) == (2, "months")


def test_regulator_named():
    assert analyse_letter("complain to the ICO", "foia").regulator == "ico"
    assert analyse_letter("the Scottish Information Commissioner", "foisa").regulator == "sic"
    assert analyse_letter("Yours sincerely", "foia").regulator is None


# --- Spans point into the text exactly as given ------------------------------------------------


def test_spans_survive_windows_line_endings_and_unicode():
    text = (
        "Our ref:\u00a0FOI\u2011123\r\nDate: 3 March 2023\r\n\r\n"
        "The information is exempt under \u00a7\u00a043(2) \u2013 commercial interests.\r\n"
    )
    analysis = analyse_letter(text, "foia")
    (finding,) = analysis.exemptions
    assert text[finding.span[0] : finding.span[1]].startswith("\u00a7\u00a043(2)")
    assert text[slice(*analysis.spans["reference"])] == "FOI\u2011123"
    assert analysis.reference == "FOI\u2011123"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400))
def test_normalise_keeps_every_offset(text):
    assert len(normalise(text)) == len(text)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "section 40(2)",
                " and ",
                "(b)",
                "regulation 12(5)(e)",
                "not held",
                "1. ",
                "\n",
                "\n\n",
                "public interest",
                "neither confirm nor deny",
                "Please find attached the information",
                "Ref: FOI/1",
                "within 40 working days",
                "review",
                "West Midlands Police may hold it",
                "12 July 2022",
                "O",
                "l",
                ".",
            ]
        ),
        max_size=40,
    )
)
def test_any_text_gives_spans_inside_it(pieces):
    text = "".join(pieces)
    analysis = analyse_letter(text)
    spans = [f.span for f in analysis.exemptions] + [f.span for f in analysis.not_held]
    spans += list(analysis.spans.values())
    assert all(0 <= a <= b <= len(text) for a, b in spans)
    assert all(code in BY_CODE for code in analysis.codes)


# --- Uploads ------------------------------------------------------------------------------------


def test_extract_text_from_docx_keeps_tables_in_order():
    document = docx.Document()
    document.add_paragraph("Our ref: X-1")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Question 1"
    table.cell(0, 1).text = "Exempt under s43(2)"
    document.add_paragraph("Yours sincerely")
    buffer = io.BytesIO()
    document.save(buffer)
    text = extract_text("letter.docx", buffer.getvalue())
    assert text.split("\n\n") == [
        "Our ref: X-1",
        "| Question 1 | Exempt under s43(2) |",
        "Yours sincerely",
    ]


def test_extract_text_decodes_windows_1252():
    assert extract_text("letter.txt", "Cost: \u00a3450".encode("cp1252")) == "Cost: \u00a3450"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("letter.pdf", b"not a pdf at all"),
        ("letter.docx", b"PK\x03\x04 broken zip"),
        ("photo.png", b"\x89PNG\r\n\x1a\n"),
        ("binary.bin", b"\x00\x01\x02"),
    ],
)
def test_extract_text_refuses_what_it_cannot_read(name, data):
    with pytest.raises(UnreadableDocument):
        extract_text(name, data)
