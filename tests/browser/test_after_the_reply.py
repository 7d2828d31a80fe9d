"""Issue 13 in a real browser: after the Coventry refusal arrives, nothing the analyser found
is lost, the third question starts a request to West Midlands Police, and the pages work at
desktop and phone (390 px) width.

The clock is Monday 15 August 2022, as in test_journeys.py.
"""

import datetime
import re
from pathlib import Path

import pytest
import time_machine

from tests import factories
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOW = datetime.datetime(2022, 8, 15, 9, 0, tzinfo=datetime.UTC)
COVENTRY = (Path(__file__).parents[1] / "letters/corpus/01_coventry_s24.txt").read_text()


@pytest.fixture
def world():
    with time_machine.travel(NOW, tick=True):
        owner = factories.UserFactory(username="amira")
        coventry = factories.AuthorityFactory(
            name="Coventry City Council", slug="coventry-city-council"
        )
        factories.AuthorityFactory(
            name="West Midlands Police", slug="west-midlands-police", authority_type="police"
        )
        from requests_app.services.requests import foi_request_create

        foi_request = foi_request_create(
            owner=owner,
            authority=coventry,
            title="Prevent referrals 2015-2021",
            text="1. The number of under-18s referred...\n2. Of these...\n3. Of these, how many "
            "were cautioned or arrested for terrorism related offences?",
            sent_on=datetime.date(2022, 6, 15),
            visibility="public",
        )
        yield {"owner": owner, "request": foi_request}


def sign_in(page, username="amira"):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My requests").wait_for()


def check_both_widths(page, name):
    """Screenshot and axe (and, at phone width, no sideways scroll): each test runs at both
    sizes (the ``viewport`` fixture of conftest.py)."""
    screenshot(page, f"13a-{name}")
    assert_accessible(page, name)


def test_the_coventry_letter_keeps_its_reference_and_its_third_question(new_page, world):
    foi_request = world["request"]
    page = new_page()
    sign_in(page)
    page.goto(f"/requests/{foi_request.pk}/")
    page.get_by_text("Record a response", exact=True).click()
    form = page.locator("#action-response")
    form.get_by_label("Text of the letter").fill(COVENTRY)
    form.get_by_role("button", name="Analyse the letter").click()
    page.get_by_text("We read the letter and filled in the form").wait_for()
    assert page.locator("#id_response-reference").input_value() == "FOI429836404"
    assert page.locator("#id_q-2-held_by").input_value() == "West Midlands Police"
    assert page.locator("#id_q-2-status").input_value() == "not_held"
    assert page.locator("#id_q-0-exemptions").input_value() == "s24(1)"
    check_both_widths(page, "response-analysed")
    page.locator("#action-response").get_by_role("button", name="Save").click()
    page.get_by_text("Response recorded").wait_for()

    # The reference is on the page and finds the request.
    assert "FOI429836404" in page.locator(".summary-list").inner_text()
    question = page.locator(".question-outcomes li", has_text="Question 3")
    assert "held by West Midlands Police" in question.inner_text()
    check_both_widths(page, "request-with-questions")
    page.goto("/?q=FOI429836404")
    assert page.get_by_role("link", name="Prevent referrals 2015-2021").is_visible()
    page.goto("/requests/?q=FOI429836404")  # the public browse and search
    assert page.get_by_role("link", name="Prevent referrals 2015-2021").is_visible()

    # "Ask West Midlands Police" starts the follow-up with the same question.
    page.goto(f"/requests/{foi_request.pk}/")
    page.get_by_role("link", name="Ask West Midlands Police").click()
    assert page.get_by_label("Public authority").input_value() == "West Midlands Police"
    assert (
        "how many were cautioned or arrested"
        in page.get_by_label("Text of your request").input_value()
    )
    check_both_widths(page, "follow-up-new-request")
    page.get_by_label("Date sent").fill("15/08/2022")
    page.get_by_role("button", name="Log the request").click()
    page.get_by_text("Request logged").wait_for()
    assert re.search(r"Question 3 of\s+Prevent referrals 2015-2021", page.inner_text("main"))
    page.get_by_role("link", name="Prevent referrals 2015-2021").click()
    assert page.get_by_text("Asked West Midlands Police:").is_visible()


def test_the_review_request_is_drafted_edited_and_downloaded(new_page, world):
    from requests_app.models import Exemption
    from requests_app.services.responses import CitationInput, response_record

    foi_request = world["request"]
    response_record(
        foi_request=foi_request,
        received_on=datetime.date(2022, 7, 13),
        kind="substantive",
        outcome="refused",
        reference="FOI429836404",
        letter_text=COVENTRY,
        citations=[
            CitationInput(Exemption.objects.get(code="foia-s24"), "Section 24(1)", "24(1)", True)
        ],
    )
    page = new_page()
    sign_in(page)
    page.goto(f"/requests/{foi_request.pk}/")
    page.get_by_role("link", name="Ask for an internal review: draft the letter").click()
    letter = page.get_by_label("Your letter")
    text = letter.input_value()
    for words in (
        "Your reference: FOI429836404",
        "your response of 13 July 2022",
        "section 24(1) (National security)",
        "I therefore expect your decision by 13 September 2022.",
    ):
        assert words in text
    page.get_by_role("button", name="Copy the letter").click()  # shown once the script runs
    page.get_by_role("status").filter(has_text=re.compile("Copied|selected")).wait_for()
    check_both_widths(page, "review-request-letter")
    letter.fill(text.replace("[your name]", "").replace("amira", "Amira Khan"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as text").click()
    saved = Path(download.value.path()).read_text()
    assert saved.rstrip().endswith("Amira Khan")  # the edited text, not the server's draft
    assert download.value.suggested_filename == f"review-request-{foi_request.pk}.txt"


def test_mistakes_are_corrected_from_the_request_page(new_page, world):
    from requests_app.services.responses import response_record
    from requests_app.services.reviews import review_record

    foi_request = world["request"]
    response_record(
        foi_request=foi_request,
        received_on=datetime.date(2022, 7, 13),
        kind="substantive",
        outcome="refused",
    )
    review_record(foi_request=foi_request, requested_on=datetime.date(2022, 7, 20))
    page = new_page()
    sign_in(page)
    page.goto(f"/requests/{foi_request.pk}/")

    page.get_by_role("link", name=re.compile("^Edit the request")).click()
    page.get_by_label("Title").fill("Prevent referrals 2015-2021 (corrected)")
    check_both_widths(page, "edit-request")
    page.get_by_role("button", name="Save the changes").click()
    page.get_by_role("heading", name="Prevent referrals 2015-2021 (corrected)").wait_for()

    page.get_by_role("link", name=re.compile("^Correct.*Substantive response")).click()
    page.get_by_label("Date of the letter").fill("20/07/2022")
    check_both_widths(page, "correct-response")
    page.get_by_role("button", name="Save the correction").click()
    page.get_by_text("The deadlines are recomputed").wait_for()
    review = page.get_by_role("row", name=re.compile("^Ask for an internal review by"))
    assert "16 Sep 2022" in review.inner_text()  # 40 WD after the corrected 20 July

    page.get_by_role("link", name=re.compile("^Delete.*Internal review")).click()
    check_both_widths(page, "delete-review")
    page.get_by_role("button", name="Delete it").click()
    page.get_by_text("Deleted: Internal review requested 20 Jul 2022").wait_for()

    page.locator("#action-withdraw summary").click()
    page.get_by_label("Date you withdrew the request").fill("15/08/2022")
    page.locator("#action-withdraw").get_by_role("button", name="Save").click()
    page.get_by_text("This request is closed").wait_for()
    table = page.get_by_role("table", name=re.compile("Deadlines")).inner_text()
    assert "passed" not in table and "no longer applies" in table
    assert "done 20 Jul, late" in table  # what happened stays true: the answer was late
    assert page.locator("details.action").count() == 0
    check_both_widths(page, "withdrawn-request")
