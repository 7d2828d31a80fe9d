"""The request and chaser emails, from facts alone (no database)."""

import dataclasses
import datetime

import pytest

from requests_app.drafting import (
    LetterFacts,
    NotApplicable,
    draft_chaser,
    draft_request,
    reply_subject,
    request_subject,
)

D = datetime.date

REQUEST = LetterFacts(
    regime="foia",
    authority="Coventry City Council",
    title="Prevent referrals 2015-2021",
    sent_on=D(2022, 6, 15),
    received_on=D(2022, 6, 15),
    today=D(2022, 6, 15),
    requester="Amira Khan",
    request_text="Please provide the number of people under 18 referred to Prevent, by year.",
    response_due=D(2022, 7, 13),
)


@pytest.mark.parametrize(
    ("regime", "right", "limit"),
    [
        ("foia", "section 1(1) of the Freedom of Information Act 2000", "section 10(1)"),
        (
            "eir",
            "regulation 5(1) of the Environmental Information Regulations 2004",
            "regulation 5(2)",
        ),
        (
            "foisa",
            "section 1(1) of the Freedom of Information (Scotland) Act 2002",
            "section 10(1)",
        ),
        (
            "eisr",
            "regulation 5(1) of the Environmental Information (Scotland) Regulations 2004",
            "regulation 5(2)(a)",
        ),
    ],
)
def test_the_request_cites_the_right_of_access_and_time_limit_of_its_law(regime, right, limit):
    letter = draft_request(dataclasses.replace(REQUEST, regime=regime))
    assert f"I am writing to request information under {right}." in letter
    assert f"Under {limit}" in letter
    assert "no later than the twentieth working day" in letter


def test_the_request_carries_the_question_and_the_name_s8_asks_for():
    letter = draft_request(REQUEST)
    assert letter.startswith("Dear Coventry City Council,\n")
    assert "referred to Prevent, by year." in letter
    assert letter.endswith("Yours faithfully,\n\nAmira Khan\n")
    assert "my address for correspondence" in letter


def test_a_request_with_no_question_is_not_drafted():
    with pytest.raises(NotApplicable, match="no question"):
        draft_request(dataclasses.replace(REQUEST, request_text="  "))


def test_subjects_name_the_law_and_follow_ups_take_one_re():
    assert request_subject("eir", "Air quality") == "Environmental Information request: Air quality"
    assert reply_subject("FOI request: X") == "Re: FOI request: X"
    assert reply_subject("Re: FOI request: X") == "Re: FOI request: X"
    assert reply_subject("RE: FOI request: X") == "RE: FOI request: X"


def test_the_chaser_names_the_missed_date_and_its_provision():
    late = dataclasses.replace(REQUEST, today=D(2022, 7, 20), reference="FOI429836404")
    letter = draft_chaser(late)
    assert (
        "On 15 June 2022 I asked you for information under the Freedom of Information Act" in letter
    )
    assert "(your reference FOI429836404)" in letter
    assert "Under section 10(1) of the Act your response was due by 13 July 2022." in letter
    scottish = draft_chaser(dataclasses.replace(late, regime="eisr"))
    assert "Under regulation 5(2)(a) your response was due" in scottish


def test_no_chaser_before_the_deadline_passes_or_after_an_answer():
    with pytest.raises(NotApplicable, match="not overdue"):
        draft_chaser(dataclasses.replace(REQUEST, today=D(2022, 7, 13)))
    with pytest.raises(NotApplicable, match="responded"):
        draft_chaser(dataclasses.replace(REQUEST, today=D(2022, 7, 20), response_on=D(2022, 7, 19)))
