"""The drafted letters, from facts alone (no database): requests_app/drafting."""

import datetime

import pytest

from requests_app.drafting import (
    CitedExemption,
    LetterFacts,
    NotApplicable,
    QuestionFact,
    ReviewFact,
    draft_complaint,
    draft_review_request,
)
from requests_app.drafting.grounds import kind_of

D = datetime.date

# Coventry City Council's refusal FOI429836404 of 13 July 2022 (tests/letters/corpus/01), as
# recorded on Monday 15 August 2022.
COVENTRY = LetterFacts(
    regime="foia",
    authority="Coventry City Council",
    title="Prevent referrals 2015-2021",
    sent_on=D(2022, 6, 15),
    received_on=D(2022, 6, 15),
    today=D(2022, 8, 15),
    requester="Amira Khan",
    reference="FOI429836404",
    response_due=D(2022, 7, 14),
    response_on=D(2022, 7, 13),
    outcome="refused",
    citations=(
        CitedExemption(
            "foia-s24", "Section 24(1) Safeguarding National Security", "24(1)", True, False
        ),
    ),
    questions=(
        QuestionFact(1, "refused"),
        QuestionFact(2, "refused"),
        QuestionFact(3, "not_held", "West Midlands Police"),
    ),
    # FOIA s45 Code: 20 working days from Mon 15 Aug 2022, skipping 29 Aug (England).
    review_decision_due=D(2022, 9, 13),
    review_decision_basis="FOIA s45 Code of Practice (2018) Part 5: 20 working days",
)


def test_the_coventry_review_request_cites_the_refusal_and_the_decision_date():
    letter = draft_review_request(COVENTRY)
    assert letter.startswith("Coventry City Council\n\n15 August 2022\n")
    assert "Your reference: FOI429836404" in letter
    assert "your response of 13 July 2022 (your reference FOI429836404)" in letter
    assert "section 24(1) (National security), after a public interest test" in letter
    assert "This concerns questions 1 and 2 of my request." in letter
    assert "held by West Midlands Police; I am not asking you to review that" in letter
    # The ground of a qualified exemption applied after a test: the balance.
    assert "public interest in maintaining the exemption outweighs" in letter
    assert "(section 2(2)(b))" in letter
    # foi-law.md "Time limits": FOIA review decision due in 20 WD (s45 Code).
    assert "I therefore expect your decision by 13 September 2022." in letter
    assert "section 45 of the Act (2018, Part 5)" in letter
    assert letter.rstrip().endswith("Yours faithfully,\n\nAmira Khan")


@pytest.mark.parametrize(
    "citation, kind, words",
    [
        (CitedExemption("foia-s31", subsection="31(1)(a)"), "no_test", "records no public"),
        (CitedExemption("foia-s24", subsection="24(2)", ncnd=True), "ncnd", "neither confirmed"),
        (CitedExemption("foia-s12"), "cost", "did not offer advice and assistance"),
        (CitedExemption("foia-s40", subsection="40(2)"), "absolute", "exempt details removed"),
        (CitedExemption("foia-s14", subsection="14(1)"), "vexatious", "serious purpose"),
    ],
)
def test_each_kind_of_refusal_gets_its_grounds(citation, kind, words):
    assert kind_of(citation) == kind
    facts = LetterFacts(**{**COVENTRY.__dict__, "citations": (citation,), "questions": ()})
    assert words in draft_review_request(facts)


def test_cost_limit_with_advice_already_given_does_not_claim_it_was_missing():
    facts = LetterFacts(
        **{
            **COVENTRY.__dict__,
            "citations": (CitedExemption("foia-s12"),),
            "response_letter": "You may wish to refine your request to a single year.",
        }
    )
    letter = draft_review_request(facts)
    assert "breakdown of your estimate" in letter
    assert "did not offer advice and assistance" not in letter


def test_scottish_law_names_its_own_provisions():
    facts = LetterFacts(
        **{
            **COVENTRY.__dict__,
            "regime": "foisa",
            "authority": "Glasgow City Council",
            "citations": (CitedExemption("foisa-s35", subsection="35(1)(a)"),),
            "review_decision_due": D(2022, 9, 12),
        }
    )
    letter = draft_review_request(facts)
    assert "the Freedom of Information (Scotland) Act 2002" in letter
    assert "requirement for review under section 20" in letter
    assert "Section 21(1) of the Act" in letter and "12 September 2022" in letter
    assert "(section 2(1)(b))" in letter and "section 16(2)" in letter


def test_no_review_letter_before_a_refusal_or_a_missed_deadline():
    waiting = LetterFacts(
        **{**COVENTRY.__dict__, "response_on": None, "outcome": "", "citations": ()}
    )
    with pytest.raises(NotApplicable):
        draft_review_request(LetterFacts(**{**waiting.__dict__, "today": D(2022, 7, 1)}))
    late = draft_review_request(waiting)  # 15 Aug: due 14 Jul passed with no answer
    assert "required your response by 14 July 2022 and I have had none" in late
    with pytest.raises(NotApplicable):
        draft_review_request(LetterFacts(**{**COVENTRY.__dict__, "outcome": "granted"}))


def test_complaint_after_an_upheld_review_has_the_timeline():
    facts = LetterFacts(
        **{
            **COVENTRY.__dict__,
            "today": D(2022, 9, 20),
            "review": ReviewFact(D(2022, 8, 1), D(2022, 8, 26), "upheld", D(2022, 8, 29)),
            "complaint_deadline": D(2022, 10, 7),  # ICO: 6 weeks after 26 Aug
        }
    )
    letter = draft_complaint(facts)
    assert letter.startswith("Information Commissioner's Office\nWycliffe House")
    assert "Under section 50 of the Freedom of Information Act 2000" in letter
    story = letter.split("What happened")[1].split("Why I am dissatisfied")[0]
    assert story.index("15 June 2022: I sent my request.") < story.index("13 July 2022")
    assert "13 July 2022: The authority responded and refused it (reference FOI429836404)" in (
        story
    )
    assert "1 August 2022: I asked for an internal review." in story
    assert "26 August 2022: The review upheld the original decision." in story
    assert "the last day is 7 October 2022" in letter


def test_complaint_about_an_unanswered_review_and_to_the_sic():
    facts = LetterFacts(
        **{
            **COVENTRY.__dict__,
            "regime": "foisa",
            "authority": "Glasgow City Council",
            "citations": (),
            "today": D(2022, 9, 20),
            "review": ReviewFact(D(2022, 8, 1), None, "", D(2022, 8, 29), "FOISA s21(1)"),
        }
    )
    letter = draft_complaint(facts)
    assert letter.startswith("Scottish Information Commissioner\nKinburn Castle")
    assert "Application for a decision: Glasgow City Council" in letter
    assert "section 47(1) of the Freedom of Information (Scotland) Act 2002" in letter
    assert "29 August 2022: The review decision was due. None has come." in letter
    assert "has not decided my request for a review, which was due by 29 August 2022" in letter
    with pytest.raises(NotApplicable):
        draft_complaint(LetterFacts(**{**facts.__dict__, "today": D(2022, 8, 20)}))
    with pytest.raises(NotApplicable):
        draft_complaint(LetterFacts(**{**facts.__dict__, "review": None}))


def test_the_complaint_speaks_of_the_authority_not_to_it():
    facts = LetterFacts(
        **{
            **COVENTRY.__dict__,
            "today": D(2022, 9, 20),
            "citations": (*COVENTRY.citations, CitedExemption("foia-s12")),
            "review": ReviewFact(D(2022, 8, 1), D(2022, 8, 26), "upheld", D(2022, 8, 29)),
        }
    )
    letter = draft_complaint(facts)
    assert "The authority relied on section 24(1) (National security)" in letter
    assert "gave no advice and assistance to bring the request within the limit" in letter
    assert "You " not in letter
